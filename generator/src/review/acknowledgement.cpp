#include "review/acknowledgement.hpp"

#include "review/rules.hpp"

#include "strata/detail/text.hpp"
#include "strata/detail/tool_text.hpp"
#include "support/diagnostic.hpp"

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

} // namespace strata::generator::review
