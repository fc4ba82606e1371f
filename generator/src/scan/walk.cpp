#include "scan/walk.hpp"

#include "scan/member_types.hpp"
#include "scan/model_checks.hpp"
#include "scan/naming.hpp"
#include "scan/type_options.hpp"
#include "clang/clang_handles.hpp"
#include "clang/cursor.hpp"

#include <fmt/format.h>

#include <optional>
#include <utility>

namespace strata::generator {
namespace {

using clang::children_of;
using clang::qualified_name;
using clang::spelling;

/// Walks the translation unit and collects tables and every problem on the way.
class model_walker {
public:
public:
    /// @p cpp_namespace: see scan_options::cpp_namespace.
    model_walker(std::string cpp_namespace, found_models& models)
        : m_models(models), m_namespace(std::move(cpp_namespace)) {
        if (m_namespace.starts_with("::")) {
            m_namespace.erase(0, 2);
        }
    }

    void walk(CXCursor parent) {
        for (const CXCursor cursor : children_of(parent)) {
            if (clang_Location_isInSystemHeader(clang_getCursorLocation(cursor)) != 0) {
                continue;
            }
            switch (clang_getCursorKind(cursor)) {
            case CXCursor_Namespace:
            case CXCursor_LinkageSpec:
            case CXCursor_UnexposedDecl:
                walk(cursor);
                break;
            case CXCursor_StructDecl:
            case CXCursor_ClassDecl:
                visit_record(cursor);
                break;
            case CXCursor_UnionDecl:
            case CXCursor_ClassTemplate:
            case CXCursor_ClassTemplatePartialSpecialization:
                reject_table_annotation(cursor);
                break;
            default:
                break;
            }
        }
    }

private:
    struct annotations {
        std::vector<std::pair<annotation, CXCursor>> items;
    };

    source_location location_of(CXCursor cursor) {
        return clang::location_of(cursor, m_file_names);
    }

    /// The strata annotations attached to @p cursor; malformed ones are reported.
    annotations annotations_of(CXCursor cursor) {
        annotations result;
        for (const CXCursor child : children_of(cursor)) {
            if (clang_getCursorKind(child) != CXCursor_AnnotateAttr) {
                continue;
            }
            try {
                if (auto found = split_annotation(spelling(child))) {
                    result.items.emplace_back(std::move(*found), child);
                }
            } catch (const annotation_error& error) {
                m_models.report(location_of(child), error.what(), error.notes());
            }
        }
        return result;
    }

    void reject_table_annotation(CXCursor cursor) {
        for (const auto& [found, where] : annotations_of(cursor).items) {
            if (found.kind == annotation_kind::table) {
                m_models.report(
                    location_of(where),
                    fmt::format("STRATA_TABLE on '{}': only a struct or class definition "
                                "can be a table",
                                qualified_name(cursor)));
            }
        }
    }

    void visit_record(CXCursor record) {
        // Nested structs may be tables too.
        walk(record);
        if (clang_isCursorDefinition(record) == 0) {
            return; // a forward declaration; the definition carries the table
        }
        std::optional<std::pair<annotation, CXCursor>> table_annotation;
        bool excluded = false;
        for (auto& item : annotations_of(record).items) {
            if (item.first.kind == annotation_kind::table) {
                if (table_annotation) {
                    m_models.report(location_of(item.second),
                                    fmt::format("struct '{}' has more than one STRATA_TABLE",
                                                spelling(record)));
                    continue;
                }
                table_annotation = std::move(item);
            } else if (item.first.kind == annotation_kind::exclude) {
                excluded = true; // never a table, e.g. to switch one off for a while
            } else {
                m_models.report(
                    location_of(item.second),
                    fmt::format("STRATA_COLUMN on struct '{}': it belongs on a data member",
                                spelling(record)));
            }
        }
        if (table_annotation && !excluded && in_selected_namespace(record)) {
            scan_table(record, table_annotation->first, table_annotation->second);
        }
    }

    // Tables of other namespaces belong to other targets (add_migrations(NAMESPACE)).
    bool in_selected_namespace(CXCursor record) const {
        return m_namespace.empty() || qualified_name(record).starts_with(m_namespace + "::");
    }

    void scan_table(CXCursor record, const annotation& table_annotation, CXCursor attribute) {
        const std::string struct_name = spelling(record);
        const source_location where = location_of(record);
        if (struct_name.empty() || clang_Cursor_isAnonymous(record) != 0) {
            m_models.report(where, "an anonymous struct cannot be a table",
                            {"give the struct a name"});
            return;
        }

        found_table found;
        found.options_where = location_of(attribute);
        try {
            found.options = parse_table_options(table_annotation.options);
        } catch (const annotation_error& error) {
            // Keep going with the default name so the members are still checked.
            m_models.report(found.options_where, error.what(), error.notes());
            m_models.table_options_failed = true;
        }
        found.model.name = found.options.name.value_or(snake_case(struct_name));
        found.model.comment = found.options.comment;
        found.struct_name = qualified_name(record);
        found.short_name = struct_name;
        found.where = where;

        bool has_primary_key = false;
        for (const CXCursor child : children_of(record)) {
            const CXCursorKind kind = clang_getCursorKind(child);
            if (kind == CXCursor_FieldDecl) {
                scan_member(child, found, has_primary_key);
            } else if (kind == CXCursor_VarDecl) {
                reject_static_column(struct_name, child);
            } else if ((kind == CXCursor_UnionDecl || kind == CXCursor_StructDecl) &&
                       clang_Cursor_isAnonymousRecordDecl(child) != 0) {
                // Its members belong to the table but libclang shows no field for them, so
                // they would silently go missing.
                m_models.report(
                    location_of(child),
                    fmt::format("anonymous {} in struct '{}' cannot be mapped to columns",
                                kind == CXCursor_UnionDecl ? "union" : "struct", struct_name),
                    {"give it a member name and mark it STRATA_EXCLUDE, or move its members "
                     "into the struct"});
            }
        }
        if (!has_primary_key) {
            m_models.report(where,
                            fmt::format("table '{}' (struct '{}') has no primary key",
                                        found.model.name, struct_name),
                            {"mark the key member with STRATA_COLUMN(primary_key)"});
        }
        check_autoincrement(found, m_models);
        check_column_renames(found, m_models);
        m_models.tables.push_back(std::move(found));
    }

    /// A static member is never a column; annotating one is a mistake worth reporting.
    void reject_static_column(const std::string& struct_name, CXCursor member) {
        for (const auto& [found, attribute] : annotations_of(member).items) {
            if (found.kind == annotation_kind::column) {
                m_models.report(location_of(attribute),
                                fmt::format("static member '{}::{}' cannot be a column",
                                            struct_name, spelling(member)));
            }
        }
    }

    void scan_member(CXCursor member, found_table& table_found, bool& has_primary_key) {
        const std::string& struct_name = table_found.short_name;
        const std::string member_name = spelling(member);
        const std::string qualified = struct_name + "::" + member_name;
        const source_location where = location_of(member);

        bool excluded = false;
        std::optional<column_options> options;
        bool options_valid = true;
        for (const auto& [found, attribute] : annotations_of(member).items) {
            switch (found.kind) {
            case annotation_kind::exclude:
                excluded = true;
                break;
            case annotation_kind::table:
                m_models.report(
                    location_of(attribute),
                    fmt::format("STRATA_TABLE on member '{}': it belongs on a struct", qualified));
                break;
            case annotation_kind::column:
                if (options) {
                    m_models.report(
                        location_of(attribute),
                        fmt::format("member '{}' has more than one STRATA_COLUMN", qualified),
                        {"put all options in one STRATA_COLUMN(...)"});
                    break;
                }
                try {
                    options = parse_column_options(found.options);
                } catch (const annotation_error& error) {
                    options = column_options{};
                    options_valid = false;
                    m_models.report(location_of(attribute), error.what(), error.notes());
                }
                break;
            }
        }
        if (excluded) {
            if (options) {
                m_models.report(where,
                                fmt::format("member '{}' has both STRATA_EXCLUDE and STRATA_COLUMN",
                                            qualified));
            }
            return;
        }
        const column_options opts = options.value_or(column_options{});
        if (opts.primary_key) {
            has_primary_key = true;
        }
        if (member_name.empty()) {
            m_models.report(
                where,
                fmt::format("anonymous member of struct '{}' cannot be a column", struct_name),
                {"name the member or mark it STRATA_EXCLUDE"});
            return;
        }
        // From here on, a member that is left out is remembered so lists naming it do not
        // produce a second error.
        const auto skip = [&] {
            table_found.skipped.insert(member_name);
            table_found.skipped.insert(opts.name.value_or(member_name));
        };

        const CXType type = clang_getCursorType(member);
        const std::string type_name = clang::to_string(clang_getTypeSpelling(type));
        type_problem problem;
        const auto classified = classify(type, problem);
        if (!classified) {
            std::vector<std::string> notes;
            if (!problem.note.empty()) {
                notes.push_back(problem.note);
            }
            notes.emplace_back(supported_types_note);
            notes.emplace_back("mark members that are not columns with STRATA_EXCLUDE");
            m_models.report(
                where, fmt::format("member '{}' has unsupported type '{}'", qualified, type_name),
                std::move(notes));
            skip();
            return;
        }
        if (!options_valid) {
            skip();
            return;
        }
        column result;
        result.name = opts.name.value_or(member_name);
        result.type = classified->type;
        result.nullable = classified->nullable;
        result.primary_key = opts.primary_key;
        result.autoincrement = opts.autoincrement;
        result.server_default = opts.server_default;
        result.comment = opts.comment;
        if (!apply_type_options(opts, qualified, type_name, where, result, m_models)) {
            skip();
            return;
        }
        if (result.primary_key && result.nullable) {
            m_models.report(
                where, fmt::format("primary key member '{}' cannot be std::optional", qualified));
            skip();
            return;
        }
        for (std::size_t i = 0; i < table_found.model.columns.size(); ++i) {
            if (table_found.model.columns[i].name == result.name) {
                const found_column& other = table_found.columns[i];
                m_models.report(where,
                                fmt::format("members '{}::{}' and '{}' both map to column '{}'",
                                            struct_name, other.member, qualified, result.name),
                                {fmt::format("'{}::{}' is declared at {}", struct_name,
                                             other.member, format_location(other.where)),
                                 "rename one of them with STRATA_COLUMN(name = \"...\")"});
                return;
            }
        }
        table_found.model.columns.push_back(std::move(result));
        table_found.columns.push_back({member_name, where, opts});
    }

    found_models& m_models;
    std::string m_namespace;
    clang::file_names m_file_names;
};

} // namespace

void walk_models(CXCursor unit, std::string cpp_namespace, found_models& models) {
    model_walker(std::move(cpp_namespace), models).walk(unit);
}

} // namespace strata::generator
