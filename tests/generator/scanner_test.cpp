#include "scanner.hpp"

#include "diagnostic.hpp"
#include "expect_throw_msg.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
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

// --- Error models: each header states the diagnostics it must produce -----------------------

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
        (void)scan(options_for({header}));
        FAIL() << header << " scanned without errors";
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
