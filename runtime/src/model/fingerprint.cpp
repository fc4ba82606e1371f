#include "strata/fingerprint.hpp"

#include "strata/detail/overloaded.hpp"
#include "strata/detail/sha256.hpp"

#include <array>
#include <cstdint>
#include <fmt/format.h>
#include <iterator>

namespace strata {
namespace {
using detail::overloaded;

// The canonical form: "<tag>" markers and "<length>:<bytes>" strings, so no two different
// operation lists can serialise to the same text. Bump the version if the form changes.
class writer {
public:
    // Appended piece by piece: formatting a temporary string per field cost as much as
    // hashing the text (a new database at 500 revisions fingerprints every one).
    void tag(std::string_view name) {
        m_text += '<';
        m_text += name;
        m_text += '>';
    }
    void str(std::string_view value) {
        const fmt::format_int size(value.size());
        m_text.append(size.data(), size.size());
        m_text += ':';
        m_text += value;
        m_text += ';';
    }
    void num(std::int64_t value) {
        m_text += '#';
        const fmt::format_int digits(value);
        m_text.append(digits.data(), digits.size());
        m_text += ';';
    }
    void flag(bool value) { m_text += value ? "+;" : "-;"; }
    void opt(const std::optional<std::string>& value) {
        if (value) {
            m_text += '=';
            str(*value);
        } else {
            m_text += "~;";
        }
    }
    void opt(const std::optional<std::int32_t>& value) {
        if (value) {
            num(*value);
        } else {
            m_text += "~;";
        }
    }
    void list(const std::vector<std::string>& values) {
        num(static_cast<std::int64_t>(values.size()));
        for (const auto& v : values) {
            str(v);
        }
    }
    void type(const column_type& t) {
        tag("type");
        str(to_string(t.kind));
        opt(t.length);
        opt(t.precision);
        opt(t.scale);
        str(t.enum_name);
        list(t.enum_values);
        str(t.sql_override);
    }
    void col(const column& c) {
        tag("column");
        str(c.name);
        type(c.type);
        flag(c.nullable);
        flag(c.primary_key);
        flag(c.autoincrement);
        opt(c.server_default);
        opt(c.comment);
    }
    void idx(const index& i) {
        tag("index");
        str(i.name);
        list(i.columns);
        flag(i.unique);
    }
    void uq(const unique_constraint& u) {
        tag("unique");
        str(u.name);
        list(u.columns);
    }
    void fk(const foreign_key& f) {
        tag("foreign_key");
        str(f.name);
        list(f.columns);
        str(f.referenced_table);
        list(f.referenced_columns);
        str(to_string(f.on_delete));
        str(to_string(f.on_update));
    }
    void ck(const check_constraint& c) {
        tag("check");
        str(c.name);
        str(c.expression);
    }
    void tbl(const table& t) {
        tag("table");
        str(t.name);
        num(static_cast<std::int64_t>(t.columns.size()));
        for (const auto& c : t.columns) {
            col(c);
        }
        num(static_cast<std::int64_t>(t.indexes.size()));
        for (const auto& i : t.indexes) {
            idx(i);
        }
        num(static_cast<std::int64_t>(t.uniques.size()));
        for (const auto& u : t.uniques) {
            uq(u);
        }
        num(static_cast<std::int64_t>(t.foreign_keys.size()));
        for (const auto& f : t.foreign_keys) {
            fk(f);
        }
        num(static_cast<std::int64_t>(t.checks.size()));
        for (const auto& c : t.checks) {
            ck(c);
        }
        opt(t.comment);
    }
    [[nodiscard]] const std::string& text() const { return m_text; }

private:
    std::string m_text = "strata-operations-v1;";
};

void write(writer& w, const operation& op) {
    std::visit(overloaded{
                   [&](const ops::create_table& o) {
                       w.tag("create_table");
                       w.tbl(o.definition);
                   },
                   [&](const ops::drop_table& o) {
                       w.tag("drop_table");
                       w.str(o.table_name);
                   },
                   [&](const ops::rename_table& o) {
                       w.tag("rename_table");
                       w.str(o.old_name);
                       w.str(o.new_name);
                   },
                   [&](const ops::add_column& o) {
                       w.tag("add_column");
                       w.str(o.table_name);
                       w.col(o.definition);
                   },
                   [&](const ops::drop_column& o) {
                       w.tag("drop_column");
                       w.str(o.table_name);
                       w.str(o.column_name);
                   },
                   [&](const ops::rename_column& o) {
                       w.tag("rename_column");
                       w.str(o.table_name);
                       w.str(o.old_name);
                       w.str(o.new_name);
                   },
                   [&](const ops::alter_column& o) {
                       w.tag("alter_column");
                       w.str(o.table_name);
                       w.col(o.from);
                       w.col(o.to);
                   },
                   [&](const ops::alter_primary_key& o) {
                       w.tag("alter_primary_key");
                       w.str(o.table_name);
                       w.list(o.from_columns);
                       w.list(o.to_columns);
                   },
                   [&](const ops::create_index& o) {
                       w.tag("create_index");
                       w.str(o.table_name);
                       w.idx(o.definition);
                   },
                   [&](const ops::drop_index& o) {
                       w.tag("drop_index");
                       w.str(o.table_name);
                       w.str(o.index_name);
                   },
                   [&](const ops::add_unique& o) {
                       w.tag("add_unique");
                       w.str(o.table_name);
                       w.uq(o.definition);
                   },
                   [&](const ops::drop_unique& o) {
                       w.tag("drop_unique");
                       w.str(o.table_name);
                       w.str(o.constraint_name);
                   },
                   [&](const ops::add_foreign_key& o) {
                       w.tag("add_foreign_key");
                       w.str(o.table_name);
                       w.fk(o.definition);
                   },
                   [&](const ops::drop_foreign_key& o) {
                       w.tag("drop_foreign_key");
                       w.str(o.table_name);
                       w.str(o.constraint_name);
                   },
                   [&](const ops::add_check& o) {
                       w.tag("add_check");
                       w.str(o.table_name);
                       w.ck(o.definition);
                   },
                   [&](const ops::drop_check& o) {
                       w.tag("drop_check");
                       w.str(o.table_name);
                       w.str(o.constraint_name);
                   },
                   [&](const ops::set_table_comment& o) {
                       w.tag("set_table_comment");
                       w.str(o.table_name);
                       w.opt(o.comment);
                   },
                   [&](const ops::execute_sql& o) {
                       w.tag("execute_sql");
                       w.str(o.sql);
                   },
               },
               op);
}

} // namespace

std::string fingerprint(const std::vector<operation>& ops) {
    writer w;
    for (const auto& op : ops) {
        write(w, op);
    }
    return sha256_hex(w.text());
}

} // namespace strata
