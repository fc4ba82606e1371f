// The migrations directory never disagrees with itself: every way a repository breaks the
// snapshot or the revisions is caught before a revision is written, with the file, the
// table and the column, and nothing written; repair-snapshot rebuilds the snapshot from
// the revisions; declared branches pass the build's head check, accidental ones do not.

#include "commands/commands.hpp"
#include "expect_throw_msg.hpp"
#include "project/migrations_dir.hpp"
#include "project/replay.hpp"
#include "project/snapshot.hpp"
#include "support/diagnostic.hpp"
#include "temp_dir.hpp"

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

std::string users_model(const std::string& extra) {
    return "#pragma once\n#include <strata/annotations.hpp>\n#include <cstdint>\n"
           "#include <optional>\n#include <string>\n"
           "struct STRATA_TABLE(name = \"users\") User {\n"
           "    STRATA_COLUMN(primary_key) std::int64_t id;\n"
           "    STRATA_COLUMN(length = 120) std::string email;\n" +
           extra + "};\n";
}

const std::string with_bio = "    std::optional<std::string> bio;\n";
const std::string with_age = "    std::optional<std::int32_t> age;\n";

// A migrations directory with three revisions: users, + bio, + age. Generated once (three
// scans) and copied for each test.
class integrity : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_template = std::filesystem::temp_directory_path() /
                     ("strata-integrity-template-" + std::to_string(::getpid()));
        std::filesystem::remove_all(s_template);
        const auto root = s_template / "migrations";
        const auto header = s_template / "models" / "user.hpp";
        const autogenerate_request req{
            root, {{header}, {"-I" STRATA_TEST_RUNTIME_INCLUDE_DIR}}, ""};
        std::ostringstream log;
        init_migrations_dir(root, "sqlite:///app.db");
        const std::vector<std::pair<std::string, std::string>> steps{
            {"create users", ""}, {"add bio", with_bio}, {"add age", with_bio + with_age}};
        long epoch = 1795666020;
        for (const auto& [message, members] : steps) {
            ::setenv("SOURCE_DATE_EPOCH", std::to_string(epoch).c_str(), 1);
            epoch += 60;
            write_file(header, users_model(members));
            auto r = req;
            r.message = message;
            s_written.push_back(autogenerate(r, false, log).written->filename());
        }
    }
    static void TearDownTestSuite() { std::filesystem::remove_all(s_template); }

    void SetUp() override {
        ::setenv("SOURCE_DATE_EPOCH", "1795666200", 1);
        std::filesystem::copy(s_template, m_dir.path(),
                              std::filesystem::copy_options::recursive |
                                  std::filesystem::copy_options::overwrite_existing);
        m_first = migrations() / "versions" / s_written[0];
        m_second = migrations() / "versions" / s_written[1];
        m_third = migrations() / "versions" / s_written[2];
    }
    void TearDown() override { ::unsetenv("SOURCE_DATE_EPOCH"); }

    std::filesystem::path migrations() const { return m_dir / "migrations"; }
    std::filesystem::path model() const { return m_dir / "models" / "user.hpp"; }
    std::filesystem::path users_json() const { return migrations() / "schema" / "users.json"; }
    autogenerate_request request(std::string message = "") const {
        return {
            migrations(), {{model()}, {"-I" STRATA_TEST_RUNTIME_INCLUDE_DIR}}, std::move(message)};
    }

    // Every file of the migrations directory and its bytes.
    std::map<std::string, std::string> files() const {
        std::map<std::string, std::string> out;
        for (const auto& e : std::filesystem::recursive_directory_iterator(migrations())) {
            if (e.is_regular_file()) {
                out[e.path().lexically_relative(migrations()).string()] = read_file(e.path());
            }
        }
        return out;
    }

    // The build's autogenerate and `strata check` both stop with @p message, writing nothing.
    void expect_refused(const std::string& message) {
        const auto before = files();
        EXPECT_THROW_MSG((void)autogenerate(request(), false, m_log), diagnostic_error, message);
        EXPECT_THROW_MSG((void)autogenerate(request(), true, m_log), diagnostic_error, message);
        EXPECT_EQ(files(), before) << "a refused run wrote something";
    }

    void replace_in(const std::filesystem::path& file, const std::string& from,
                    const std::string& to) {
        auto text = read_file(file);
        const auto at = text.find(from);
        ASSERT_NE(at, std::string::npos) << from << " not in " << file;
        write_file(file, text.replace(at, from.size(), to));
    }

    static inline std::filesystem::path s_template;
    static inline std::vector<std::filesystem::path> s_written;
    temp_dir m_dir;
    std::ostringstream m_log;
    std::filesystem::path m_first;
    std::filesystem::path m_second;
    std::filesystem::path m_third;
};

} // namespace

TEST_F(integrity, a_consistent_directory_passes) {
    const migrations_dir dir(migrations());
    EXPECT_EQ(verified_snapshot(dir, dir.revisions()), read_snapshot(dir.snapshot_path()));
    EXPECT_FALSE(autogenerate(request(), false, m_log).written);
}

TEST_F(integrity, deleted_head_revision) {
    std::filesystem::remove(m_third);
    expect_refused(users_json().string() +
                   ": error: the snapshot has column 'users.age', which the revisions do not "
                   "produce\nnote: the revisions are the truth and the snapshot their cache");
}

TEST_F(integrity, deleted_middle_revision) {
    std::filesystem::remove(m_second);
    expect_refused(m_third.string() + ": error: revision '");
    expect_refused("', which is not in " + (migrations() / "versions").string() +
                   ": its file was deleted or renamed\nnote: restore the revision from version "
                   "control");
}

TEST_F(integrity, deleted_middle_revision_with_its_child_rewired) {
    const auto second = migrations_dir(migrations()).revisions()[1];
    const auto first_id = migrations_dir(migrations()).revisions()[0].id;
    std::filesystem::remove(m_second);
    replace_in(m_third, ".down_revisions = {\"" + second.id + "\"}",
               ".down_revisions = {\"" + first_id + "\"}");
    expect_refused(users_json().string() +
                   ": error: the snapshot has column 'users.bio', which the revisions do not "
                   "produce");
}

TEST_F(integrity, edited_revision_operations) {
    replace_in(m_second, "col(\"bio\", text())", "col(\"bio\", string(50))");
    expect_refused(users_json().string() +
                   ": error: column 'users.bio' differs: the snapshot has op.add_column(\"users\", "
                   "col(\"bio\", text()).nullable());, the revisions give "
                   "op.add_column(\"users\", col(\"bio\", string(50)).nullable()); (" +
                   m_second.filename().string() + ")");
}

TEST_F(integrity, deleted_snapshot_file) {
    std::filesystem::remove(users_json());
    expect_refused(users_json().string() +
                   ": error: the snapshot has no file for table 'users', which the revisions "
                   "create (last changed in " +
                   m_third.filename().string() + ")\nnote: the revisions are the truth");
}

TEST_F(integrity, edited_snapshot_file) {
    replace_in(users_json(), "\"length\": 120", "\"length\": 200");
    expect_refused(users_json().string() + ": error: column 'users.email' differs");
}

TEST_F(integrity, snapshot_with_conflict_markers) {
    auto text = read_file(users_json());
    write_file(users_json(), "<<<<<<< HEAD\n" + text + "=======\n" + text + ">>>>>>> other\n");
    expect_refused(
        "note: rebuild the snapshot from the revisions with `strata repair-snapshot -d " +
        migrations().string() + "`");
}

TEST_F(integrity, revision_added_by_hand) {
    const auto written = write_empty_revision(migrations(), "add nickname", m_log);
    replace_in(written, "    // No schema changes.\n}\n\nstatic void downgrade",
               "    op.add_column(\"users\", col(\"nickname\", text()).nullable());\n}\n\n"
               "void downgrade");
    expect_refused(users_json().string() +
                   ": error: column 'users.nickname' is missing from the snapshot; the revisions "
                   "add it (" +
                   written.filename().string() + ")");
}

TEST_F(integrity, revision_that_does_not_fit_its_ancestors) {
    const auto written = write_empty_revision(migrations(), "bio again", m_log);
    replace_in(written, "    // No schema changes.\n}\n\nstatic void downgrade",
               "    op.add_column(\"users\", col(\"bio\", text()).nullable());\n}\n\nstatic void "
               "downgrade");
    expect_refused(written.string() + ":16:8: error: revision '");
    expect_refused("does not fit the revisions before it: cannot add column 'users.bio': it "
                   "already exists");
}

TEST_F(integrity, opaque_step_must_state_its_effect) {
    const auto written = write_empty_revision(migrations(), "raw ddl", m_log);
    replace_in(written, "    // No schema changes.\n}\n\nstatic void downgrade",
               "    op.execute(\"ALTER TABLE users ADD COLUMN nickname TEXT\");\n}\n\nvoid "
               "downgrade");
    expect_refused(written.string() +
                   ":16:16: error: op.execute() changes a table or an index, which the replay "
                   "cannot see");

    // Stated: the replay sees the column, and the snapshot is then missing it.
    replace_in(
        written, "op.execute(\"ALTER TABLE users ADD COLUMN nickname TEXT\");",
        "op.execute(\"ALTER TABLE users ADD COLUMN nickname TEXT\",\n"
        "               [](strata::operations& state) {\n"
        "                   state.add_column(\"users\", col(\"nickname\", text()).nullable());\n"
        "               });");
    expect_refused("column 'users.nickname' is missing from the snapshot");
    (void)repair_snapshot(migrations(), m_log);
    write_file(model(),
               users_model(with_bio + with_age + "    std::optional<std::string> nickname;\n"));
    EXPECT_FALSE(autogenerate(request(), false, m_log).written);

    // Accepted as no change of the model (a view, say): the replay takes the user's word.
    replace_in(written, "op.execute(\"ALTER TABLE users ADD COLUMN nickname TEXT\",",
               "op.execute(\"CREATE VIEW adults AS SELECT * FROM users WHERE age >= 18\",");
    replace_in(written,
               "[](strata::operations& state) {\n"
               "                   state.add_column(\"users\", col(\"nickname\", "
               "text()).nullable());\n"
               "               }",
               "strata::no_schema_change");
    expect_refused("the snapshot has column 'users.nickname', which the revisions do not produce");
}

TEST_F(integrity, repair_rebuilds_the_snapshot_byte_for_byte) {
    const auto good = files();
    std::filesystem::remove(users_json());
    write_file(migrations() / "schema" / "ghosts.json", "{ not even json");
    const auto changed = repair_snapshot(migrations(), m_log);
    EXPECT_EQ(changed, (std::vector<std::string>{"wrote users.json", "removed ghosts.json"}));
    EXPECT_EQ(files(), good);
    EXPECT_TRUE(repair_snapshot(migrations(), m_log).empty());
    EXPECT_NE(m_log.str().find("already matches the revisions; nothing to do"), std::string::npos);
}

TEST_F(integrity, repair_refuses_revisions_that_do_not_replay_and_writes_nothing) {
    std::filesystem::remove(users_json());
    const auto written = write_empty_revision(migrations(), "bio again", m_log);
    replace_in(written, "    // No schema changes.\n}\n\nstatic void downgrade",
               "    op.add_column(\"users\", col(\"bio\", text()).nullable());\n}\n\nstatic void "
               "downgrade");
    const auto before = files();
    EXPECT_THROW_MSG((void)repair_snapshot(migrations(), m_log), diagnostic_error,
                     "cannot add column 'users.bio': it already exists");
    EXPECT_EQ(files(), before);
}

TEST_F(integrity, declared_branches_pass_the_head_check_accidental_ones_do_not) {
    // An independent branch from base, labelled: declared.
    write_empty_revision(migrations(), "audit root", m_log, {"base", {"audit"}});
    EXPECT_NO_THROW(require_declared_heads(migrations()));
    // Without --head, a new revision must say which branch.
    EXPECT_THROW_MSG((void)write_empty_revision(migrations(), "which", m_log), diagnostic_error,
                     "the revisions have independent branches (");
    EXPECT_THROW_MSG((void)write_empty_revision(migrations(), "which", m_log), diagnostic_error,
                     "audit@head ('");
    // A model change goes on the named branch; the build step says which with HEAD.
    write_file(model(),
               users_model(with_bio + with_age + "    std::optional<std::string> note;\n"));
    auto on_main = request("add note");
    on_main.placement.head = migrations_dir(migrations()).revisions()[2].id;
    EXPECT_THROW_MSG((void)autogenerate(request(), false, m_log), diagnostic_error,
                     "a new revision needs to know which one it belongs to");
    ASSERT_TRUE(autogenerate(on_main, false, m_log).written);
    EXPECT_NO_THROW(require_declared_heads(migrations()));

    // A second revision on top of the audit root besides the first: an accident.
    write_empty_revision(migrations(), "audit one", m_log, {"audit@head", {}});
    write_empty_revision(migrations(), "audit two", m_log, {"audit", {}});
    EXPECT_THROW_MSG(require_declared_heads(migrations()), diagnostic_error, "multiple heads: '");
}
