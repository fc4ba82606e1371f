#include "strata/dialect.hpp"

#include "strata/detail/text.hpp"

namespace strata {

std::vector<planned_step> dialect::plan(std::span<const operation> ops,
                                        const schema& before) const {
    std::vector<planned_step> steps;
    schema current = before;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        steps.push_back(planned_step{i, i + 1, to_sql(ops[i], current), {}});
        // Normalized by the first apply(): the rest skip its whole-schema check.
        if (i == 0) {
            apply(current, ops[i]);
        } else {
            apply_to_normalized(current, ops[i]);
        }
    }
    return steps;
}

std::vector<std::string> dialect::sequence_sql(std::span<const operation> ops,
                                               const schema& before) const {
    std::vector<std::string> result;
    for (auto& step : plan(ops, before)) {
        for (auto& sql : step.statements) {
            result.push_back(std::move(sql));
        }
    }
    return result;
}

rebuild_frame dialect::frame_for_rebuild() const {
    return {};
}

std::string dialect::current_timestamp_sql() const {
    return "CURRENT_TIMESTAMP";
}

std::string dialect::quote_identifier(std::string_view identifier) const {
    return detail::quote_with(identifier, '"');
}

std::string dialect::quote_literal(std::string_view text) const {
    return detail::quote_with(text, '\'');
}

} // namespace strata
