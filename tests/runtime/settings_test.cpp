// strata.ini through the one reader every tool uses (issue 14, item 5): what a value is
// when a comment follows it, and every refusal with its line.

#include "expect_throw_msg.hpp"
#include "temp_dir.hpp"

#include "strata/settings.hpp"

#include <gtest/gtest.h>

namespace {
using strata::testing::temp_dir;
using strata::testing::write_file;

class Settings : public ::testing::Test {
protected:
    strata::ini_settings read(const std::string& text) {
        write_file(m_dir / "strata.ini", text);
        return strata::read_ini(m_dir / "strata.ini");
    }
    temp_dir m_dir;
};

TEST_F(Settings, DefaultsWhenEmpty) {
    const auto s = read("");
    EXPECT_EQ(s.database_url, "");
    EXPECT_EQ(s.version_table, "strata_version");
    EXPECT_EQ(s.snapshot, "schema");
    EXPECT_EQ(s.truncate_slug_length, 40U);
    EXPECT_EQ(s.log_level, strata::log_level::info);
    EXPECT_EQ(s.post_write, "clang-format");
    EXPECT_FALSE(s.post_write_set);
}

TEST_F(Settings, InlineCommentsEndTheValue) {
    const auto s = read("# settings\n"
                        "[strata]   ; the main section\n"
                        "database_url = sqlite:///notes.db   # the dev database\n"
                        "version_table = notes_version\t; renamed\n"
                        "file_template = {rev}_{slug}#not-a-comment\n"
                        "truncate_slug_length = 20 # short\n"
                        "  ; indented comment\n"
                        "[logging]\n"
                        "level = warning # quiet\n"
                        "[hooks]\n"
                        "post_write = clang-format-14 --verbose ; pinned\n");
    EXPECT_EQ(s.database_url, "sqlite:///notes.db");
    EXPECT_EQ(s.version_table, "notes_version");
    EXPECT_EQ(s.file_template, "{rev}_{slug}#not-a-comment");
    EXPECT_EQ(s.truncate_slug_length, 20U);
    EXPECT_EQ(s.log_level, strata::log_level::warning);
    EXPECT_EQ(s.post_write, "clang-format-14 --verbose");
    EXPECT_TRUE(s.post_write_set);
}

TEST_F(Settings, RefusalsNameTheLine) {
    const auto path = (m_dir / "strata.ini").string();
    EXPECT_THROW_MSG(read("[strata]\nversion_tabel = x\n"), strata::settings_error,
                     path + ":2: error: unknown setting 'version_tabel' in [strata]; did you "
                            "mean 'version_table'?");
    EXPECT_THROW_MSG(read("[strata]\nversion_table = a\nversion_table = b\n"),
                     strata::settings_error, ":3: error: 'version_table' is set twice in [strata]");
    EXPECT_THROW_MSG(read("[logging]\nlevel = debug\n"), strata::settings_error,
                     ":2: error: [logging] level 'debug' is not a level strata has; use warning");
    EXPECT_THROW_MSG(read("[strata]\ntruncate_slug_length = 0\n"), strata::settings_error,
                     ":2: error: truncate_slug_length '0' is not a positive whole number");
    EXPECT_THROW_MSG(read("[strata]\nversion_table =   # nothing\n"), strata::settings_error,
                     ":2: error: version_table is empty");
    EXPECT_THROW_MSG(read("database_url = x\n"), strata::settings_error,
                     ":1: error: 'database_url' comes before any [section]");
    EXPECT_THROW_MSG(read("[stratum]\n"), strata::settings_error,
                     ":1: error: unknown section [stratum]; did you mean [strata]?");
    EXPECT_THROW_MSG(read("[strata]\njust words\n"), strata::settings_error,
                     ":2: error: this line is not a `key = value` setting");
    EXPECT_THROW_MSG((void)strata::read_ini(m_dir / "missing.ini"), strata::settings_error,
                     "missing.ini: error: cannot read strata.ini");
    try {
        read("[strata]\n\nsnapshot = \n");
        FAIL() << "an empty snapshot was accepted";
    } catch (const strata::settings_error& e) {
        EXPECT_EQ(e.line(), 3U);
        EXPECT_EQ(e.reason(), "snapshot is empty");
    }
}

// Seen from outside: `lock_timeout = abc` was refused only when a command read it, as
// "lock_timeout in strata.ini", without the file or the line.
TEST_F(Settings, ATimeoutThatIsNotANumberOfSecondsIsRefusedAtItsLine) {
    EXPECT_THROW_MSG(read("[strata]\n\nlock_timeout = abc\n"), strata::settings_error,
                     "strata.ini:3: error: lock_timeout must be a number of seconds between 0 "
                     "and 86400, e.g. 120; got 'abc'");
    EXPECT_THROW_MSG(read("[strata]\nddl_lock_timeout = -1\n"), strata::settings_error,
                     "strata.ini:2: error: ddl_lock_timeout must be a number of seconds");
    EXPECT_EQ(read("[strata]\nlock_timeout = 2.5  # seconds\n").lock_timeout, "2.5");
    EXPECT_THROW_MSG(read("[strata]\nlock_timeout = 0x10\n"), strata::settings_error,
                     "lock_timeout must be a number of seconds");
    EXPECT_THROW_MSG(read("[strata]\nlock_timeout = 1e3\n"), strata::settings_error,
                     "lock_timeout must be a number of seconds");
}

// Seen from outside: `level` under [strata] got "did you mean 'level'?".
TEST_F(Settings, AKnownKeyInTheWrongSectionNamesItsSection) {
    EXPECT_THROW_MSG(read("[strata]\nlevel = info\n"), strata::settings_error,
                     "strata.ini:2: error: 'level' is not a setting of [strata]; it belongs in "
                     "[logging]");
}

// Seen from outside: a strata.ini saved with a byte-order mark (Windows editors) was
// refused at line 1 as "not a `key = value` setting".
TEST_F(Settings, AByteOrderMarkBeforeTheFirstLineIsNotPartOfIt) {
    const auto s = read("\xEF\xBB\xBF[strata]\ndatabase_url = sqlite:///app.db\n");
    EXPECT_EQ(s.database_url, "sqlite:///app.db");
}

} // namespace
