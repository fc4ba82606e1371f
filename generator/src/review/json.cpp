// The review as JSON for other tools (bots, dashboards): the same content as the
// Markdown, with stable keys (docs/commands.md describes them).

#include "review/review.hpp"

#include <nlohmann/json.hpp>

namespace strata::generator::review {
namespace {

using nlohmann::json;

json finding_json(const finding& f) {
    const rule& r = *f.raised_by;
    return json{{"rule", r.name},
                {"severity", to_string(r.level)},
                {"category", to_string(r.kind)},
                {"dialect", r.dialect.empty() ? json(nullptr) : json(r.dialect)},
                {"operation", f.operation},
                {"message", f.message},
                {"reason", r.reason},
                {"alternative", r.alternative},
                {"fix", f.fix},
                {"acknowledged", f.acknowledged ? json(*f.acknowledged) : json(nullptr)}};
}

json sql_json(const dialect_sql& d) {
    json steps = json::array();
    for (const auto& s : d.steps) {
        steps.push_back(json{
            {"operations", json{s.first, s.last}},
            {"statements", s.statements},
            {"rebuilt_table", s.rebuilt_table.empty() ? json(nullptr) : json(s.rebuilt_table)}});
    }
    return json{
        {"dialect", d.dialect},     {"before_begin", d.before_begin},
        {"steps", steps},           {"checks", d.checks},
        {"after_end", d.after_end}, {"error", d.error.empty() ? json(nullptr) : json(d.error)}};
}

} // namespace

std::string render_json(const review_report& report) {
    json revisions = json::array();
    for (const auto& r : report.revisions) {
        json operations = json::array();
        for (std::size_t i = 0; i < r.operations.size(); ++i) {
            operations.push_back(json{{"index", i},
                                      {"summary", describe(r.operations[i])},
                                      {"explained", r.explained[i]}});
        }
        json findings = json::array();
        for (const auto& f : r.findings) {
            findings.push_back(finding_json(f));
        }
        json sql = json::array();
        for (const auto& d : r.sql) {
            sql.push_back(sql_json(d));
        }
        revisions.push_back(
            json{{"id", r.file.id},
                 {"message", r.file.message},
                 {"file", r.file.file.filename().string()},
                 {"down_revisions", r.file.down_revisions},
                 {"transactional", r.transactional},
                 {"operations", operations},
                 {"downgrade", r.downgrade_unreadable.empty() ? json(r.downgrade) : json(nullptr)},
                 {"findings", findings},
                 {"sql", sql}});
    }
    return json{{"range", report.range_description},
                {"dialects", report.dialects},
                {"revisions", revisions}}
               .dump(2) +
           "\n";
}

} // namespace strata::generator::review
