// `strata squash` on real migrations directories: the squash replaces its range with the
// operations autogenerate would write for it, the snapshot proof covers it (before and
// after the originals are deleted), and what it cannot carry is refused, writing nothing.

#include "commands/commands.hpp"
#include "commands/squash.hpp"
#include "expect_throw_msg.hpp"
#include "project/migrations_dir.hpp"
#include "project/replay.hpp"
#include "render/revision_reader.hpp"
#include "support/diagnostic.hpp"
#include "temp_dir.hpp"

#include "strata/error.hpp"

#include <cstdlib>
#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <unistd.h>

using namespace strata::generator;
using strata::testing::read_file;
using strata::testing::temp_dir;
using strata::testing::write_file;

namespace {

const std::string prelude = "#pragma once\n#include <strata/annotations.hpp>\n#include "
                            "<cstdint>\n#include <optional>\n#include <string>\n";
const std::string users = "struct STRATA_TABLE(name = \"users\") User {\n"
                          "    STRATA_COLUMN(primary_key) std::int64_t id;\n"
                          "    STRATA_COLUMN(length = 120) std::string email;\n";
const std::string bio = "    std::optional<std::string> bio;\n";
const std::string pets = "struct STRATA_TABLE(name = \"pets\") Pet {\n"
                         "    STRATA_COLUMN(primary_key) std::int64_t id;\n"
                         "    std::string name;\n};\n";
const std::string age = "    std::optional<std::int32_t> age;\n";

// Four revisions (users; + bio; pets; + age), generated once and copied for each test.
class squash_command : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_template = std::filesystem::temp_directory_path() /
                     ("strata-squash-template-" + std::to_string(::getpid()));
        std::filesystem::remove_all(s_template);
        const auto root = s_template / "migrations";
        const auto header = s_template / "models" / "models.hpp";
        init_migrations_dir(root, "sqlite:///app.db");
        const std::vector<std::pair<std::string, std::string>> steps{
            {"create users", users + "};\n"},
            {"add bio", users + bio + "};\n"},
            {"add pets", users + bio + "};\n" + pets},
            {"add age", users + bio + age + "};\n" + pets}};
        long epoch = 1795666020;
        std::ostringstream log;
        for (const auto& [message, models] : steps) {
            ::setenv("SOURCE_DATE_EPOCH", std::to_string(epoch).c_str(), 1);
            epoch += 60;
            write_file(header, prelude + models);
            const autogenerate_request req{
                root, {{header}, {"-I" STRATA_TEST_RUNTIME_INCLUDE_DIR}}, message};
            s_written.push_back(autogenerate(req, false, log).written->filename());
        }
    }
    static void TearDownTestSuite() { std::filesystem::remove_all(s_template); }

    void SetUp() override {
        ::setenv("SOURCE_DATE_EPOCH", "1795666800", 1);
        std::filesystem::copy(s_template, m_dir.path(),
                              std::filesystem::copy_options::recursive |
                                  std::filesystem::copy_options::overwrite_existing);
        for (const auto& file : migrations_dir(migrations()).revisions()) {
            m_ids.push_back(file.id);
        }
        // In graph order (the file names sort by creation time).
    }
    void TearDown() override { ::unsetenv("SOURCE_DATE_EPOCH"); }

    std::filesystem::path migrations() const { return m_dir / "migrations"; }
    std::filesystem::path original(std::size_t i) const {
        return migrations() / "versions" / s_written[i];
    }
    revision_file squash_file() const {
        for (const auto& file : migrations_dir(migrations()).revisions()) {
            if (!file.replaces.empty()) {
                return file;
            }
        }
        ADD_FAILURE() << "no squash in versions/";
        return {};
    }
    std::map<std::string, std::string> files() const {
        std::map<std::string, std::string> out;
        for (const auto& e : std::filesystem::recursive_directory_iterator(migrations())) {
            if (e.is_regular_file()) {
                out[e.path().lexically_relative(migrations()).string()] = read_file(e.path());
            }
        }
        return out;
    }
    // The snapshot proof (replay of the revisions, squashes proven) passes.
    void expect_proven() const {
        const migrations_dir dir(migrations());
        EXPECT_NO_THROW((void)verified_snapshot(dir, dir.revisions()));
    }

    static inline std::filesystem::path s_template;
    static inline std::vector<std::filesystem::path> s_written;
    temp_dir m_dir;
    std::vector<std::string> m_ids;
    std::ostringstream m_log;
};

} // namespace

TEST_F(squash_command, replaces_every_revision_with_what_they_do_together) {
    const auto result = squash({migrations(), std::nullopt}, m_log);
    EXPECT_EQ(result.replaced, m_ids);
    const auto squash = squash_file();
    EXPECT_EQ(squash.file, result.written);
    EXPECT_EQ(squash.replaces, m_ids);
    EXPECT_TRUE(squash.down_revisions.empty());
    EXPECT_EQ(squash.message,
              "squash of 4 revisions (" + m_ids.front() + ".." + m_ids.back() + ")");

    // The graph keeps the originals, the squash is the shortcut under the newest one's id.
    const migrations_dir dir(migrations());
    const auto graph = make_graph(dir.revisions());
    EXPECT_EQ(graph.heads(), std::vector<std::string>{m_ids.back()});
    ASSERT_EQ(graph.squash_steps().size(), 1U);
    EXPECT_EQ(graph.squash_steps().front().id, m_ids.back());
    expect_proven();

    // Its upgrade() creates the head schema from nothing, its downgrade() undoes it.
    strata::schema from_squash;
    for (const auto& op : read_revision_effect(squash.file, read_file(squash.file)).operations) {
        apply(from_squash, op.op);
    }
    from_squash.normalize();
    EXPECT_EQ(from_squash, verified_snapshot(dir, dir.revisions()));
    for (const auto& op :
         read_revision_effect(squash.file, read_file(squash.file), true).operations) {
        apply(from_squash, op.op);
    }
    EXPECT_TRUE(from_squash.tables.empty());

    // The documented step: which files to delete, and when.
    const auto log = m_log.str();
    EXPECT_NE(log.find("once every database is at '" + m_ids.back() + "' or past it, delete"),
              std::string::npos)
        << log;
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_NE(log.find(original(i).string()), std::string::npos) << log;
    }
}

TEST_F(squash_command, a_range_sits_on_the_revision_before_it) {
    const auto result = squash({migrations(), m_ids[1] + ":" + m_ids[2], "bio and pets"}, m_log);
    const auto squash = squash_file();
    EXPECT_EQ(squash.replaces, (std::vector<std::string>{m_ids[1], m_ids[2]}));
    EXPECT_EQ(squash.down_revisions, std::vector<std::string>{m_ids[0]});
    EXPECT_EQ(squash.message, "bio and pets");
    const auto text = read_file(result.written);
    EXPECT_NE(text.find("op.create_table(\"pets\""), std::string::npos) << text;
    EXPECT_NE(text.find("op.add_column(\"users\", col(\"bio\""), std::string::npos) << text;
    EXPECT_EQ(text.find("\"age\""), std::string::npos) << text;
    expect_proven();
}

TEST_F(squash_command, deleting_the_originals_leaves_a_working_directory) {
    const auto result = squash({migrations(), m_ids[1] + ":" + m_ids[2]}, m_log);
    for (const auto& file : result.originals) {
        std::filesystem::remove(file);
    }
    expect_proven();
    const migrations_dir dir(migrations());
    const auto squash_id = squash_file().id;
    const auto graph = make_graph(dir.revisions());
    EXPECT_EQ(graph.size(), 3U);
    EXPECT_EQ(graph.get(m_ids[3])->down_revisions, std::vector<std::string>{squash_id});
    EXPECT_EQ(graph.heads(), std::vector<std::string>{m_ids[3]});
    // A new revision still builds on the head.
    const auto header = m_dir / "models" / "models.hpp";
    write_file(header,
               prelude + users + bio + age + "    std::optional<std::string> nick;\n};\n" + pets);
    const auto written =
        autogenerate({migrations(), {{header}, {"-I" STRATA_TEST_RUNTIME_INCLUDE_DIR}}, "nick"},
                     false, m_log)
            .written;
    ASSERT_TRUE(written.has_value());
    expect_proven();
}

TEST_F(squash_command, hand_written_sql_is_refused_at_its_line) {
    const auto manual = write_empty_revision(migrations(), "fill bios", m_log);
    auto text = read_file(manual);
    const std::string body = "static void upgrade([[maybe_unused]] strata::operations& op) {\n";
    const auto at = text.find(body);
    ASSERT_NE(at, std::string::npos) << text;
    text.insert(at + body.size(), "    op.execute(\"UPDATE users SET bio = ''\");\n");
    write_file(manual, text);
    const auto before = files();
    const auto line = std::count(text.begin(), text.begin() + static_cast<long>(at), '\n') + 2;
    EXPECT_THROW_MSG((void)squash({migrations(), std::nullopt}, m_log), diagnostic_error,
                     manual.string() + ":" + std::to_string(line) + ": error: revision '" +
                         migrations_dir(migrations()).revisions().back().id);
    EXPECT_THROW_MSG((void)squash({migrations(), std::nullopt}, m_log), diagnostic_error,
                     "runs hand-written SQL (op.execute), which a squash cannot carry");
    EXPECT_EQ(files(), before) << "a refused squash wrote something";
    // The range before it squashes.
    EXPECT_NO_THROW((void)squash({migrations(), m_ids[0] + ":" + m_ids[3]}, m_log));
}

TEST_F(squash_command, an_edited_squash_fails_the_snapshot_proof) {
    const auto result = squash({migrations(), std::nullopt}, m_log);
    auto text = read_file(result.written);
    const auto at = text.find("col(\"bio\"");
    ASSERT_NE(at, std::string::npos) << text;
    write_file(result.written, text.replace(at, 9, "col(\"biography\""));
    const migrations_dir dir(migrations());
    EXPECT_THROW_MSG((void)verified_snapshot(dir, dir.revisions()), diagnostic_error,
                     "does not produce the schema of the revisions it replaces (up to '" +
                         m_ids.back() + "'): tables 'users' differ");
}

TEST_F(squash_command, deleting_only_some_originals_is_an_error) {
    const auto result = squash({migrations(), std::nullopt}, m_log);
    std::filesystem::remove(result.originals.front());
    const migrations_dir dir(migrations());
    // At the squash's file, the revision the message is about.
    EXPECT_THROW_MSG((void)make_graph(dir.revisions()), diagnostic_error,
                     result.written.string() + ": error: squash revision");
    EXPECT_THROW_MSG((void)make_graph(dir.revisions()), diagnostic_error,
                     "keep every replaced revision (until every database is past them) or delete "
                     "all of them");
}

TEST_F(squash_command, a_branch_leaving_the_middle_is_refused) {
    (void)write_empty_revision(migrations(), "side", m_log, {m_ids[1], {"side"}});
    EXPECT_THROW_MSG((void)squash({migrations(), m_ids[0] + ":" + m_ids[3]}, m_log),
                     diagnostic_error, "builds on '" + m_ids[1] + "' in the middle of the range");
}
