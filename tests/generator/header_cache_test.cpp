#include "clang/header_cache.hpp"

#include "expect_throw_msg.hpp"
#include "scan/scanner.hpp"
#include "support/diagnostic.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace strata::generator {
namespace {

namespace fs = std::filesystem;

// --- What a model file's text allows -----------------------------------------------------

TEST(scan_includes, lists_angle_includes_of_a_plain_model) {
    const auto found = scan_includes("// Users.\n"
                                     "#pragma once\n"
                                     "#include <strata/annotations.hpp>\n"
                                     "#include \"local.hpp\"\n"
                                     "\n"
                                     "#include <chrono>\r\n"
                                     "#include < string > // trailing comment\n"
                                     "struct STRATA_TABLE() user { int id; };\n");
    EXPECT_TRUE(found.safe);
    EXPECT_FALSE(found.defines_macros);
    EXPECT_EQ(found.system_includes,
              (std::vector<std::string>{"strata/annotations.hpp", "chrono", "string"}));
}

TEST(scan_includes, accepts_an_include_guard_and_conditions) {
    const auto found = scan_includes("#ifndef APP_USER_HPP\n"
                                     "#define APP_USER_HPP\n"
                                     "#if defined(__clang__)\n"
                                     "#include <optional>\n"
                                     "#else\n"
                                     "#include <vector>\n"
                                     "#endif\n"
                                     "#endif\n");
    EXPECT_TRUE(found.safe);
    EXPECT_FALSE(found.defines_macros);
    EXPECT_EQ(found.system_includes, (std::vector<std::string>{"optional", "vector"}));
}

TEST(scan_includes, ignores_directives_in_comments) {
    const auto found = scan_includes("/* #define _GLIBCXX_DEBUG\n"
                                     "   #include <bad> */\n"
                                     "// #undef NDEBUG\n"
                                     "#include /* here */ <string>\n"
                                     "const char* text = \"// not a comment\";\n");
    EXPECT_TRUE(found.safe);
    EXPECT_EQ(found.system_includes, (std::vector<std::string>{"string"}));
}

TEST(scan_includes, refuses_macros_that_configure_system_headers) {
    EXPECT_FALSE(scan_includes("#define _GLIBCXX_DEBUG 1\n#include <vector>\n").safe);
    // Even after the includes: a later model's system include would see it.
    EXPECT_FALSE(scan_includes("#include <vector>\n#define NDEBUG\n").safe);
    EXPECT_FALSE(scan_includes("#include <vector>\n#undef _GNU_SOURCE\n").safe);
    // Joined by a line continuation.
    EXPECT_FALSE(scan_includes("#def\\\nine _FILE_OFFSET_BITS 64\n").safe);
}

TEST(scan_includes, refuses_code_or_macros_before_a_system_include) {
    EXPECT_FALSE(scan_includes("struct forward;\n#include <vector>\n").safe);
    EXPECT_FALSE(scan_includes("#define APP_LIMIT 3\n#include <vector>\n").safe);
    EXPECT_FALSE(scan_includes("#pragma pack(push, 1)\n#include <vector>\n").safe);
    EXPECT_FALSE(scan_includes("#include APP_HEADER\n").safe);
    EXPECT_FALSE(scan_includes("#include_next <vector>\n").safe);
}

TEST(scan_includes, allows_macros_after_the_includes_and_strata_macros_anywhere) {
    const auto after = scan_includes("#include <vector>\n#define APP_LIMIT 3\nstruct x {};\n");
    EXPECT_TRUE(after.safe);
    EXPECT_TRUE(after.defines_macros);
    // What annotations.hpp itself does.
    const auto strata = scan_includes("#define STRATA_TABLE(...)\n#include <string>\n");
    EXPECT_TRUE(strata.safe);
    EXPECT_FALSE(strata.defines_macros);
}

TEST(scan_includes, stops_listing_at_a_condition_other_than_the_guard) {
    const auto found = scan_includes("#ifndef APP_USER_HPP\n"
                                     "#define APP_USER_HPP\n"
                                     "#include <string>\n"
                                     "#ifdef _LIBCPP_VERSION\n"
                                     "#include <vector>\n"
                                     "#endif\n"
                                     "#include <chrono>\n"
                                     "#endif\n");
    EXPECT_TRUE(found.safe);
    EXPECT_TRUE(found.ordered);
    EXPECT_EQ(found.system_includes, (std::vector<std::string>{"string"}));
    // An #ifndef not followed by its #define is a condition too.
    const auto not_a_guard = scan_includes("#ifndef APP_WIDE\n#include <vector>\n#endif\n");
    EXPECT_TRUE(not_a_guard.ordered);
    EXPECT_TRUE(not_a_guard.system_includes.empty());
    EXPECT_TRUE(scan_includes("#include <string>\n#if LIB_VERSION > 2\n#endif\n").ordered);
    // The compiler's own macros, and strata's, no header can change.
    EXPECT_FALSE(scan_includes("#if defined(__clang__) && __cplusplus >= 202002L\n#endif\n"
                               "#ifdef STRATA_TABLE\n#endif\n")
                     .ordered);
}

TEST(scan_includes, notes_where_the_first_quoted_include_is) {
    const auto found = scan_includes("#include <string>\n"
                                     "#include \"cfg.h\"\n"
                                     "#include <vector>\n"
                                     "#include \"other.h\"\n");
    EXPECT_EQ(found.system_includes, (std::vector<std::string>{"string", "vector"}));
    EXPECT_EQ(found.first_quoted, std::optional<std::size_t>(1));
    EXPECT_FALSE(scan_includes("#include <string>\n").first_quoted.has_value());
}

// --- Scans through the cache --------------------------------------------------------------

void write_file(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
}

/// The non-empty files of @p dir with @p extension (an empty .pch marks headers that did
/// not precompile).
std::vector<fs::path> files_in(const fs::path& dir, const std::string& extension) {
    std::vector<fs::path> files;
    if (fs::is_directory(dir)) {
        for (const auto& entry : fs::directory_iterator(dir)) {
            if (entry.path().extension() == extension && fs::file_size(entry.path()) > 0) {
                files.push_back(entry.path());
            }
        }
    }
    return files;
}

class cached_scan : public ::testing::Test {
protected:
    cached_scan() {
        write_file(m_dir / "sys" / "app_types.hpp", "#pragma once\n"
                                                    "#include <cstdint>\n"
                                                    "using quantity_t = std::int32_t;\n");
        write_file(m_dir / "models" / "order.hpp",
                   "#pragma once\n"
                   "#include <strata/annotations.hpp>\n"
                   "#include <app_types.hpp>\n"
                   "#include <chrono>\n"
                   "#include <optional>\n"
                   "#include <string>\n"
                   "\n"
                   "namespace shop::v1 {\n"
                   "struct STRATA_TABLE() order {\n"
                   "    STRATA_COLUMN(primary_key) std::int64_t id;\n"
                   "    STRATA_COLUMN(length = 40, index) std::string code;\n"
                   "    quantity_t quantity;\n"
                   "    std::optional<std::chrono::system_clock::time_point> shipped;\n"
                   "};\n"
                   "} // namespace shop::v1\n"
                   "struct STRATA_TABLE() outside { STRATA_COLUMN(primary_key) int id; };\n");
    }

    /// The options of every scan here; -isystem makes app_types.hpp a system header, as a
    /// library's header would be.
    scan_options options(bool cached) const {
        scan_options result;
        result.headers = {m_dir / "models" / "order.hpp"};
        result.compiler_args = {"-I" STRATA_TEST_RUNTIME_INCLUDE_DIR,
                                "-isystem" + (m_dir / "sys").string()};
        result.cpp_namespace = "shop";
        if (cached) {
            result.cache_dir = cache();
        }
        return result;
    }

    fs::path cache() const { return m_dir / "cache"; }
    const fs::path& dir() const { return m_dir.path(); }

    /// Scans until the precompiled headers exist: the first scan learns which headers to
    /// precompile, the second builds them.
    scan_result warm_up() const {
        scan_result result = scan(options(true));
        EXPECT_TRUE(files_in(cache(), ".pch").empty());
        result = scan(options(true));
        EXPECT_EQ(files_in(cache(), ".pch").size(), 1U);
        return result;
    }

private:
    strata::testing::temp_dir m_dir;
};

TEST_F(cached_scan, gives_the_result_of_a_plain_scan) {
    const scan_result plain = scan(options(false));
    ASSERT_EQ(plain.models.tables.size(), 1U); // `outside` is not in namespace shop
    EXPECT_EQ(plain.models.tables[0].name, "order");

    warm_up();
    const scan_result cached = scan(options(true));
    EXPECT_EQ(cached.models, plain.models);
    EXPECT_EQ(cached.annotations.locations.size(), plain.annotations.locations.size());
    for (const auto& [key, where] : plain.annotations.locations) {
        ASSERT_TRUE(cached.annotations.locations.count(key)) << key;
        const auto& other = cached.annotations.locations.at(key);
        EXPECT_EQ(other.file, where.file) << key;
        EXPECT_EQ(other.line, where.line) << key;
        EXPECT_EQ(other.column, where.column) << key;
    }
    // The build's depfile still names every header, the precompiled ones included.
    EXPECT_EQ(cached.opened_files, plain.opened_files);
    EXPECT_NE(std::find(cached.opened_files.begin(), cached.opened_files.end(),
                        dir() / "sys" / "app_types.hpp"),
              cached.opened_files.end());
}

TEST_F(cached_scan, sees_a_changed_system_header) {
    warm_up();
    ASSERT_EQ(scan(options(true)).models.tables[0].columns[2].type.kind, type_kind::int32);

    // A changed size is enough for libclang to refuse the precompiled file; the time stamp
    // is moved on too, as an editor would.
    const fs::path header = dir() / "sys" / "app_types.hpp";
    write_file(header, "#pragma once\n"
                       "#include <cstdint>\n"
                       "using quantity_t = std::int64_t; // now 64 bits\n");
    fs::last_write_time(header, fs::last_write_time(header) + std::chrono::seconds(5));

    const scan_result changed = scan(options(true));
    EXPECT_EQ(changed.models.tables[0].columns[2].type.kind, type_kind::int64);
    EXPECT_EQ(changed.models, scan(options(false)).models);
    // The stale file was dropped; the next scan precompiles again and still sees int64.
    EXPECT_TRUE(files_in(cache(), ".pch").empty());
    EXPECT_EQ(scan(options(true)).models.tables[0].columns[2].type.kind, type_kind::int64);
    EXPECT_EQ(files_in(cache(), ".pch").size(), 1U);
    EXPECT_EQ(scan(options(true)).models.tables[0].columns[2].type.kind, type_kind::int64);
}

TEST_F(cached_scan, survives_a_corrupt_precompiled_file) {
    warm_up();
    const auto pch = files_in(cache(), ".pch").at(0);
    write_file(pch, "not a precompiled header");
    EXPECT_EQ(scan(options(true)).models, scan(options(false)).models);
    EXPECT_FALSE(fs::exists(pch));
}

TEST_F(cached_scan, reports_model_errors_as_a_plain_scan_does) {
    warm_up();
    write_file(dir() / "models" / "order.hpp",
               "#pragma once\n"
               "#include <strata/annotations.hpp>\n"
               "#include <string>\n"
               "namespace shop {\n"
               "struct STRATA_TABLE() order { STRATA_COLUMN(primary_key) std::strin id; };\n"
               "}\n");
    std::string plain_message;
    try {
        (void)scan(options(false));
    } catch (const diagnostic_error& error) {
        plain_message = error.what();
    }
    ASSERT_NE(plain_message.find("no type named 'strin' in namespace 'std'"), std::string::npos)
        << plain_message;
    EXPECT_THROW_MSG((void)scan(options(true)), diagnostic_error, plain_message);
    // A model error says nothing about the precompiled headers: they stay.
    EXPECT_EQ(files_in(cache(), ".pch").size(), 1U);
}

TEST_F(cached_scan, precompiles_nothing_when_a_model_configures_the_standard_library) {
    write_file(dir() / "models" / "order.hpp",
               "#pragma once\n"
               "#define _GLIBCXX_ASSERTIONS 1\n"
               "#include <strata/annotations.hpp>\n"
               "#include <string>\n"
               "namespace shop {\n"
               "struct STRATA_TABLE() order { STRATA_COLUMN(primary_key) std::string id; };\n"
               "}\n");
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(scan(options(true)).models.tables.size(), 1U);
    }
    EXPECT_TRUE(files_in(cache(), ".pch").empty());
}

TEST_F(cached_scan, follows_models_that_stop_including_a_header) {
    warm_up();
    // <chrono> is no longer included: the header list shrinks and a new file replaces the
    // old one, so a model cannot come to rely on a header it does not include.
    write_file(dir() / "models" / "order.hpp",
               "#pragma once\n"
               "#include <strata/annotations.hpp>\n"
               "#include <string>\n"
               "namespace shop {\n"
               "struct STRATA_TABLE() order { STRATA_COLUMN(primary_key) std::string id; };\n"
               "}\n");
    (void)scan(options(true));
    (void)scan(options(true));
    const auto pch = files_in(cache(), ".pch");
    ASSERT_EQ(pch.size(), 1U);
    const auto prefix = fs::path(pch[0]).replace_extension(".hpp");
    std::ifstream in(prefix);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("#include <string>"), std::string::npos) << text;
    EXPECT_EQ(text.find("chrono"), std::string::npos) << text;
}

TEST_F(cached_scan, keeps_one_file_per_set_of_models) {
    warm_up();
    // A second target with its own models and the same directory and arguments.
    write_file(dir() / "models" / "invoice.hpp",
               "#pragma once\n"
               "#include <strata/annotations.hpp>\n"
               "#include <string>\n"
               "namespace shop {\n"
               "struct STRATA_TABLE() invoice { STRATA_COLUMN(primary_key) std::string id; };\n"
               "}\n");
    scan_options other = options(true);
    other.headers = {dir() / "models" / "invoice.hpp"};
    (void)scan(other);
    EXPECT_EQ(scan(other).models.tables.at(0).name, "invoice");
    EXPECT_EQ(files_in(cache(), ".pch").size(), 2U);
    // Neither replaced the other's: both still scan with their own.
    EXPECT_EQ(scan(options(true)).models.tables.at(0).name, "order");
    EXPECT_EQ(scan(other).models.tables.at(0).name, "invoice");
    EXPECT_EQ(files_in(cache(), ".pch").size(), 2U);
}

TEST_F(cached_scan, removes_stale_files_when_it_writes_a_new_one) {
    warm_up();
    const auto now = fs::file_time_type::clock::now();
    const auto write_aged = [&](const std::string& name, std::chrono::hours age) {
        write_file(cache() / name, "x");
        fs::last_write_time(cache() / name, now - age);
    };
    // Another key not scanned with for eight days, one scanned with yesterday, a temporary
    // file of a build killed an hour ago and one of a build that may be running now.
    write_aged("00000000000000aa.headers", std::chrono::hours(24 * 8));
    write_aged("00000000000000aa-0000000000000001.pch", std::chrono::hours(24 * 8));
    write_aged("00000000000000bb.headers", std::chrono::hours(24));
    write_aged("00000000000000bb-0000000000000002.pch", std::chrono::hours(24 * 8));
    write_aged("00000000000000cc-0000000000000003.pch.tmp99", std::chrono::hours(1));
    write_aged("00000000000000cc-0000000000000004.pch.tmp98", std::chrono::hours(0));

    // A new header list: a new precompiled file.
    write_file(dir() / "models" / "order.hpp",
               "#pragma once\n"
               "#include <strata/annotations.hpp>\n"
               "#include <string>\n"
               "namespace shop {\n"
               "struct STRATA_TABLE() order { STRATA_COLUMN(primary_key) std::string id; };\n"
               "}\n");
    (void)scan(options(true));
    (void)scan(options(true));
    EXPECT_FALSE(fs::exists(cache() / "00000000000000aa.headers"));
    EXPECT_FALSE(fs::exists(cache() / "00000000000000aa-0000000000000001.pch"));
    EXPECT_TRUE(fs::exists(cache() / "00000000000000bb.headers"));
    EXPECT_TRUE(fs::exists(cache() / "00000000000000bb-0000000000000002.pch"));
    EXPECT_FALSE(fs::exists(cache() / "00000000000000cc-0000000000000003.pch.tmp99"));
    EXPECT_TRUE(fs::exists(cache() / "00000000000000cc-0000000000000004.pch.tmp98"));
    // This key's own file stays, its earlier one is gone.
    EXPECT_EQ(files_in(cache(), ".pch").size(), 2U); // this key's and bb's
    EXPECT_EQ(scan(options(true)).models, scan(options(false)).models);
}

TEST_F(cached_scan, never_precompiles_a_header_of_the_user) {
    // <app_config.hpp> names the user's header (found through -I first), while a system
    // header of the same file name is opened too: the name alone looks like a system header.
    write_file(dir() / "sys" / "vendor.hpp", "#pragma once\n#include \"vendor/app_config.hpp\"\n");
    write_file(dir() / "sys" / "vendor" / "app_config.hpp", "#pragma once\nint vendor_flag();\n");
    write_file(dir() / "include" / "app_config.hpp",
               "#pragma once\n"
               "#include <strata/annotations.hpp>\n"
               "namespace shop {\n"
               "struct STRATA_TABLE() setting { STRATA_COLUMN(primary_key) int id; };\n"
               "}\n");
    write_file(dir() / "models" / "order.hpp",
               "#pragma once\n"
               "#include <strata/annotations.hpp>\n"
               "#include <vendor.hpp>\n"
               "#include <app_config.hpp>\n"
               "#include <string>\n"
               "namespace shop {\n"
               "struct STRATA_TABLE() order { STRATA_COLUMN(primary_key) std::string id; };\n"
               "}\n");
    scan_options with_include = options(true);
    with_include.compiler_args.push_back("-I" + (dir() / "include").string());
    for (int i = 0; i < 3; ++i) {
        const auto result = scan(with_include);
        ASSERT_EQ(result.models.tables.size(), 2U) << "scan " << i;
        EXPECT_EQ(result.models.tables[0].name, "order");
        EXPECT_EQ(result.models.tables[1].name, "setting");
    }
    EXPECT_TRUE(files_in(cache(), ".pch").empty());
}

// --- The cache never changes the result: the model text decides, every scan ---------------

/// A library header whose type depends on a macro the models may define, behind an include
/// guard: once precompiled, a later definition of the macro no longer reaches it.
void write_lib(const fs::path& sys) {
    write_file(sys / "lib.h", "#ifndef LIB_H\n"
                              "#define LIB_H\n"
                              "#if defined(WIDE_IDS) || defined(_WIDE_IDS)\n"
                              "using lib_id = long long;\n"
                              "#else\n"
                              "using lib_id = int;\n"
                              "#endif\n"
                              "#endif\n");
}

const std::string lib_model_body = "namespace shop {\n"
                                   "struct STRATA_TABLE() item { STRATA_COLUMN(primary_key) "
                                   "lib_id id; };\n"
                                   "}\n";

TEST_F(cached_scan, checks_the_models_current_text_on_every_cached_scan) {
    write_lib(dir() / "sys");
    const fs::path model = dir() / "models" / "order.hpp";
    write_file(model, "#pragma once\n"
                      "#include <strata/annotations.hpp>\n"
                      "#include <lib.h>\n" +
                          lib_model_body);
    warm_up();
    ASSERT_EQ(scan(options(true)).models.tables.at(0).columns.at(0).type.kind, type_kind::int32);

    // A macro that configures the library, above its include: the precompiled file (valid
    // for the library's unchanged header) must not be used.
    write_file(model, "#pragma once\n"
                      "#define _WIDE_IDS 1\n"
                      "#include <strata/annotations.hpp>\n"
                      "#include <lib.h>\n" +
                          lib_model_body);
    fs::last_write_time(model, fs::last_write_time(model) + std::chrono::seconds(5));
    const scan_result plain = scan(options(false));
    ASSERT_EQ(plain.models.tables.at(0).columns.at(0).type.kind, type_kind::int64);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(scan(options(true)).models, plain.models) << "scan " << i;
    }
    EXPECT_TRUE(files_in(cache(), ".pch").empty());
}

TEST_F(cached_scan, never_moves_a_system_header_ahead_of_a_quoted_include) {
    write_lib(dir() / "sys");
    write_file(dir() / "models" / "cfg.h", "#pragma once\n#define WIDE_IDS 1\n");
    write_file(dir() / "models" / "order.hpp", "#pragma once\n"
                                               "#include <strata/annotations.hpp>\n"
                                               "#include \"cfg.h\"\n"
                                               "#include <lib.h>\n" +
                                                   lib_model_body);
    const scan_result plain = scan(options(false));
    ASSERT_EQ(plain.models.tables.at(0).columns.at(0).type.kind, type_kind::int64);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(scan(options(true)).models, plain.models) << "scan " << i;
    }
}

TEST_F(cached_scan, never_moves_a_system_header_ahead_of_a_user_header_in_angle_brackets) {
    // <app_cfg.h> is the user's (found through -I), so it is parsed with the models; the
    // system header after it must be too.
    write_lib(dir() / "sys");
    write_file(dir() / "include" / "app_cfg.h", "#pragma once\n#define WIDE_IDS 1\n");
    write_file(dir() / "models" / "order.hpp", "#pragma once\n"
                                               "#include <strata/annotations.hpp>\n"
                                               "#include <app_cfg.h>\n"
                                               "#include <lib.h>\n" +
                                                   lib_model_body);
    scan_options plain_options = options(false);
    plain_options.compiler_args.push_back("-I" + (dir() / "include").string());
    scan_options cached_options = options(true);
    cached_options.compiler_args = plain_options.compiler_args;
    const scan_result plain = scan(plain_options);
    ASSERT_EQ(plain.models.tables.at(0).columns.at(0).type.kind, type_kind::int64);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(scan(cached_options).models, plain.models) << "scan " << i;
    }
}

TEST_F(cached_scan, never_moves_a_system_header_ahead_of_a_condition) {
    // The condition tests a macro of <lib.h>, which a plain scan has not seen yet there.
    write_lib(dir() / "sys");
    write_file(dir() / "sys" / "wide.h", "#pragma once\n#define WIDE_IDS 1\n");
    write_file(dir() / "models" / "order.hpp", "#pragma once\n"
                                               "#include <strata/annotations.hpp>\n"
                                               "#ifdef LIB_H\n"
                                               "#include <wide.h>\n"
                                               "#endif\n"
                                               "#include <lib.h>\n"
                                               "#ifdef WIDE_IDS\n"
                                               "using app_id = long long;\n"
                                               "#else\n"
                                               "using app_id = int;\n"
                                               "#endif\n"
                                               "namespace shop {\n"
                                               "struct STRATA_TABLE() item { "
                                               "STRATA_COLUMN(primary_key) app_id id; };\n"
                                               "}\n");
    const scan_result plain = scan(options(false));
    ASSERT_EQ(plain.models.tables.at(0).columns.at(0).type.kind, type_kind::int32);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(scan(options(true)).models, plain.models) << "scan " << i;
    }
}

} // namespace
} // namespace strata::generator
