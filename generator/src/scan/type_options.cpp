#include "scan/type_options.hpp"

#include "strata/schema_kinds.hpp"

#include <fmt/format.h>

namespace strata::generator {
bool apply_type_options(const column_options& opts, const std::string& qualified,
                        const std::string& type_name, const source_location& where, column& result,
                        found_models& models) {
    const type_kind kind = result.type.kind;
    if (opts.length && opts.precision) {
        models.report(
            where, fmt::format("member '{}' has both 'decimal' and 'length'", qualified),
            {"a decimal column has a precision and a scale, not a length; remove length"});
        return false;
    }
    if (opts.length) {
        if (kind != type_kind::string) {
            models.report(where, fmt::format("column option 'length' on member '{}' of type '{}': "
                                             "only string columns have a length",
                                             qualified, type_name));
            return false;
        }
        result.type.length = opts.length;
    }
    if (opts.precision) {
        if (kind != type_kind::float64 && kind != type_kind::string && kind != type_kind::int64) {
            models.report(where,
                          fmt::format("column option 'decimal' on member '{}' of type '{}': only "
                                      "double, std::string and std::int64_t members can be decimal",
                                      qualified, type_name));
            return false;
        }
        result.type.kind = type_kind::decimal;
        result.type.precision = opts.precision;
        result.type.scale = opts.scale;
    }
    if (opts.sql_type) {
        if (opts.length || opts.precision) {
            models.report(where,
                          fmt::format("member '{}' has 'sql_type' together with '{}'", qualified,
                                      opts.length ? "length" : "decimal"),
                          {fmt::format("sql_type replaces the whole SQL type; write the {} inside "
                                       "it, e.g. sql_type = \"{}\"",
                                       opts.length ? "length" : "precision",
                                       opts.length ? "VARCHAR(20)" : "NUMERIC(12, 2)")});
            return false;
        }
        result.type.sql_override = *opts.sql_type;
    }
    if (opts.autoincrement) {
        if (!is_integer(result.type.kind)) {
            models.report(where,
                          fmt::format("column option 'autoincrement' on member '{}' of type '{}': "
                                      "only integer columns can be autoincrement",
                                      qualified, type_name));
            return false;
        }
        if (!opts.primary_key) {
            models.report(where,
                          fmt::format("column option 'autoincrement' on member '{}', which is not "
                                      "the primary key",
                                      qualified),
                          {"add primary_key, or remove autoincrement"});
            return false;
        }
    }
    return true;
}

} // namespace strata::generator
