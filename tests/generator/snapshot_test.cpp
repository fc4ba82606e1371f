#include "expect_throw_msg.hpp"
#include "project/snapshot.hpp"
#include "strata/operations.hpp"
#include "support/diagnostic.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace strata;
using namespace strata::generator;
using namespace strata::dsl;
using strata::testing::temp_dir;
using strata::testing::write_file;

namespace {

// Every field the snapshot stores, so a round trip proves none is lost.
table full_table() {
    table t{
        .name = "pages",
        .columns =
            {col("id", int64()).primary_key().autoincrement(), col("site_id", int64()),
             col("slug", string(200)).comment("part of the URL"),
             col("price", decimal(10, 2)).nullable(),
             col("status", enumeration("page_status", {"draft", "live"})).server_default("'draft'"),
             col("body", sql_type(text(), "CITEXT")).nullable()},
        .indexes = {idx("ix_pages_site_id", {"site_id"}), unique_idx("ux_pages_slug", {"slug"})},
        .uniques = {unique("uq_pages_site_id_slug", {"site_id", "slug"})},
        .foreign_keys = {fk("fk_pages_site_id_sites", {"site_id"}, "sites", {"id"},
                            referential_action::cascade, referential_action::set_null)},
        .checks = {check("ck_pages_price", "price >= 0")},
        .comment = "a page of a site"};
    return t;
}

schema sample_schema() {
    schema s;
    // Deliberately out of order: the snapshot sorts tables, never columns.
    s.tables.push_back(full_table());
    s.tables.push_back(table{.name = "sites",
                             .columns = {col("id", int64()).primary_key(), col("rating", float64()),
                                         col("published", boolean()), col("position", int32())}});
    return s;
}

void write_snapshot(const std::filesystem::path& dir, const schema& s) {
    std::filesystem::create_directories(dir);
    for (const auto& [name, content] : snapshot_files(s)) {
        write_file(dir / name, content);
    }
}

} // namespace

TEST(snapshot, table_round_trips_every_field) {
    auto original = full_table();
    original.normalize();
    EXPECT_EQ(parse_table(serialize_table(original), "pages.json"), original);
}

TEST(snapshot, directory_round_trips_a_schema) {
    temp_dir dir;
    auto original = sample_schema();
    write_snapshot(dir / "schema", original);
    original.normalize();
    EXPECT_EQ(read_snapshot(dir / "schema"), original);
}

TEST(snapshot, one_file_per_table_named_after_it) {
    const auto files = snapshot_files(sample_schema());
    ASSERT_EQ(files.size(), 2u);
    EXPECT_TRUE(files.count("pages.json"));
    EXPECT_TRUE(files.count("sites.json"));
}

TEST(snapshot, text_is_stable_and_keeps_column_order) {
    auto a = full_table();
    auto b = full_table();
    std::swap(b.indexes[0], b.indexes[1]);
    const auto text = serialize_table(a);
    EXPECT_EQ(text, serialize_table(b));
    EXPECT_LT(text.find("\"site_id\""), text.find("\"slug\""));
    EXPECT_EQ(text.back(), '\n');
}

TEST(snapshot, empty_directory_is_an_empty_schema) {
    temp_dir dir;
    std::filesystem::create_directories(dir / "schema");
    EXPECT_TRUE(read_snapshot(dir / "schema").tables.empty());
}

TEST(snapshot, corrupt_json_is_an_error_naming_the_file) {
    EXPECT_THROW_MSG(
        (void)parse_table("{\"format\": \"strata-snapshot/1\", \"table\": ", "m/users.json"),
        diagnostic_error, "m/users.json:1:42: error: corrupt snapshot: invalid JSON");
}

// Found by fuzz_snapshot: valid JSON with a number beyond a double ended the program
// (nlohmann's out_of_range.406 escaped) instead of naming the file.
TEST(snapshot, number_out_of_range_is_an_error_naming_the_file) {
    EXPECT_THROW_MSG((void)parse_table("[6, 1E999999]", "m/users.json"), diagnostic_error,
                     "m/users.json: error: corrupt snapshot: number overflow parsing '1E999999'");
}

TEST(snapshot, unknown_type_is_an_error) {
    const std::string text = R"({"format": "strata-snapshot/1", "table": "t", "columns": [
        {"name": "id", "type": "guid", "nullable": false, "primary_key": true}]})";
    EXPECT_THROW_MSG((void)parse_table(text, "t.json"), diagnostic_error,
                     "column 't.id' has unknown type 'guid'");
}

TEST(snapshot, missing_field_is_an_error) {
    const std::string text =
        R"({"format": "strata-snapshot/1", "table": "t", "columns": [{"name": "id"}]})";
    EXPECT_THROW_MSG((void)parse_table(text, "t.json"), diagnostic_error,
                     "column 't.id' has no 'type'");
}

TEST(snapshot, unknown_action_is_an_error) {
    const std::string text = R"({"format": "strata-snapshot/1", "table": "t", "columns": [],
        "foreign_keys": [{"name": "fk", "columns": ["a"], "referenced_table": "u",
        "referenced_columns": ["id"], "on_delete": "explode", "on_update": "no_action"}]})";
    EXPECT_THROW_MSG((void)parse_table(text, "t.json"), diagnostic_error,
                     "unknown on_delete action 'explode'");
}

TEST(snapshot, other_format_is_refused) {
    EXPECT_THROW_MSG(
        (void)parse_table(R"({"format": "strata-snapshot/9", "table": "t"})", "t.json"),
        diagnostic_error, "unsupported snapshot format 'strata-snapshot/9'");
}

TEST(snapshot, file_name_must_match_the_table) {
    temp_dir dir;
    write_file(dir / "schema" / "users.json", serialize_table(table{.name = "people"}));
    EXPECT_THROW_MSG((void)read_snapshot(dir / "schema"), diagnostic_error,
                     "snapshot file of table 'people' must be called 'people.json'");
}

TEST(snapshot, missing_directory_is_an_error_not_an_empty_schema) {
    temp_dir dir;
    EXPECT_THROW_MSG((void)read_snapshot(dir / "schema"), diagnostic_error,
                     "cannot read the schema snapshot");
}

// The snapshot is written without building a json value, for speed; its text must stay
// exactly what nlohmann's dump(2) gives, or every existing snapshot file would change.
TEST(snapshot, text_is_what_nlohmann_writes) {
    auto t = full_table();
    t.comment = "quotes \" and \\ backslash, \b\f\n\r\t and \x01\x1f control, \x7f, "
                "caf\xc3\xa9 \xe2\x82\xac";
    t.columns[0].comment = "";
    t.columns[1].type.enum_values = {};
    t.checks.push_back(check("ck_pages_slug", "slug <> '' AND slug NOT LIKE '%/%'"));
    for (const table& sample : {t, table{.name = "bare"}, sample_schema().tables[1]}) {
        const std::string text = serialize_table(sample);
        EXPECT_EQ(text, nlohmann::ordered_json::parse(text).dump(2) + "\n") << text;
    }
}

TEST(snapshot, invalid_utf8_is_refused_as_before) {
    auto t = full_table();
    t.comment = "bad \xff byte";
    EXPECT_THROW((void)serialize_table(t), nlohmann::json::exception);
}

// Seen from outside: "invalid JSON at byte 57" sent the reader counting bytes; an editor
// (and a merge-conflict marker) is found by line and column.
TEST(snapshot, invalid_json_is_reported_at_its_line_and_column) {
    const std::string text = "{\n  \"format\": \"strata-snapshot/1\",\n  \"table\": ,\n}\n";
    EXPECT_THROW_MSG((void)parse_table(text, "m/users.json"), diagnostic_error,
                     "m/users.json:3:12: error: corrupt snapshot: invalid JSON");
}

// Seen from outside: a length of 1e30 was read as string(-2147483648) and 1.5 as string(1).
TEST(snapshot, a_number_that_is_not_a_whole_number_in_range_is_an_error) {
    const auto with_length = [](const std::string& length) {
        return R"({"format": "strata-snapshot/1", "table": "t", "columns": [
            {"name": "c", "type": "string", "length": )" +
               length + R"(, "nullable": false, "primary_key": true}]})";
    };
    EXPECT_THROW_MSG((void)parse_table(with_length("1.5"), "t.json"), diagnostic_error,
                     "'length' of column 't.c' is not a whole number between");
    EXPECT_THROW_MSG((void)parse_table(with_length("1e30"), "t.json"), diagnostic_error,
                     "'length' of column 't.c' is not a whole number between");
    EXPECT_THROW_MSG((void)parse_table(with_length("-5000000000"), "t.json"), diagnostic_error,
                     "'length' of column 't.c' is not a whole number between");
    EXPECT_EQ(parse_table(with_length("200"), "t.json").columns.at(0).type.length, 200);
    EXPECT_THROW_MSG((void)parse_table(with_length("-5"), "t.json"), diagnostic_error,
                     "'length' of column 't.c' is -5; it must be at least 1");
}

// Seen from outside: a directory named users.json was "invalid JSON at byte 1".
TEST(snapshot, a_directory_named_like_a_snapshot_file_is_an_error_saying_so) {
    temp_dir dir;
    std::filesystem::create_directories(dir / "schema" / "users.json");
    EXPECT_THROW_MSG((void)read_snapshot(dir / "schema"), diagnostic_error,
                     "is a directory, not a snapshot file");
}
