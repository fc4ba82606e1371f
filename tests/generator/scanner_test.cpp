#include "scan/scanner.hpp"

#include "compare/diff.hpp"
#include "expect_throw_msg.hpp"
#include "support/diagnostic.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

namespace strata::generator {
namespace {

namespace fs = std::filesystem;

const fs::path models_dir = STRATA_TEST_MODELS_DIR;

scan_options options_for(std::vector<fs::path> headers, std::vector<std::string> extra = {}) {
    scan_options options;
    options.headers = std::move(headers);
    options.compiler_args = {"-I" STRATA_TEST_RUNTIME_INCLUDE_DIR};
    options.compiler_args.insert(options.compiler_args.end(), extra.begin(), extra.end());
    return options;
}

column make_column(std::string name, type_kind kind, bool nullable = false,
                   bool primary_key = false, std::optional<std::int32_t> length = std::nullopt) {
    return column{std::move(name), column_type{kind, length}, nullable, primary_key};
}

TEST(scanner, scans_tables_in_namespaces_through_aliases) {
    const scan_result result = scan(options_for({models_dir / "valid" / "accounts.hpp"}));

    schema expected;
    expected.tables = {
        {"http_request_log",
         {make_column("id", type_kind::int64, false, true),
          make_column("path", type_kind::string)}},
        {"invoices",
         {make_column("number", type_kind::int64, false, true),
          make_column("year", type_kind::int32, false, true),
          make_column("customer", type_kind::string),
          make_column("currency", type_kind::string, true, false, 3),
          make_column("discount", type_kind::float64, true),
          make_column("paid", type_kind::boolean, true)}},
        {"tags", {make_column("label", type_kind::string, false, true, 64)}},
        {"user",
         {make_column("id", type_kind::int32, false, true),
          make_column("login", type_kind::string)}},
        {"user_profile",
         {make_column("id", type_kind::int64, false, true),
          make_column("email_address", type_kind::string, false, false, 120),
          make_column("display_name", type_kind::string, true),
          make_column("age", type_kind::int32, true), make_column("active", type_kind::boolean),
          make_column("balance", type_kind::float64), make_column("login_count", type_kind::int32),
          make_column("visits", type_kind::int64)}},
    };
    EXPECT_EQ(result.models, expected);
}

TEST(scanner, lists_every_opened_file_sorted_and_absolute) {
    const scan_result result = scan(options_for({models_dir / "valid" / "accounts.hpp"}));
    const auto& files = result.opened_files;

    EXPECT_TRUE(std::is_sorted(files.begin(), files.end()));
    EXPECT_EQ(std::adjacent_find(files.begin(), files.end()), files.end());
    for (const auto& file : files) {
        EXPECT_TRUE(file.is_absolute()) << file;
        EXPECT_TRUE(fs::exists(file)) << file; // the in-memory main file is not listed
    }
    const auto contains = [&](const fs::path& wanted) {
        return std::find(files.begin(), files.end(), wanted.lexically_normal()) != files.end();
    };
    EXPECT_TRUE(contains(models_dir / "valid" / "accounts.hpp"));
    EXPECT_TRUE(contains(models_dir / "valid" / "common_types.hpp"));
    EXPECT_TRUE(contains(fs::path(STRATA_TEST_RUNTIME_INCLUDE_DIR) / "strata" / "annotations.hpp"));
    // System headers count too: a changed standard library must re-run the generator.
    EXPECT_TRUE(std::any_of(files.begin(), files.end(),
                            [](const fs::path& f) { return f.filename() == "stddef.h"; }));
}

TEST(scanner, passes_compiler_args_to_the_parser) {
    const fs::path header = models_dir / "valid" / "conditional.hpp";
    EXPECT_TRUE(scan(options_for({header})).models.tables.empty());

    const scan_result with_audit = scan(options_for({header}, {"-DSTRATA_WITH_AUDIT"}));
    ASSERT_EQ(with_audit.models.tables.size(), 1U);
    EXPECT_EQ(with_audit.models.tables[0].name, "audit_entry");
}

TEST(scanner, keeps_a_given_language_standard) {
    // A second -std= would be an error for clang, so the default must step aside.
    const scan_result result =
        scan(options_for({models_dir / "valid" / "conditional.hpp"}, {"-std=c++17"}));
    EXPECT_TRUE(result.models.tables.empty());
    EXPECT_THROW_MSG(
        (void)scan(options_for({models_dir / "valid" / "accounts.hpp"}, {"-std=c++98"})),
        diagnostic_error, "error:");
}

TEST(scanner, parses_several_headers_in_one_translation_unit) {
    // common_types.hpp is included twice (directly and by accounts.hpp); #pragma once holds.
    const scan_result result = scan(options_for({models_dir / "valid" / "common_types.hpp",
                                                 models_dir / "valid" / "accounts.hpp",
                                                 models_dir / "valid" / "conditional.hpp"},
                                                {"-DSTRATA_WITH_AUDIT"}));
    ASSERT_EQ(result.models.tables.size(), 6U);
    EXPECT_EQ(result.models.tables[0].name, "audit_entry"); // normalised: sorted by name
}

TEST(scanner, returns_an_empty_schema_for_no_headers) {
    const scan_result result = scan(options_for({}));
    EXPECT_TRUE(result.models.tables.empty());
}

TEST(scanner, reports_a_missing_header) {
    EXPECT_THROW_MSG((void)scan(options_for({models_dir / "no_such_model.hpp"})), diagnostic_error,
                     "model header '" + (models_dir / "no_such_model.hpp").string() +
                         "' does not exist");
}

column_type enum_type(std::string name, std::vector<std::string> values) {
    column_type type{type_kind::enumeration};
    type.enum_name = std::move(name);
    type.enum_values = std::move(values);
    return type;
}

column_type decimal_type(std::int32_t precision, std::int32_t scale) {
    column_type type{type_kind::decimal};
    type.precision = precision;
    type.scale = scale;
    return type;
}

column typed_column(std::string name, column_type type, bool nullable = false) {
    return column{std::move(name), std::move(type), nullable};
}

TEST(scanner, maps_every_member_type) {
    const scan_result result = scan(options_for({models_dir / "valid" / "column_types.hpp"}));

    column_type citext{type_kind::string};
    citext.sql_override = "CITEXT";
    const column_type colour = enum_type("colour", {"red", "green", "light_blue"});
    schema expected;
    expected.tables = {{"type_sample",
                        {
                            make_column("id", type_kind::int64, false, true),
                            make_column("small", type_kind::int16),
                            make_column("also_small", type_kind::int16),
                            make_column("tiny", type_kind::int16),
                            make_column("unsigned_tiny", type_kind::int16),
                            make_column("medium", type_kind::int32),
                            make_column("also_medium", type_kind::int32),
                            make_column("unsigned_small", type_kind::int32),
                            make_column("large", type_kind::int64),
                            make_column("also_large", type_kind::int64),
                            make_column("unsigned_medium", type_kind::int64),
                            make_column("ratio", type_kind::float32),
                            make_column("precise", type_kind::float64),
                            make_column("flag", type_kind::boolean),
                            make_column("text", type_kind::string),
                            make_column("bounded", type_kind::string, false, false, 40),
                            make_column("blob", type_kind::binary),
                            make_column("octets", type_kind::binary),
                            make_column("chars", type_kind::binary),
                            make_column("created", type_kind::timestamp),
                            make_column("created_seconds", type_kind::timestamp),
                            make_column("birthday", type_kind::date),
                            typed_column("colour", colour),
                            typed_column("brush", enum_type("brush_kind", {"Round", "Flat"})),
                            typed_column("price", decimal_type(12, 2)),
                            typed_column("exact", decimal_type(30, 10)),
                            typed_column("whole", decimal_type(18, 0)),
                            typed_column("email", citext),
                            make_column("maybe_small", type_kind::int16, true),
                            make_column("maybe_medium", type_kind::int32, true),
                            make_column("maybe_ratio", type_kind::float32, true),
                            make_column("maybe_blob", type_kind::binary, true),
                            make_column("maybe_created", type_kind::timestamp, true),
                            make_column("maybe_birthday", type_kind::date, true),
                            typed_column("maybe_colour", colour, true),
                            typed_column("maybe_price", decimal_type(5, 3), true),
                            make_column("wall_clock", type_kind::local_timestamp),
                            make_column("wall_clock_ms", type_kind::local_timestamp),
                            make_column("local_day", type_kind::date),
                            make_column("opens_at", type_kind::time_of_day),
                            make_column("minutes_long", type_kind::interval),
                            make_column("seconds_double", type_kind::interval),
                            make_column("token", type_kind::uuid),
                            make_column("maybe_wall_clock", type_kind::local_timestamp, true),
                        }}};
    EXPECT_EQ(result.models, expected); // the excluded struct Draft is not a table
}

/// `file:line:col`, so locations compare and print in one go.
std::string text_of(const source_location& where) {
    return where.file.string() + ':' + std::to_string(where.line) + ':' +
           std::to_string(where.column);
}

/// Where @p word first occurs on the first line of @p file that contains @p line_text.
std::string position_of(const fs::path& file, std::string_view line_text, std::string_view word) {
    std::ifstream in(file);
    std::string line;
    for (unsigned number = 1; std::getline(in, line); ++number) {
        if (line.find(line_text) != std::string::npos) {
            return text_of({file.lexically_normal(), number,
                            static_cast<unsigned>(line.find(word, line.find(line_text)) + 1)});
        }
    }
    ADD_FAILURE() << "no line with '" << line_text << "' in " << file;
    return {};
}

class scanner_blog : public ::testing::Test {
protected:
    // authors.hpp is a separate header: blog.hpp's foreign keys find it in the same scan.
    const fs::path m_authors = models_dir / "valid" / "authors.hpp";
    const fs::path m_blog = models_dir / "valid" / "blog.hpp";
    const scan_result m_result = scan(options_for({m_authors, m_blog}));
};

TEST_F(scanner_blog, reads_every_table_and_column_option) {
    const column_type post_status = enum_type("post_status", {"draft", "published", "archived"});
    column author_email = make_column("email_address", type_kind::string, false, false, 200);
    author_email.comment = "used to log in";
    column title = make_column("title", type_kind::string, false, false, 200);
    title.comment = "shown in lists";
    column status = typed_column("status", post_status);
    status.server_default = "'draft'";
    column rating = make_column("rating", type_kind::int32);
    rating.server_default = "0";
    column author_id = make_column("id", type_kind::int64, false, true);
    author_id.autoincrement = true;
    column note_post = make_column("post", type_kind::int64);
    note_post.server_default = "1";
    column note_revision = make_column("revision", type_kind::int32);
    note_revision.server_default = "1";

    schema expected;
    expected.tables = {
        {"authors",
         {author_id, author_email, make_column("first_name", type_kind::string),
          make_column("last_name", type_kind::string)},
         {{"ix_authors_full_name", {"last_name", "first_name"}, false}},
         {{"uq_authors_email_address", {"email_address"}}},
         {},
         {},
         "people who write"},
        {"post_revisions",
         {make_column("post_id", type_kind::int64, false, true),
          make_column("revision", type_kind::int32, false, true),
          make_column("editor", type_kind::string)},
         {},
         {},
         {{"fk_post_revisions_editor_authors",
           {"editor"},
           "authors",
           {"email_address"},
           referential_action::no_action,
           referential_action::cascade},
          {"fk_post_revisions_post_id_posts",
           {"post_id"},
           "posts",
           {"id"},
           referential_action::cascade,
           referential_action::no_action}}},
        {"posts",
         {author_id, make_column("author_id", type_kind::int64),
          make_column("editor_email", type_kind::string, true),
          make_column("author", type_kind::string), title, make_column("slug", type_kind::string),
          status, rating, make_column("published_at", type_kind::timestamp),
          make_column("updated_at", type_kind::timestamp, true),
          make_column("parent_id", type_kind::int64, true)},
         {{"ix_posts_author_id_published_at", {"author_id", "published_at"}, false},
          {"ix_posts_slug", {"slug"}, false},
          {"ux_posts_by_slug", {"slug"}, true}},
         {{"uq_posts_author_title", {"author", "title"}}, {"uq_posts_slug", {"slug"}}},
         {{"fk_posts_author_id_authors",
           {"author_id"},
           "authors",
           {"id"},
           referential_action::cascade,
           referential_action::restrict},
          {"fk_posts_editor",
           {"editor_email"},
           "authors",
           {"email_address"},
           referential_action::set_null,
           referential_action::no_action},
          {"fk_posts_parent_id_posts",
           {"parent_id"},
           "posts",
           {"id"},
           referential_action::set_null,
           referential_action::no_action}},
         {{"ck_posts_1", "length(title) > 0"},
          {"ck_posts_2", "rating BETWEEN 0 AND 5"},
          {"ck_posts_dates", "updated_at >= published_at"},
          {"ck_posts_status", "status <> ''"}},
         "one article"},
        {"revision_notes",
         {make_column("id", type_kind::int64, false, true), note_post, note_revision},
         {},
         {},
         {{"fk_revision_notes_post_revision_post_revisions",
           {"post", "revision"},
           "post_revisions",
           {"post_id", "revision"},
           referential_action::set_default,
           referential_action::no_action}}},
    };
    ASSERT_EQ(m_result.models.tables.size(), expected.tables.size());
    for (std::size_t i = 0; i < expected.tables.size(); ++i) {
        const table& got = m_result.models.tables[i];
        const table& want = expected.tables[i];
        EXPECT_EQ(got.name, want.name);
        EXPECT_EQ(got.columns, want.columns) << want.name;
        EXPECT_EQ(got.indexes, want.indexes) << want.name;
        EXPECT_EQ(got.uniques, want.uniques) << want.name;
        EXPECT_EQ(got.foreign_keys, want.foreign_keys) << want.name;
        EXPECT_EQ(got.checks, want.checks) << want.name;
        EXPECT_EQ(got.comment, want.comment) << want.name;
    }
    EXPECT_EQ(m_result.models, expected);
}

TEST_F(scanner_blog, reports_renames_and_backfills) {
    const auto& notes = m_result.annotations;
    ASSERT_EQ(notes.renames.size(), 3U);
    EXPECT_EQ(notes.renames[0].table, "authors");
    EXPECT_EQ(notes.renames[0].column, "");
    EXPECT_EQ(notes.renames[0].old_name, "writers");
    EXPECT_EQ(text_of(notes.renames[0].where), position_of(m_authors, "    Author {", "Author"));
    EXPECT_EQ(notes.renames[1].table, "authors");
    EXPECT_EQ(notes.renames[1].column, "last_name");
    EXPECT_EQ(notes.renames[1].old_name, "surname");
    EXPECT_EQ(text_of(notes.renames[1].where),
              position_of(m_authors, "std::string last_name;", "last_name"));
    EXPECT_EQ(notes.renames[2].table, "posts");
    EXPECT_EQ(notes.renames[2].column, "title");
    EXPECT_EQ(notes.renames[2].old_name, "headline");
    EXPECT_EQ(text_of(notes.renames[2].where), position_of(m_blog, "std::string title;", "title"));

    const std::map<std::string, std::string> backfills{{"posts.published_at", "CURRENT_TIMESTAMP"},
                                                       {"posts.rating", "0"}};
    EXPECT_EQ(notes.backfills, backfills);
}

TEST_F(scanner_blog, reports_where_every_table_and_column_is_declared) {
    const auto& locations = m_result.annotations.locations;
    std::vector<std::string> keys;
    for (const auto& [key, where] : locations) {
        keys.push_back(key);
        EXPECT_NE(where.line, 0U) << key;
    }
    const std::vector<std::string> expected_keys{"authors",
                                                 "authors.email_address",
                                                 "authors.first_name",
                                                 "authors.id",
                                                 "authors.last_name",
                                                 "post_revisions",
                                                 "post_revisions.editor",
                                                 "post_revisions.post_id",
                                                 "post_revisions.revision",
                                                 "posts",
                                                 "posts.author",
                                                 "posts.author_id",
                                                 "posts.editor_email",
                                                 "posts.id",
                                                 "posts.parent_id",
                                                 "posts.published_at",
                                                 "posts.rating",
                                                 "posts.slug",
                                                 "posts.status",
                                                 "posts.title",
                                                 "posts.updated_at",
                                                 "revision_notes",
                                                 "revision_notes.id",
                                                 "revision_notes.post",
                                                 "revision_notes.revision"};
    EXPECT_EQ(keys, expected_keys);
    EXPECT_EQ(text_of(locations.at("posts")), position_of(m_blog, "    Post {", "Post"));
    EXPECT_EQ(text_of(locations.at("posts.author")),
              position_of(m_blog, "author_name;", "author_name"));
    EXPECT_EQ(text_of(locations.at("authors.email_address")),
              position_of(m_authors, "std::string email;", "email"));
}

TEST_F(scanner_blog, scans_each_header_on_its_own_only_without_foreign_keys_to_others) {
    // blog.hpp alone: its foreign keys point at a table nobody declared.
    EXPECT_THROW_MSG((void)scan(options_for({m_blog})), diagnostic_error,
                     "foreign key of struct 'blog::Post' references missing table 'authors'");
    EXPECT_EQ(scan(options_for({m_authors})).models.tables.size(), 1U);
}

// --- Name limits: the strictest dialect the build enables decides ------------------------

scan_options for_dialects(const fs::path& header, std::vector<std::string> dialects) {
    scan_options options = options_for({header});
    options.dialects = std::move(dialects);
    return options;
}

std::vector<diagnostic> scan_problems(const scan_options& options) {
    try {
        (void)scan(options);
    } catch (const diagnostic_error& error) {
        return error.diagnostics();
    }
    return {};
}

TEST(scanner_name_limits, sqlite_alone_keeps_names_of_any_length) {
    const scan_result result =
        scan(for_dialects(models_dir / "errors" / "long_names.hpp", {"sqlite"}));
    ASSERT_EQ(result.models.tables.size(), 1U);
    EXPECT_EQ(result.models.tables[0].name.size(), 66U);
    EXPECT_NE(result.models.tables[0].find_column(
                  "measurement_of_the_first_sensor_in_the_north_wing_of_the_building_a"),
              nullptr);
}

TEST(scanner_name_limits, mariadb_counts_characters_and_refuses_names_over_64) {
    // 64 bytes, and 40 characters in 80 bytes: MariaDB keeps both.
    const scan_result edge =
        scan(for_dialects(models_dir / "limits" / "edge_names.hpp", {"mysql"}));
    EXPECT_EQ(edge.models.tables.at(0).columns.size(), 3U);

    const auto problems =
        scan_problems(for_dialects(models_dir / "errors" / "long_names.hpp", {"mysql", "sqlite"}));
    ASSERT_EQ(problems.size(), 3U);
    EXPECT_EQ(problems[0].message,
              "table 'a_table_name_that_goes_on_and_on_well_past_what_postgresql_keeps_x' is 66 "
              "characters long; MariaDB and MySQL refuse names over 64 characters");
    EXPECT_EQ(problems[0].notes,
              std::vector<std::string>{
                  "rename it with STRATA_TABLE(name = \"...\") of at most 64 characters"});
    // Refused, not cut: nothing collides.
    EXPECT_EQ(problems[1].notes.size(), 1U) << format_diagnostic(problems[1]);
    EXPECT_EQ(problems[1].where.line, 11U);
    EXPECT_EQ(problems[2].where.line, 12U);
}

TEST(scanner_name_limits, postgresql_counts_bytes) {
    const auto problems =
        scan_problems(for_dialects(models_dir / "limits" / "edge_names.hpp", {"postgresql"}));
    ASSERT_EQ(problems.size(), 2U);
    EXPECT_EQ(problems[0].message,
              "column 'sixty_four_bytes_one_more_than_postgresql_keeps_fine_for_mariadb' of table "
              "'readings' is 64 bytes long; PostgreSQL keeps at most 63 and would cut it to "
              "'sixty_four_bytes_one_more_than_postgresql_keeps_fine_for_mariad'");
    EXPECT_EQ(problems[1].where.line, 14U);
    EXPECT_NE(problems[1].message.find("is 80 bytes long; PostgreSQL keeps at most 63"),
              std::string::npos)
        << problems[1].message;
    // Cut at 63 bytes without splitting a character: 31 of them, 62 bytes (non-ASCII bytes
    // are shown as \xHH).
    std::string kept;
    for (int i = 0; i < 31; ++i) {
        kept += "\\xC3\\xA9";
    }
    EXPECT_NE(problems[1].message.find("would cut it to '" + kept + "'"), std::string::npos)
        << problems[1].message;
}

TEST(scanner_name_limits, the_strictest_enabled_dialect_decides_with_one_error_per_name) {
    const auto all = scan_problems(
        for_dialects(models_dir / "limits" / "edge_names.hpp", {"sqlite", "mysql", "postgresql"}));
    const auto postgresql_only =
        scan_problems(for_dialects(models_dir / "limits" / "edge_names.hpp", {"postgresql"}));
    ASSERT_EQ(all.size(), 2U);
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(format_diagnostic(all[i]), format_diagnostic(postgresql_only[i]));
    }
    // Collisions after the cut are reported under PostgreSQL, with MariaDB enabled too.
    const auto long_names = scan_problems(
        for_dialects(models_dir / "errors" / "long_names.hpp", {"mysql", "postgresql"}));
    ASSERT_EQ(long_names.size(), 3U);
    EXPECT_NE(long_names[1].notes.at(0).find("cut like that it collides with column "
                                             "'measurement_of_the_first_sensor_in_the_north_wing_"
                                             "of_the_building_b'"),
              std::string::npos)
        << format_diagnostic(long_names[1]);
}

TEST(scanner_name_limits, an_unknown_dialect_is_refused_before_parsing) {
    EXPECT_THROW_MSG(
        (void)scan(for_dialects(models_dir / "limits" / "edge_names.hpp", {"sqlite", "oracle"})),
        diagnostic_error, "unknown dialect 'oracle'");
}

// --- Error models: each header states the diagnostics it must produce (scan or diff) ------

/// One `// expect-error: LINE:COL: message` comment, with the `// expect-note: text` lines
/// that follow it.
struct expected_error {
    unsigned line = 0;
    unsigned column = 0;
    std::string message;
    std::vector<std::string> notes;
};

std::vector<expected_error> read_expectations(const fs::path& header) {
    static const std::regex error_line(R"(//\s*expect-error:\s*(\d+):(\d+):\s*(.*\S)\s*$)");
    static const std::regex note_line(R"(//\s*expect-note:\s*(.*\S)\s*$)");
    std::vector<expected_error> expected;
    std::ifstream in(header);
    std::string line;
    std::smatch match;
    while (std::getline(in, line)) {
        if (std::regex_search(line, match, error_line)) {
            expected.push_back({static_cast<unsigned>(std::stoul(match[1])),
                                static_cast<unsigned>(std::stoul(match[2])),
                                match[3],
                                {}});
        } else if (std::regex_search(line, match, note_line) && !expected.empty()) {
            expected.back().notes.push_back(match[1]);
        }
    }
    return expected;
}

std::vector<fs::path> error_models() {
    std::vector<fs::path> headers;
    for (const auto& entry : fs::directory_iterator(models_dir / "errors")) {
        if (entry.path().extension() == ".hpp") {
            headers.push_back(entry.path());
        }
    }
    std::sort(headers.begin(), headers.end());
    return headers;
}

class scanner_error_model : public ::testing::TestWithParam<fs::path> {};

TEST_P(scanner_error_model, reports_the_expected_diagnostics) {
    const fs::path header = GetParam();
    const std::vector<expected_error> expected = read_expectations(header);
    ASSERT_FALSE(expected.empty()) << header << " has no expect-error comment";

    std::vector<diagnostic> actual;
    try {
        // A model that scans cleanly must fail the diff's validation (as generating its
        // first revision would run it), e.g. a foreign key between incomparable types.
        const scan_result scanned = scan(options_for({header}));
        (void)diff(schema{}, scanned.models, scanned.annotations);
        FAIL() << header << " scanned and diffed without errors";
    } catch (const diagnostic_error& error) {
        actual = error.diagnostics();
    }

    ASSERT_EQ(actual.size(), expected.size()) << [&] {
        std::string all;
        for (const auto& d : actual) {
            all += format_diagnostic(d) + "\n";
        }
        return all;
    }();
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& want = expected[i];
        const auto& got = actual[i];
        const std::string text = format_diagnostic(got);
        EXPECT_EQ(got.where.file, header.lexically_normal()) << text;
        const std::string prefix = header.lexically_normal().string() + ":" +
                                   std::to_string(want.line) + ":" + std::to_string(want.column) +
                                   ": error: ";
        EXPECT_TRUE(text.starts_with(prefix)) << "want prefix: " << prefix << "\ngot: " << text;
        EXPECT_NE(got.message.find(want.message), std::string::npos)
            << "want: " << want.message << "\ngot: " << text;
        for (const auto& note : want.notes) {
            EXPECT_TRUE(std::any_of(
                got.notes.begin(), got.notes.end(),
                [&](const std::string& n) { return n.find(note) != std::string::npos; }))
                << "want note: " << note << "\ngot: " << text;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(models, scanner_error_model, ::testing::ValuesIn(error_models()),
                         [](const ::testing::TestParamInfo<fs::path>& info) {
                             return info.param.stem().string();
                         });

} // namespace
} // namespace strata::generator
