#include "diagnostic.hpp"
#include "expect_throw_msg.hpp"
#include "snapshot.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

using namespace strata;
using namespace strata::generator;

namespace {

schema sample_schema() {
    schema s;
    // Deliberately out of order: the snapshot must sort tables, never columns.
    s.tables.push_back(table{"users",
                             {column{"id", {type_kind::int64, {}}, false, true},
                              column{"email", {type_kind::string, 120}, false, false},
                              column{"bio", {type_kind::string, {}}, true, false}}});
    s.tables.push_back(table{"sites",
                             {column{"id", {type_kind::int64, {}}, false, true},
                              column{"rating", {type_kind::float64, {}}, true, false},
                              column{"published", {type_kind::boolean, {}}, false, false},
                              column{"position", {type_kind::int32, {}}, false, false}}});
    return s;
}

} // namespace

TEST(snapshot, round_trips_every_field) {
    auto original = sample_schema();
    auto parsed = parse_snapshot(serialize_snapshot(original), "schema.json");
    original.normalize();
    EXPECT_EQ(parsed, original);
}

TEST(snapshot, text_is_sorted_and_stable) {
    auto a = sample_schema();
    auto b = sample_schema();
    std::swap(b.tables[0], b.tables[1]);
    const auto text = serialize_snapshot(a);
    EXPECT_EQ(text, serialize_snapshot(b));
    EXPECT_LT(text.find("\"sites\""), text.find("\"users\""));
    // Columns keep declaration order.
    EXPECT_LT(text.find("\"email\""), text.find("\"bio\""));
    EXPECT_EQ(text.back(), '\n');
}

TEST(snapshot, empty_schema_has_format_and_no_tables) {
    const auto text = serialize_snapshot(schema{});
    EXPECT_NE(text.find("strata-snapshot/1"), std::string::npos);
    EXPECT_TRUE(parse_snapshot(text, "schema.json").tables.empty());
}

TEST(snapshot, corrupt_json_is_an_error_naming_the_file) {
    EXPECT_THROW_MSG(
        (void)parse_snapshot("{\"format\": \"strata-snapshot/1\", \"tables\": {", "m/schema.json"),
        diagnostic_error, "m/schema.json: error: corrupt snapshot: invalid JSON");
}

TEST(snapshot, unknown_type_is_an_error) {
    const std::string text = R"({"format": "strata-snapshot/1", "tables": {"t": {"columns": [
        {"name": "id", "type": "uuid", "nullable": false, "primary_key": true}]}}})";
    EXPECT_THROW_MSG((void)parse_snapshot(text, "schema.json"), diagnostic_error,
                     "column 't.id' has unknown type 'uuid'");
}

TEST(snapshot, missing_field_is_an_error) {
    const std::string text =
        R"({"format": "strata-snapshot/1", "tables": {"t": {"columns": [{"name": "id"}]}}})";
    EXPECT_THROW_MSG((void)parse_snapshot(text, "schema.json"), diagnostic_error,
                     "column 't.id' has no 'type'");
}

TEST(snapshot, other_format_is_refused) {
    EXPECT_THROW_MSG(
        (void)parse_snapshot(R"({"format": "strata-snapshot/9", "tables": {}})", "s.json"),
        diagnostic_error, "unsupported snapshot format 'strata-snapshot/9'");
}

TEST(snapshot, missing_file_is_an_error_not_an_empty_schema) {
    strata::testing::temp_dir dir;
    EXPECT_THROW_MSG((void)read_snapshot(dir / "schema.json"), diagnostic_error,
                     "cannot read the schema snapshot");
}
