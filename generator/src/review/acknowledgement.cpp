#include "review/acknowledgement.hpp"

#include "review/rules.hpp"

#include "strata/detail/text.hpp"
#include "strata/detail/tool_text.hpp"
#include "support/diagnostic.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <sstream>

namespace strata::generator::review {

std::vector<acknowledgement> read_acknowledgements(const std::filesystem::path& file,
                                                   const std::string& text) {
    static constexpr std::string_view marker = "strata:lint-ack";
    std::vector<acknowledgement> found;
    std::istringstream lines(text);
    unsigned number = 0;
    for (std::string line; std::getline(lines, line);) {
        ++number;
        const auto comment = line.find("//");
        const auto at = line.find(marker);
        if (comment == std::string::npos || at == std::string::npos || at < comment) {
            continue;
        }
        const auto column = static_cast<unsigned>(at + 1);
        std::istringstream words(line.substr(at + marker.size()));
        acknowledgement ack;
        ack.line = number;
        words >> ack.rule;
        std::getline(words, ack.reason);
        ack.reason = std::string(strata::detail::trim(ack.reason));
        if (find_rule(ack.rule) == nullptr) {
            throw diagnostic_error({diagnostic{
                {file, number, column},
                ack.rule.empty() ? std::string("strata:lint-ack names no rule")
                                 : fmt::format("strata:lint-ack names unknown rule '{}'", ack.rule),
                {ack.rule.empty() ? "write `// strata:lint-ack <rule> <reason>`"
                                  : fmt::format("did you mean '{}'?",
                                                strata::closest_match(ack.rule, rule_names()))}}});
        }
        if (ack.reason.empty()) {
            throw diagnostic_error({diagnostic{
                {file, number, column},
                fmt::format("strata:lint-ack {} gives no reason", ack.rule),
                {"say why the change is safe, e.g. `// strata:lint-ack drop-table sessions are "
                 "recreated on login`; reviewers read it in the PR"}}});
        }
        found.push_back(std::move(ack));
    }
    return found;
}

std::map<std::size_t, std::string> read_declared_existing_rows(const std::string& text,
                                                               const std::vector<unsigned>& lines) {
    std::vector<std::string_view> all;
    for (std::size_t start = 0; start <= text.size();) {
        const auto end = std::min(text.find('\n', start), text.size());
        all.push_back(std::string_view(text).substr(start, end - start));
        start = end + 1;
    }
    static constexpr std::string_view marker = "declared existing_rows = \"";
    std::map<std::size_t, std::string> declared;
    for (std::size_t op = 0; op < lines.size(); ++op) {
        // The comment lines right above the operation, nearest first.
        for (std::size_t line = lines[op] - 1; line >= 1 && line <= all.size(); --line) {
            const std::string_view content = strata::detail::trim(all[line - 1]);
            if (!content.starts_with("//")) {
                break;
            }
            if (const auto at = content.find(marker); at != std::string_view::npos) {
                const auto value = content.substr(at + marker.size());
                declared[op] = std::string(value.substr(0, value.find('"')));
                break;
            }
        }
    }
    return declared;
}

} // namespace strata::generator::review
