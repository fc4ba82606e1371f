#include "scan/annotation.hpp"

#include "expect_throw_msg.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace strata::generator {
namespace {

using value_kind = annotation_value::value_kind;

/// The offset at which parse_annotation_options(text) fails, or npos when it succeeds.
std::size_t error_offset(std::string_view text) {
    try {
        (void)parse_annotation_options(text);
    } catch (const annotation_error& error) {
        return error.offset();
    }
    return std::string::npos;
}

TEST(annotation_options, empty_text_has_no_options) {
    EXPECT_TRUE(parse_annotation_options("").empty());
    EXPECT_TRUE(parse_annotation_options("   ").empty());
}

TEST(annotation_options, parses_flags_and_values_with_offsets) {
    const auto options =
        parse_annotation_options(R"(primary_key, length = 120, name = "email_address", kind=text)");
    ASSERT_EQ(options.size(), 4U);

    EXPECT_EQ(options[0].key, "primary_key");
    EXPECT_FALSE(options[0].value);
    EXPECT_EQ(options[0].offset, 0U);

    EXPECT_EQ(options[1].key, "length");
    ASSERT_TRUE(options[1].value);
    EXPECT_EQ(options[1].value->kind, value_kind::integer);
    EXPECT_EQ(options[1].value->integer, 120);
    EXPECT_EQ(options[1].value->text, "120");
    EXPECT_EQ(options[1].offset, 13U);

    EXPECT_EQ(options[2].key, "name");
    ASSERT_TRUE(options[2].value);
    EXPECT_EQ(options[2].value->kind, value_kind::string);
    EXPECT_EQ(options[2].value->text, "email_address");
    EXPECT_EQ(options[2].offset, 27U);

    EXPECT_EQ(options[3].key, "kind");
    ASSERT_TRUE(options[3].value);
    EXPECT_EQ(options[3].value->kind, value_kind::identifier);
    EXPECT_EQ(options[3].value->text, "text");
}

TEST(annotation_options, strings_keep_commas_and_resolve_escapes) {
    // SQL expressions with commas and quotes will live in strings (e.g. default values).
    const auto options =
        parse_annotation_options(R"(check = "coalesce(a, b) = \"x\"", path = "C:\\tmp\n")");
    ASSERT_EQ(options.size(), 2U);
    EXPECT_EQ(options[0].value->text, R"(coalesce(a, b) = "x")");
    EXPECT_EQ(options[1].value->text, "C:\\tmp\n");
}

TEST(annotation_options, parses_signed_integers) {
    const auto options = parse_annotation_options("a = -5, b = +7");
    ASSERT_EQ(options.size(), 2U);
    EXPECT_EQ(options[0].value->integer, -5);
    EXPECT_EQ(options[1].value->integer, 7);
}

TEST(annotation_options, rejects_malformed_lists) {
    EXPECT_THROW_MSG((void)parse_annotation_options("= 3"), annotation_error,
                     "expected an option name");
    EXPECT_THROW_MSG((void)parse_annotation_options("a,"), annotation_error,
                     "expected an option name after ','");
    EXPECT_THROW_MSG((void)parse_annotation_options("a,,b"), annotation_error,
                     "expected an option name after ','");
    EXPECT_THROW_MSG((void)parse_annotation_options("length ="), annotation_error,
                     "expected a value after 'length ='");
    EXPECT_THROW_MSG((void)parse_annotation_options("length = ,"), annotation_error,
                     "expected a value after 'length =' (an integer, a name, a double-quoted "
                     "string or a parenthesised list)");
    EXPECT_THROW_MSG((void)parse_annotation_options("a b"), annotation_error,
                     "expected ',' after option 'a'");
    EXPECT_THROW_MSG((void)parse_annotation_options(R"(name = "abc)"), annotation_error,
                     "unterminated string");
    EXPECT_THROW_MSG((void)parse_annotation_options(R"(name = "abc\)"), annotation_error,
                     "unterminated string");
    EXPECT_THROW_MSG((void)parse_annotation_options(R"(name = "a\qb")"), annotation_error,
                     "unknown escape sequence '\\q' in string");
    EXPECT_THROW_MSG((void)parse_annotation_options("length = 12abc"), annotation_error,
                     "malformed integer '12abc'");
    EXPECT_THROW_MSG((void)parse_annotation_options("length = 99999999999999999999"),
                     annotation_error, "integer 99999999999999999999 is out of range");
}

TEST(annotation_options, errors_carry_the_offset) {
    EXPECT_EQ(error_offset("a b"), 2U);
    EXPECT_EQ(error_offset("a, = 1"), 3U);
    EXPECT_EQ(error_offset(R"(x = 1, name = "abc)"), 14U); // the opening quote
    EXPECT_EQ(error_offset("ok"), std::string::npos);
}

TEST(annotation_options, parses_nested_lists_with_keyed_items) {
    const auto options = parse_annotation_options(
        R"(foreign_key = ("fk", (a, b), "users", (id, org), on_delete = cascade), n = (1))");
    ASSERT_EQ(options.size(), 2U);
    ASSERT_TRUE(options[0].value);
    const annotation_value& list = *options[0].value;
    EXPECT_EQ(list.kind, value_kind::list);
    EXPECT_EQ(list.offset, 14U);
    ASSERT_EQ(list.items.size(), 5U);
    EXPECT_EQ(list.items[0].key, "");
    EXPECT_EQ(list.items[0].value->kind, value_kind::string);
    EXPECT_EQ(list.items[0].value->text, "fk");
    EXPECT_EQ(list.items[1].value->kind, value_kind::list);
    ASSERT_EQ(list.items[1].value->items.size(), 2U);
    EXPECT_EQ(list.items[1].value->items[1].value->kind, value_kind::identifier);
    EXPECT_EQ(list.items[1].value->items[1].value->text, "b");
    EXPECT_EQ(list.items[3].value->items[1].value->text, "org");
    EXPECT_EQ(list.items[4].key, "on_delete");
    EXPECT_EQ(list.items[4].value->text, "cascade");
    EXPECT_EQ(options[1].value->items[0].value->integer, 1);
}

TEST(annotation_options, rejects_malformed_list_values) {
    EXPECT_THROW_MSG((void)parse_annotation_options("index = ()"), annotation_error,
                     "empty list after 'index ='");
    EXPECT_THROW_MSG((void)parse_annotation_options("index = (a, b"), annotation_error,
                     "unterminated list after 'index ='");
    EXPECT_THROW_MSG((void)parse_annotation_options("index = (a b)"), annotation_error,
                     "expected ',' or ')' in the list after 'index ='");
    EXPECT_THROW_MSG((void)parse_annotation_options("index = (a,)"), annotation_error,
                     "expected a list item in the list after 'index ='");
    EXPECT_THROW_MSG((void)parse_annotation_options("index = (a, = 1)"), annotation_error,
                     "expected a list item in the list after 'index ='");
    EXPECT_EQ(error_offset("index = (a, b"), 8U); // the opening parenthesis
}

TEST(annotation_split, splits_strata_annotations) {
    const auto table = split_annotation(R"(strata:table:name = "users")");
    ASSERT_TRUE(table);
    EXPECT_EQ(table->kind, annotation_kind::table);
    EXPECT_EQ(table->options, R"(name = "users")");

    const auto column = split_annotation("strata:column:a: b");
    ASSERT_TRUE(column);
    EXPECT_EQ(column->kind, annotation_kind::column);
    EXPECT_EQ(column->options, "a: b"); // only the first colon after the kind separates

    const auto exclude = split_annotation("strata:exclude:");
    ASSERT_TRUE(exclude);
    EXPECT_EQ(exclude->kind, annotation_kind::exclude);
    EXPECT_EQ(exclude->options, "");
}

TEST(annotation_split, ignores_other_annotations_and_rejects_unknown_kinds) {
    EXPECT_FALSE(split_annotation("something:else"));
    EXPECT_FALSE(split_annotation(""));
    EXPECT_THROW_MSG((void)split_annotation("strata:index:a"), annotation_error,
                     "unknown strata annotation 'strata:index:a'");
    EXPECT_THROW_MSG((void)split_annotation("strata:table"), annotation_error,
                     "unknown strata annotation 'strata:table'");
}

TEST(table_options, reads_the_name) {
    EXPECT_FALSE(parse_table_options("").name);
    EXPECT_EQ(parse_table_options(R"(name = "users")").name, "users");
}

TEST(table_options, rejects_bad_options) {
    try {
        (void)parse_table_options(R"(nmae = "users")");
        FAIL() << "no error";
    } catch (const annotation_error& error) {
        EXPECT_STREQ(error.what(), "unknown table option 'nmae'");
        EXPECT_EQ(error.notes(),
                  std::vector<std::string>{"valid table options are: name, renamed_from, comment, "
                                           "index, unique_index, unique, check, foreign_key, "
                                           "existing_rows"});
    }
    EXPECT_THROW_MSG((void)parse_table_options("name = users"), annotation_error,
                     R"(table option 'name' needs a string in double quotes, e.g. name = "users")");
    EXPECT_THROW_MSG((void)parse_table_options("name"), annotation_error,
                     "table option 'name' needs a string in double quotes");
    EXPECT_THROW_MSG((void)parse_table_options(R"(name = "")"), annotation_error,
                     "table option 'name' must not be an empty string");
    EXPECT_THROW_MSG((void)parse_table_options(R"(name = "a", name = "b")"), annotation_error,
                     "table option 'name' given twice");
    EXPECT_THROW_MSG((void)parse_table_options("name ="), annotation_error,
                     "malformed options in STRATA_TABLE(name =): expected a value after 'name ='");
}

TEST(table_options, reads_every_option) {
    const table_options options = parse_table_options(
        R"(name = "posts", renamed_from = "articles", comment = "one article", )"
        R"(index = (author_id, published_at), index = slug, unique_index = ("ux_slug", slug), )"
        R"(unique = (author, title), check = "a > 0", check = ("ck_named", "b > 0"), )"
        R"(check = ("c > 0"), foreign_key = ((author_id), "authors", (id), on_delete = cascade), )"
        R"(foreign_key = ("fk_pair", (x, y), other, (a, b), on_update = set_null))");
    EXPECT_EQ(options.name, "posts");
    EXPECT_EQ(options.renamed_from, "articles");
    EXPECT_EQ(options.comment, "one article");

    ASSERT_EQ(options.indexes.size(), 4U);
    EXPECT_EQ(options.indexes[0].kind, index_option::index_kind::index);
    EXPECT_FALSE(options.indexes[0].name);
    EXPECT_EQ(options.indexes[0].columns, (std::vector<std::string>{"author_id", "published_at"}));
    EXPECT_EQ(options.indexes[1].columns, std::vector<std::string>{"slug"}); // a lone name
    EXPECT_EQ(options.indexes[2].kind, index_option::index_kind::unique_index);
    EXPECT_EQ(options.indexes[2].name, "ux_slug");
    EXPECT_EQ(options.indexes[2].columns, std::vector<std::string>{"slug"});
    EXPECT_EQ(options.indexes[3].kind, index_option::index_kind::unique);
    EXPECT_EQ(options.indexes[3].columns, (std::vector<std::string>{"author", "title"}));

    ASSERT_EQ(options.checks.size(), 3U);
    EXPECT_FALSE(options.checks[0].name);
    EXPECT_EQ(options.checks[0].expression, "a > 0");
    EXPECT_EQ(options.checks[1].name, "ck_named");
    EXPECT_EQ(options.checks[1].expression, "b > 0");
    EXPECT_FALSE(options.checks[2].name);
    EXPECT_EQ(options.checks[2].expression, "c > 0");

    ASSERT_EQ(options.foreign_keys.size(), 2U);
    const foreign_key_option& first = options.foreign_keys[0];
    EXPECT_FALSE(first.name);
    EXPECT_EQ(first.columns, std::vector<std::string>{"author_id"});
    EXPECT_EQ(first.referenced_table, "authors");
    EXPECT_EQ(first.referenced_columns, std::vector<std::string>{"id"});
    EXPECT_EQ(first.on_delete, referential_action::cascade);
    EXPECT_EQ(first.on_update, referential_action::no_action);
    const foreign_key_option& second = options.foreign_keys[1];
    EXPECT_EQ(second.name, "fk_pair");
    EXPECT_EQ(second.columns, (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(second.referenced_table, "other");
    EXPECT_EQ(second.referenced_columns, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(second.on_delete, referential_action::no_action);
    EXPECT_EQ(second.on_update, referential_action::set_null);
}

TEST(table_options, rejects_bad_list_options) {
    EXPECT_THROW_MSG((void)parse_table_options(R"(renamed_from = "a", renamed_from = "b")"),
                     annotation_error, "table option 'renamed_from' given twice");
    EXPECT_THROW_MSG((void)parse_table_options("index"), annotation_error,
                     "table option 'index' needs a list of columns, e.g. index = (email)");
    EXPECT_THROW_MSG((void)parse_table_options("index = 3"), annotation_error,
                     "table option 'index' expects member or column names");
    EXPECT_THROW_MSG((void)parse_table_options(R"(unique = (a, "b"))"), annotation_error,
                     "table option 'unique' expects member or column names");
    EXPECT_THROW_MSG((void)parse_table_options(R"(index = ("only_a_name"))"), annotation_error,
                     "table option 'index' names no column");
    EXPECT_THROW_MSG((void)parse_table_options(R"(index = ("", a))"), annotation_error,
                     "table option 'index': the name must not be an empty string");
    EXPECT_THROW_MSG((void)parse_table_options("check = a"), annotation_error,
                     "table option 'check' needs an SQL expression in double quotes");
    EXPECT_THROW_MSG((void)parse_table_options(R"(check = ("a", "b", "c"))"), annotation_error,
                     "table option 'check' needs an SQL expression in double quotes");
    EXPECT_THROW_MSG((void)parse_table_options(R"(check = "")"), annotation_error,
                     "table option 'check' must not be an empty expression");
    EXPECT_THROW_MSG((void)parse_table_options(R"(foreign_key = "users")"), annotation_error,
                     "table option 'foreign_key' needs a list");
    EXPECT_THROW_MSG((void)parse_table_options(R"(foreign_key = ((a), "users"))"), annotation_error,
                     "table option 'foreign_key' needs columns, referenced table and referenced "
                     "columns, got 2 items");
    EXPECT_THROW_MSG((void)parse_table_options(R"(foreign_key = (x, (a), "users", (id)))"),
                     annotation_error,
                     "the name of a foreign key must be a non-empty string in double quotes");
    EXPECT_THROW_MSG((void)parse_table_options(R"(foreign_key = ((a), 3, (id)))"), annotation_error,
                     "the referenced table of a foreign key must be a table name");
    EXPECT_THROW_MSG((void)parse_table_options(R"(foreign_key = ((a), "t", (id), on_delet = x))"),
                     annotation_error, "unknown foreign_key option 'on_delet'");
    EXPECT_THROW_MSG(
        (void)parse_table_options(R"(foreign_key = ((a), "t", (id), on_delete = explode))"),
        annotation_error, "unknown action 'explode' for foreign_key option 'on_delete'");
    EXPECT_THROW_MSG(
        (void)parse_table_options(
            R"(foreign_key = ((a), "t", (id), on_delete = cascade, on_delete = cascade))"),
        annotation_error, "foreign_key option 'on_delete' given twice");
}

TEST(column_options, reads_every_option) {
    const column_options none = parse_column_options("");
    EXPECT_FALSE(none.primary_key);
    EXPECT_FALSE(none.length);
    EXPECT_FALSE(none.name);

    const column_options all =
        parse_column_options(R"(primary_key, length = 120, name = "email_address")");
    EXPECT_TRUE(all.primary_key);
    EXPECT_EQ(all.length, 120);
    EXPECT_EQ(all.name, "email_address");

    EXPECT_EQ(parse_column_options("length = 2147483647").length, 2147483647);
}

TEST(column_options, reads_the_relational_options) {
    const column_options all = parse_column_options(
        R"(autoincrement, index, unique, renamed_from = "old", default = "'draft'", )"
        R"(backfill = "0", comment = "note", references = "users.id", on_delete = set_null, )"
        R"(on_update = cascade, check = "x > 0", decimal = (12, 2), sql_type = "CITEXT")");
    EXPECT_FALSE(all.primary_key);
    EXPECT_TRUE(all.autoincrement);
    EXPECT_TRUE(all.index);
    EXPECT_TRUE(all.unique);
    EXPECT_EQ(all.renamed_from, "old");
    EXPECT_EQ(all.server_default, "'draft'");
    EXPECT_EQ(all.backfill, "0");
    EXPECT_EQ(all.comment, "note");
    ASSERT_TRUE(all.references);
    EXPECT_EQ(all.references->table, "users");
    EXPECT_EQ(all.references->column, "id");
    EXPECT_EQ(all.references->on_delete, referential_action::set_null);
    EXPECT_EQ(all.references->on_update, referential_action::cascade);
    EXPECT_EQ(all.check, "x > 0");
    EXPECT_EQ(all.precision, 12);
    EXPECT_EQ(all.scale, 2);
    EXPECT_EQ(all.sql_type, "CITEXT");

    const column_options actions_first =
        parse_column_options(R"(on_delete = restrict, references = "a.b")");
    EXPECT_EQ(actions_first.references->on_delete, referential_action::restrict);
    EXPECT_EQ(actions_first.references->on_update, referential_action::no_action);
    EXPECT_EQ(parse_column_options("decimal = (1000, 1000)").scale, 1000);
}

TEST(column_options, rejects_bad_relational_options) {
    EXPECT_THROW_MSG((void)parse_column_options("index = 1"), annotation_error,
                     "column option 'index' takes no value");
    EXPECT_THROW_MSG((void)parse_column_options("default = 0"), annotation_error,
                     R"(column option 'default' needs a string in double quotes, e.g. default = )"
                     R"("'draft'")");
    EXPECT_THROW_MSG((void)parse_column_options(R"(references = "users")"), annotation_error,
                     R"(column option 'references' needs "table.column", got "users")");
    EXPECT_THROW_MSG((void)parse_column_options(R"(references = "a.b.c")"), annotation_error,
                     R"(needs "table.column", got "a.b.c")");
    EXPECT_THROW_MSG((void)parse_column_options(R"(references = ".id")"), annotation_error,
                     R"(needs "table.column", got ".id")");
    EXPECT_THROW_MSG((void)parse_column_options("on_delete = cascade"), annotation_error,
                     "column option 'on_delete' needs 'references'");
    EXPECT_THROW_MSG((void)parse_column_options(R"(references = "a.b", on_update = "cascade")"),
                     annotation_error,
                     "column option 'on_update' needs an action, e.g. on_update = cascade");
    EXPECT_THROW_MSG((void)parse_column_options("decimal = 12"), annotation_error,
                     "column option 'decimal' needs (precision, scale), e.g. decimal = (12, 2)");
    EXPECT_THROW_MSG((void)parse_column_options("decimal = (12)"), annotation_error,
                     "column option 'decimal' needs (precision, scale)");
    EXPECT_THROW_MSG((void)parse_column_options("decimal = (p = 12, s = 2)"), annotation_error,
                     "column option 'decimal' needs (precision, scale)");
    EXPECT_THROW_MSG((void)parse_column_options("decimal = (0, 0)"), annotation_error,
                     "column option 'decimal': the precision must be between 1 and 1000, got 0");
    EXPECT_THROW_MSG(
        (void)parse_column_options("decimal = (4, 5)"), annotation_error,
        "column option 'decimal': the scale must be between 0 and the precision 4, got 5");
    EXPECT_THROW_MSG((void)parse_column_options(R"(decimal = (4, "2"))"), annotation_error,
                     "column option 'decimal' needs (precision, scale)");
    EXPECT_THROW_MSG((void)parse_column_options(R"(check = "a", check = "b")"), annotation_error,
                     "column option 'check' given twice");
}

TEST(column_options, rejects_bad_options) {
    try {
        (void)parse_column_options("lenght = 3");
        FAIL() << "no error";
    } catch (const annotation_error& error) {
        EXPECT_STREQ(error.what(), "unknown column option 'lenght'");
        EXPECT_EQ(error.notes(),
                  std::vector<std::string>{
                      "valid column options are: primary_key, autoincrement, length, name, "
                      "renamed_from, default, backfill, existing_rows, comment, index, unique, "
                      "references, on_delete, on_update, check, decimal, sql_type"});
    }
    EXPECT_THROW_MSG((void)parse_column_options("primary_key = true"), annotation_error,
                     "column option 'primary_key' takes no value");
    EXPECT_THROW_MSG((void)parse_column_options(R"(length = "3")"), annotation_error,
                     "column option 'length' needs a positive integer, e.g. length = 120");
    EXPECT_THROW_MSG((void)parse_column_options("length"), annotation_error,
                     "column option 'length' needs a positive integer");
    EXPECT_THROW_MSG((void)parse_column_options("length = 0"), annotation_error,
                     "column option 'length' must be between 1 and 2147483647, got 0");
    EXPECT_THROW_MSG((void)parse_column_options("length = -4"), annotation_error,
                     "must be between 1 and 2147483647, got -4");
    EXPECT_THROW_MSG((void)parse_column_options("length = 2147483648"), annotation_error,
                     "must be between 1 and 2147483647, got 2147483648");
    EXPECT_THROW_MSG((void)parse_column_options("name = 3"), annotation_error,
                     "column option 'name' needs a string in double quotes");
    EXPECT_THROW_MSG((void)parse_column_options("primary_key, primary_key"), annotation_error,
                     "column option 'primary_key' given twice");
    EXPECT_THROW_MSG((void)parse_column_options("length = 3 name"), annotation_error,
                     "malformed options in STRATA_COLUMN(length = 3 name): expected ',' after "
                     "option 'length'");
}

// Found by fuzz_annotation: 4,000 '(' overflowed the stack of the recursive parser.
TEST(annotation_options, deeply_nested_lists_are_an_error_not_a_crash) {
    const std::string hostile = "x = " + std::string(4000, '(');
    EXPECT_THROW_MSG((void)parse_annotation_options(hostile), annotation_error,
                     "lists nested more than 8 deep after 'x ='");
    // The bound is far above what the vocabulary uses: eight levels still parse.
    const std::string eight = "x = " + std::string(8, '(') + "1" + std::string(8, ')');
    EXPECT_EQ(error_offset(eight), std::string::npos);
    EXPECT_EQ(error_offset("x = " + std::string(9, '(') + "1" + std::string(9, ')')), 4U + 8U);
}

} // namespace
} // namespace strata::generator
