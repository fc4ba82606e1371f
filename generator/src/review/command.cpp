#include "review/command.hpp"

#include "support/diagnostic.hpp"

#include <fmt/format.h>
#include <ostream>

namespace strata::generator::review {

int review_command(const review_request& request, const std::string& format, std::ostream& out) {
    if (format != "markdown" && format != "json") {
        throw usage_error(fmt::format("unknown --format '{}'; use markdown or json", format));
    }
    const auto report = build_review(request);
    out << (format == "json" ? render_json(report) : render_markdown(report));
    return 0;
}

int lint_command(const review_request& request, const std::string& fail_on, std::ostream& out) {
    const auto threshold = severity_from_string(fail_on);
    if (!threshold && fail_on != "none") {
        throw usage_error(fmt::format("unknown --fail-on level '{}'; use notice, warning, "
                                      "error or none",
                                      fail_on));
    }
    const auto report = build_review(request);
    out << render_lint(report);
    std::size_t total = 0;
    for (const auto& r : report.revisions) {
        total += r.findings.size();
    }
    const auto blocked = threshold ? blocking(report, *threshold).size() : 0;
    out << fmt::format("strata lint: {} revision{} ({}), {} finding{}, {} not acknowledged at "
                       "--fail-on {}\n",
                       report.revisions.size(), report.revisions.size() == 1 ? "" : "s",
                       report.range_description, total, total == 1 ? "" : "s", blocked, fail_on);
    return blocked == 0 ? 0 : 1;
}

} // namespace strata::generator::review
