#include "annotation.hpp"

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
                                           "index, unique_index, unique, check, foreign_key"});
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

TEST(column_options, rejects_bad_options) {
    try {
        (void)parse_column_options("lenght = 3");
        FAIL() << "no error";
    } catch (const annotation_error& error) {
        EXPECT_STREQ(error.what(), "unknown column option 'lenght'");
        EXPECT_EQ(error.notes(),
                  std::vector<std::string>{
                      "valid column options are: primary_key, autoincrement, length, name, "
                      "renamed_from, default, backfill, comment, index, unique, references, "
                      "on_delete, on_update, check, decimal, sql_type"});
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

} // namespace
} // namespace strata::generator
