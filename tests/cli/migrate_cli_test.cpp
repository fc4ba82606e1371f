// The per-application migrate tool (strata::migrate_main) as an operator uses it: every
// command on a real SQLite file, and every bad input with its message and exit code.

#include "cli_revisions.hpp"
#include "temp_dir.hpp"

#include "strata/cli.hpp"
#include "strata/connection.hpp"
#include "strata/detail/sqlite_url.hpp"
#include "strata/detail/tool_text.hpp"
#include "strata/migrator.hpp"
#include "strata/offline.hpp"
#include "strata/postgresql/dialect.hpp"
#include "strata/sqlite/dialect.hpp"

#include <algorithm>
#include <cstdlib>
#include <gtest/gtest.h>
#include <sstream>

namespace {
using namespace strata::testing::cli;
using strata::testing::temp_dir;
using strata::testing::write_file;
using ids = std::vector<std::string>;

struct result {
    int code;
    std::string out;
    std::string err;
};

class MigrateCli : public ::testing::Test {
protected:
    void SetUp() override { ::unsetenv("STRATA_DATABASE_URL"); }
    void TearDown() override { ::unsetenv("STRATA_DATABASE_URL"); }

    result run(std::vector<std::string> args, std::vector<strata::revision> revisions = linear(),
               std::string ini = {}) {
        std::ostringstream out;
        std::ostringstream err;
        strata::migrate_cli_options options;
        options.program_name = "app_migrate";
        options.revisions = std::move(revisions);
        options.ini_file = std::move(ini);
        options.out = &out;
        options.err = &err;
        const int code = strata::migrate_main(args, options);
        return {code, out.str(), err.str()};
    }
    /// run() against this test's database.
    result run_db(std::vector<std::string> args,
                  std::vector<strata::revision> revisions = linear()) {
        args.push_back("--url");
        args.push_back(m_url);
        return run(std::move(args), std::move(revisions));
    }
    ids versions() {
        auto db = strata::connect(m_url);
        return strata::migrator(*db, linear()).current();
    }
    bool has_table(const std::string& name) { return strata::connect(m_url)->has_table(name); }

    temp_dir m_dir;
    std::string m_url = m_dir.sqlite_url("app.db");
};

#define EXPECT_CONTAINS(text, part)                                                                \
    EXPECT_NE(std::string(text).find(part), std::string::npos) << "in: " << (text)

TEST_F(MigrateCli, UpgradeToHeadPrintsEachRevision) {
    const auto r = run_db({"upgrade"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_CONTAINS(r.out, "upgrade base -> a1b2c3d4e5f6, create users (");
    EXPECT_CONTAINS(r.out, "upgrade b7c8d9e0f1a2 -> c3d4e5f6a7b8, seed admin (");
    EXPECT_CONTAINS(r.out, " ms)\n");
    EXPECT_EQ(versions(), ids{seed_id});

    const auto again = run_db({"upgrade", "head"});
    EXPECT_EQ(again.code, 0);
    EXPECT_EQ(again.out, "upgrade: database " + m_url +
                             " (from --url)\nnothing to do: the database is at c3d4e5f6a7b8\n");
}

TEST_F(MigrateCli, UpgradeAndDowngradeToTargets) {
    EXPECT_EQ(run_db({"upgrade", "+1"}).code, 0);
    EXPECT_EQ(versions(), ids{users_id});
    EXPECT_EQ(run_db({"upgrade", "b7c8"}).code, 0);
    EXPECT_EQ(versions(), ids{posts_id});
    EXPECT_EQ(run_db({"upgrade"}).code, 0);
    const auto down = run_db({"downgrade"}); // default -1
    EXPECT_EQ(down.code, 0) << down.err;
    EXPECT_CONTAINS(down.out, "downgrade c3d4e5f6a7b8 -> b7c8d9e0f1a2, seed admin (");
    EXPECT_EQ(versions(), ids{posts_id});
    EXPECT_EQ(run_db({"downgrade", "head-2"}).code, 0);
    EXPECT_EQ(versions(), ids{users_id});
    EXPECT_EQ(run_db({"downgrade", "base"}).code, 0);
    EXPECT_TRUE(versions().empty());
    EXPECT_FALSE(has_table("users"));
}

TEST_F(MigrateCli, ReadingCommandsDoNotCreateTheDatabase) {
    // stamp runs no revision: on a file that is not there it would record the target in
    // an empty database.
    for (const auto& command : {"current", "check", "downgrade", "stamp head"}) {
        std::vector<std::string> args;
        std::istringstream words(command);
        for (std::string word; words >> word;) {
            args.push_back(word);
        }
        const auto r = run_db(args);
        EXPECT_EQ(r.code, 1);
        EXPECT_CONTAINS(r.err, "app.db' does not exist; check the URL, or create it with "
                               "`app_migrate upgrade`");
    }
    EXPECT_FALSE(std::filesystem::exists(m_dir / "app.db"));
}

// The URL is checked before anything else, by every command alike: a malformed one is
// named as such, not as a file that does not exist.
TEST_F(MigrateCli, EveryCommandChecksTheSqliteUrlFirst) {
    for (const std::string command : {"current", "upgrade", "stamp", "check", "downgrade"}) {
        std::vector<std::string> args{command, "--url", "sqlite:///"};
        if (command == "stamp") {
            args.push_back("head");
        }
        const auto r = run(args);
        EXPECT_EQ(r.code, 1) << command;
        EXPECT_CONTAINS(r.err, "invalid sqlite url 'sqlite:///': expected sqlite:///relative.db");
        EXPECT_TRUE(r.out.empty()) << r.out;
    }
}

// SQLite ignores a URI parameter it does not know, so a misspelt `?mdoe=ro` would migrate
// a database meant to be read only; a %00 would cut the file name short.
TEST_F(MigrateCli, SqliteUrlParametersAreCheckedByName) {
    const std::string url = m_url + "?mdoe=ro";
    auto r = run({"upgrade", "--url", url});
    EXPECT_EQ(r.code, 1);
    EXPECT_CONTAINS(r.err, "unknown parameter 'mdoe' in the sqlite url '" + url +
                               "'; did you mean 'mode'? SQLite takes cache, immutable, mode, "
                               "modeof, nolock, psow, vfs");
    EXPECT_FALSE(std::filesystem::exists(m_dir / "app.db"));
    r = run({"upgrade", "--url", m_dir.sqlite_url("bad%00.db")});
    EXPECT_EQ(r.code, 1);
    EXPECT_CONTAINS(r.err, "the path holds %00, a NUL byte, which no file name can contain");
    EXPECT_FALSE(std::filesystem::exists(m_dir / "bad"));
    // A '#' starts a URI fragment, which SQLite drops: `a#b.db` migrated the file `a`.
    r = run({"upgrade", "--url", m_dir.sqlite_url("a#b.db")});
    EXPECT_EQ(r.code, 1);
    EXPECT_CONTAINS(r.err, "has a '#', where a URL's fragment starts and SQLite would cut the "
                           "file name; write a '#' in a file name as %23");
    EXPECT_FALSE(std::filesystem::exists(m_dir / "a"));
    EXPECT_EQ(run({"upgrade", "--url", m_dir.sqlite_url("a%23b.db")}).code, 0);
    EXPECT_TRUE(std::filesystem::exists(m_dir / "a#b.db"));
    // The parameters SQLite documents pass.
    EXPECT_EQ(run({"upgrade", "--url", m_url + "?cache=private&psow=1"}).code, 0);
    r = run({"current", "--url", m_url + "?mode=ro"});
    EXPECT_EQ(r.code, 0) << r.err;
}

TEST_F(MigrateCli, CurrentHistoryHeads) {
    run_db({"upgrade", "base"});
    EXPECT_EQ(run_db({"current"}).out, "base (no revision applied)\n");
    run_db({"upgrade", posts_id});
    EXPECT_EQ(run_db({"current"}).out, "a1b2c3d4e5f6 -> b7c8d9e0f1a2, add posts\n");
    const auto verbose = run_db({"current", "--verbose"}).out;
    EXPECT_CONTAINS(verbose, "Rev: b7c8d9e0f1a2\nParent: a1b2c3d4e5f6\nCreate Date: "
                             "2024-01-02 10:00:00\n\n    add posts\n");

    EXPECT_EQ(run({"history"}).out, "b7c8d9e0f1a2 -> c3d4e5f6a7b8 (head), seed admin\n"
                                    "a1b2c3d4e5f6 -> b7c8d9e0f1a2, add posts\n"
                                    "<base> -> a1b2c3d4e5f6, create users\n");
    EXPECT_EQ(run({"history", "-r", "b7c8:"}).out,
              "b7c8d9e0f1a2 -> c3d4e5f6a7b8 (head), seed admin\n"
              "a1b2c3d4e5f6 -> b7c8d9e0f1a2, add posts\n");
    EXPECT_EQ(run_db({"history", "--rev-range=current:head"}).out,
              "b7c8d9e0f1a2 -> c3d4e5f6a7b8 (head), seed admin\n"
              "a1b2c3d4e5f6 -> b7c8d9e0f1a2, add posts\n");
    EXPECT_EQ(run({"heads"}).out, "b7c8d9e0f1a2 -> c3d4e5f6a7b8 (head), seed admin\n");
}

TEST_F(MigrateCli, BranchesAndMerge) {
    const auto history = run({"history"}, merged()).out;
    EXPECT_EQ(history, "1111aaaa2222, 3333bbbb4444 -> 5555cccc6666 (head) (mergepoint), merge "
                       "heads\n"
                       "a1b2c3d4e5f6 -> 3333bbbb4444, add avatar\n"
                       "a1b2c3d4e5f6 -> 1111aaaa2222 (tagging), add tags\n"
                       "<base> -> a1b2c3d4e5f6 (branchpoint), create users\n");
    EXPECT_EQ(run_db({"upgrade", "tagging@head"}, merged()).code, 0);
    EXPECT_EQ(run_db({"current"}, merged()).out,
              "1111aaaa2222, 3333bbbb4444 -> 5555cccc6666 (head) (mergepoint), merge heads\n");
    EXPECT_EQ(run_db({"downgrade", "tagging"}, merged()).code, 0);
    EXPECT_EQ(run_db({"downgrade", "-1"}, merged()).code, 0);
    EXPECT_EQ(run_db({"current"}, merged()).out, "<base> -> a1b2c3d4e5f6 (branchpoint), create "
                                                 "users\n");
}

TEST_F(MigrateCli, BranchLabelTargetsMoveOnlyThatBranch) {
    const auto revs = labelled_branches();
    auto at = [&] { return strata::migrator(*strata::connect(m_url), revs).current(); };

    const auto first = run_db({"upgrade", "tagging@+1"}, revs);
    EXPECT_EQ(first.code, 0) << first.err;
    // A new database: created at the target in one step (docs/commands.md).
    EXPECT_CONTAINS(first.out, "new database: created the schema of 1111aaaa2222 (2 revisions");
    EXPECT_EQ(at(), ids{tags_id});
    EXPECT_EQ(run_db({"upgrade", "tagging@+1"}, revs).code, 0);
    EXPECT_EQ(at(), ids{tag_color_id});
    EXPECT_EQ(run_db({"upgrade", "heads"}, revs).code, 0);
    EXPECT_EQ(at(), (ids{tag_color_id, avatar_id, audit_note_id}));

    // One step down on one branch; the other branches stay where they are.
    const auto down = run_db({"downgrade", "tagging@-1"}, revs);
    EXPECT_EQ(down.code, 0) << down.err;
    EXPECT_CONTAINS(down.out, "downgrade 2222aaaa3333 -> 1111aaaa2222, add tag color (");
    EXPECT_EQ(std::count(down.out.begin(), down.out.end(), '\n'), 2); // the database, the step
    EXPECT_EQ(at(), (ids{tags_id, avatar_id, audit_note_id}));

    // A whole branch off, down to where it starts.
    EXPECT_EQ(run_db({"downgrade", "audit@base"}, revs).code, 0);
    EXPECT_EQ(at(), (ids{tags_id, avatar_id}));
    EXPECT_FALSE(has_table("audit_log"));
    EXPECT_TRUE(has_table("tags"));
    EXPECT_EQ(run_db({"upgrade", "audit@+1"}, revs).code, 0);
    EXPECT_EQ(at(), (ids{tags_id, avatar_id, audit_id}));
    EXPECT_EQ(run_db({"downgrade", "tagging@base"}, revs).code, 0);
    EXPECT_EQ(at(), (ids{avatar_id, audit_id}));
    EXPECT_FALSE(has_table("tags"));
    EXPECT_TRUE(has_table("users"));
    EXPECT_TRUE(has_table("audit_log"));
}

TEST_F(MigrateCli, BranchLabelTargetErrorsChangeNothing) {
    const auto revs = labelled_branches();
    EXPECT_EQ(run_db({"upgrade", "tagging@+1"}, revs).code, 0);
    const auto past = run_db({"upgrade", "tagging@+2"}, revs);
    EXPECT_EQ(past.code, 1);
    EXPECT_CONTAINS(past.err, "'tagging@+2' goes past the head of branch 'tagging': "
                              "'2222aaaa3333' has no newer revision");
    const auto below = run_db({"downgrade", "audit@-1"}, revs);
    EXPECT_EQ(below.code, 1);
    EXPECT_CONTAINS(below.err, "'audit@-1' goes below the base of branch 'audit'; count fewer "
                               "revisions, or use 'audit@base'");
    const auto unknown = run_db({"upgrade", "tags@+1"}, revs);
    EXPECT_EQ(unknown.code, 1);
    EXPECT_CONTAINS(unknown.err, "unknown branch label 'tags' in 'tags@+1'");
    const auto invalid = run_db({"upgrade", "tagging@tail"}, revs);
    EXPECT_EQ(invalid.code, 1);
    EXPECT_CONTAINS(invalid.err, "invalid target 'tagging@tail': after 'tagging@' write 'head', "
                                 "'heads', 'base', '+N' or '-N'");
    EXPECT_EQ(strata::migrator(*strata::connect(m_url), revs).current(), ids{tags_id});
    EXPECT_TRUE(has_table("tags"));
    EXPECT_FALSE(has_table("audit_log"));
}

TEST_F(MigrateCli, BranchBaseInHistoryAndOfflineSql) {
    const auto revs = labelled_branches();
    EXPECT_EQ(run({"history", "-r", "audit@base:"}, revs).out,
              "7777dddd8888 -> 8888dddd9999 (head), add audit note\n"
              "<base> -> 7777dddd8888 (audit), create audit log\n");
    EXPECT_EQ(run({"history", "-r", "tagging@base:"}, revs).out,
              "1111aaaa2222 -> 2222aaaa3333 (head), add tag color\n"
              "a1b2c3d4e5f6 -> 3333bbbb4444 (head), add avatar\n"
              "a1b2c3d4e5f6 -> 1111aaaa2222 (tagging), add tags\n"
              "<base> -> a1b2c3d4e5f6 (branchpoint), create users\n");
    // Offline, counting from FROM: the script adds the branch's first revision only.
    const auto sql = run({"upgrade", "--sql", "tagging@base:tagging@+1"}, revs);
    EXPECT_EQ(sql.code, 0) << sql.err;
    EXPECT_CONTAINS(sql.out, "CREATE TABLE \"tags\"");
    EXPECT_EQ(sql.out.find("CREATE TABLE \"users\""), std::string::npos) << sql.out;
}

TEST_F(MigrateCli, StampAdoptsAnExistingDatabase) {
    {
        auto db = strata::connect(m_url);
        db->execute("CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(120) "
                    "NOT NULL)");
    }
    const auto stamped = run_db({"stamp", "a1b2c3d4e5f6"});
    EXPECT_EQ(stamped.code, 0) << stamped.err;
    EXPECT_EQ(stamped.out, "stamp: database " + m_url +
                               " (from --url)\nstamp base -> a1b2c3d4e5f6 (no revision run)\n");
    const auto up = run_db({"upgrade"});
    EXPECT_EQ(up.code, 0) << up.err;
    EXPECT_EQ(versions(), ids{seed_id});
    EXPECT_EQ(run_db({"check"}).code, 0);
}

TEST_F(MigrateCli, CheckFindsDrift) {
    run_db({"upgrade"});
    const auto clean = run_db({"check"});
    EXPECT_EQ(clean.code, 0) << clean.out << clean.err;
    EXPECT_EQ(clean.out, "the database matches head (2 table(s))\n");

    {
        auto db = strata::connect(m_url);
        db->execute("ALTER TABLE users ADD COLUMN hand_made TEXT");
        db->execute("DROP TABLE posts");
    }
    const auto drift = run_db({"check"});
    EXPECT_EQ(drift.code, 1);
    EXPECT_EQ(drift.out, "  table 'posts' is missing from the database\n"
                         "  column 'users.hand_made' is in the database but not in the "
                         "revisions\n");
    EXPECT_EQ(drift.err, "app_migrate check: error: the database differs from the "
                         "application's head: 2 difference(s), listed above\n");
}

TEST_F(MigrateCli, CheckComparesColumnsAsTheDatabaseSpellsThem) {
    const std::vector<strata::revision> users_only{linear().front()};
    {
        auto db = strata::connect(m_url);
        db->execute("CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL)");
    }
    EXPECT_EQ(run_db({"stamp", "head"}, users_only).code, 0);
    const auto r = run_db({"check"}, users_only);
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "  column 'users.email' differs: expected VARCHAR(120) NOT NULL, found TEXT "
                     "NOT NULL\n");
}

TEST_F(MigrateCli, CheckReportsADatabaseBehindHead) {
    run_db({"upgrade", "a1b2"});
    const auto r = run_db({"check"});
    EXPECT_EQ(r.code, 1);
    EXPECT_CONTAINS(r.out, "the database is at a1b2c3d4e5f6, the application's head is "
                           "c3d4e5f6a7b8; run `app_migrate upgrade`");
    EXPECT_CONTAINS(r.out, "table 'posts' is missing from the database");
}

TEST_F(MigrateCli, OfflineSqlPrintsTheScript) {
    const strata::revision_graph graph(linear());
    const strata::sqlite::dialect d;
    const auto up = run({"upgrade", "--sql"});
    EXPECT_EQ(up.code, 0) << up.err;
    EXPECT_EQ(up.out, strata::render_sql_script(strata::offline_upgrade(graph, d, "base", "head")));
    EXPECT_EQ(run({"upgrade", "--sql", "a1b2:b7c8"}).out,
              strata::render_sql_script(strata::offline_upgrade(graph, d, "a1b2", "b7c8")));
    EXPECT_EQ(run({"downgrade", "--sql", "head:base"}).out,
              strata::render_sql_script(strata::offline_downgrade(graph, d, "head", "base")));
    EXPECT_EQ(run({"upgrade", "--sql", "head:"}).out, "-- nothing to do from 'head' to 'head'\n");
    EXPECT_FALSE(std::filesystem::exists(m_dir / "app.db")); // offline never connects
}

TEST_F(MigrateCli, OfflineSqlTakesTheDialectFromTheUrl) {
    const strata::revision_graph graph(linear());
    const strata::postgresql::dialect d;
    // No server there: offline mode never connects.
    const auto up = run({"upgrade", "--sql", "--url", "postgresql://u:secret@127.0.0.1:1/db"});
    EXPECT_EQ(up.code, 0) << up.err;
    EXPECT_EQ(up.out, strata::render_sql_script(strata::offline_upgrade(graph, d, "base", "head")));
    EXPECT_CONTAINS(up.out, "\"id\" BIGINT NOT NULL"); // SQLite would say INTEGER
    EXPECT_CONTAINS(up.out, "statement_timestamp() AT TIME ZONE 'UTC'");
    const auto down = run({"downgrade", "--sql", "head:-1", "--url", "postgres://h/db"});
    EXPECT_EQ(down.code, 0) << down.err;
    EXPECT_EQ(down.out,
              strata::render_sql_script(strata::offline_downgrade(graph, d, "head", "-1")));
}

TEST_F(MigrateCli, DatabaseFromEnvironmentAndIni) {
    const auto ini = (m_dir / "strata.ini").string();
    write_file(ini, "[strata]\n# comment\ndatabase_url = " + m_url +
                        "\nversion_table = app_versions\n\n[logging]\nlevel = info\n");
    EXPECT_EQ(run({"upgrade", "a1b2"}, linear(), ini).code, 0);
    EXPECT_TRUE(has_table("app_versions"));
    EXPECT_FALSE(has_table("strata_version"));

    const auto other = m_dir.sqlite_url("other.db");
    ::setenv("STRATA_DATABASE_URL", other.c_str(), 1);
    EXPECT_EQ(run({"upgrade"}, linear(), ini).code, 0); // the environment wins over the ini
    EXPECT_TRUE(strata::connect(other)->has_table("app_versions"));
    EXPECT_TRUE(std::filesystem::exists(m_dir / "other.db"));
}

// Issue 15: `downgrade base --url ""` with database_url in strata.ini dropped the ini's
// tables; a script's `--url "$PROD_URL"` with the variable unset must stop, not fall back.
TEST_F(MigrateCli, EmptyUrlIsRefusedAndNothingChanges) {
    const auto ini = (m_dir / "strata.ini").string();
    write_file(ini, "[strata]\ndatabase_url = " + m_url + "\n");
    ASSERT_EQ(run({"upgrade"}, linear(), ini).code, 0);
    for (const std::string blank : {"", "   ", "\t\n"}) {
        for (const std::string command : {"downgrade", "upgrade", "stamp"}) {
            const auto r = run({command, "base", "--url", blank}, linear(), ini);
            EXPECT_EQ(r.code, 2) << command;
            EXPECT_CONTAINS(r.err, "app_migrate " + command +
                                       ": error: --url is empty; give the database URL (e.g. "
                                       "sqlite:///app.db), or leave the option out");
            EXPECT_TRUE(r.out.empty()) << r.out;
        }
        ::setenv("STRATA_DATABASE_URL", blank.c_str(), 1);
        const auto env = run({"downgrade", "base"}, linear(), ini);
        EXPECT_EQ(env.code, 2);
        EXPECT_CONTAINS(env.err, "error: STRATA_DATABASE_URL is empty; give the database URL");
        ::unsetenv("STRATA_DATABASE_URL");
    }
    EXPECT_TRUE(has_table("posts"));
    EXPECT_EQ(versions(), ids{seed_id});
}

// Issue 14 item 11: a directory or a non-database file given as the database gets a
// sentence, not SQLite's "unable to open database file" / "file is not a database".
TEST_F(MigrateCli, DirectoryOrNonDatabaseFileIsNamedAsSuch) {
    const auto dir = run({"upgrade", "--url", "sqlite:///" + m_dir.path().string()});
    EXPECT_EQ(dir.code, 1);
    EXPECT_CONTAINS(dir.err, "cannot open database '" + m_dir.path().string() +
                                 "': it is a directory; give the path of a database file in it");
    write_file(m_dir / "notes.txt", std::string(200, 'x'));
    const auto text = run({"current", "--url", m_dir.sqlite_url("notes.txt")});
    EXPECT_EQ(text.code, 1);
    EXPECT_CONTAINS(text.err, "the file is not an SQLite database (or is encrypted); check that "
                              "the URL names the right file");
}

// The suggested URL is composed as a path, so a directory given with a trailing slash (or
// the root) gets no `//` beyond the scheme's: not `sqlite:///sub//app.db`, `sqlite://///app.db`.
TEST_F(MigrateCli, SuggestedUrlHasNoDoubleSlash) {
    const auto dir = m_dir.path().string();
    for (const auto& url :
         std::vector<std::string>{"sqlite:///" + dir + "/", "sqlite:///" + dir + "//"}) {
        const auto r = run({"upgrade", "--url", url});
        EXPECT_EQ(r.code, 1) << url;
        EXPECT_CONTAINS(r.err, "it is a directory; give the path of a database file in it, e.g. "
                               "sqlite:///" +
                                   (m_dir / "app.db").string() + "\n");
    }
    const auto root = run({"upgrade", "--url", "sqlite:////"});
    EXPECT_EQ(root.code, 1);
    EXPECT_CONTAINS(root.err, "cannot open database '/': it is a directory; give the path of a "
                              "database file in it, e.g. sqlite:////app.db\n");
}

// A read-only database is named as such, not as a revision's fault: which file, why,
// that nothing was written, and what to change; the revision stays as context.
TEST_F(MigrateCli, ReadOnlySqliteDatabaseIsNamedAsSuch) {
    ASSERT_EQ(run_db({"upgrade", "b7c8"}).code, 0);
    const auto file = (m_dir / "app.db").string();
    const auto ro = run({"downgrade", "--url", m_url + "?mode=ro"});
    EXPECT_EQ(ro.code, 1);
    EXPECT_CONTAINS(ro.err, "revision 'b7c8d9e0f1a2' (\"add posts\") failed: sqlite error: "
                            "database '" +
                                file +
                                "' is read-only: the URL opens it with "
                                "mode=ro; nothing was written to it; to migrate it, drop mode=ro "
                                "from the URL; while running: ");
    const auto immutable = run({"stamp", "base", "--url", m_url + "?immutable=1"});
    EXPECT_EQ(immutable.code, 1);
    EXPECT_CONTAINS(immutable.err,
                    "database '" + file +
                        "' is read-only: the URL marks it "
                        "immutable=1; nothing was written to it; to migrate it, drop "
                        "immutable=1 from the URL; while running: DELETE FROM");
    EXPECT_EQ(versions(), ids{posts_id});

    // A new database (an empty file) is not created "in one step", then replayed: it stops.
    write_file(m_dir / "new.db", "");
    auto modelled = linear();
    modelled.pop_back(); // the seed's op.execute would make it a replay anyway
    const auto fresh = run({"upgrade", "--url", m_dir.sqlite_url("new.db") + "?mode=ro"}, modelled);
    EXPECT_EQ(fresh.code, 1);
    EXPECT_CONTAINS(fresh.err, "database '" + (m_dir / "new.db").string() +
                                   "' is read-only: the URL opens it with mode=ro; nothing was "
                                   "written to it");
    EXPECT_EQ(fresh.out.find("one by one"), std::string::npos) << fresh.out;
}

// Every command that changes a database first names it, and where the name came from.
TEST_F(MigrateCli, ChangingCommandsNameTheDatabase) {
    const auto flag = run_db({"upgrade", "a1b2"});
    EXPECT_EQ(flag.code, 0) << flag.err;
    EXPECT_TRUE(flag.out.starts_with("upgrade: database " + m_url + " (from --url)\n")) << flag.out;
    ::setenv("STRATA_DATABASE_URL", m_url.c_str(), 1);
    const auto env = run({"stamp", "a1b2"});
    EXPECT_TRUE(env.out.starts_with("stamp: database " + m_url + " (from STRATA_DATABASE_URL)\n"))
        << env.out;
    ::unsetenv("STRATA_DATABASE_URL");
    const auto ini = (m_dir / "strata.ini").string();
    write_file(ini, "[strata]\ndatabase_url = " + m_url + "\n");
    const auto from_ini = run({"downgrade", "base"}, linear(), ini);
    EXPECT_TRUE(from_ini.out.starts_with("downgrade: database " + m_url + " (from " + ini + ")\n"))
        << from_ini.out;
    // Commands that only read say nothing of the kind.
    EXPECT_EQ(run_db({"current"}).out, "base (no revision applied)\n");
}

// A relative SQLite path is relative to the working directory, not to strata.ini: the
// announcement shows the file it resolves to, so running from the wrong directory shows.
TEST_F(MigrateCli, RelativeSqlitePathIsShownResolved) {
    const auto previous = std::filesystem::current_path();
    std::filesystem::current_path(m_dir.path());
    struct restore_cwd {
        std::filesystem::path path;
        ~restore_cwd() { std::filesystem::current_path(path); }
    } restore{previous};
    const auto file = (std::filesystem::current_path() / "app.db").string();
    const auto up = run({"upgrade", "a1b2", "--url", "sqlite:///app.db"});
    EXPECT_EQ(up.code, 0) << up.err;
    EXPECT_TRUE(
        up.out.starts_with("upgrade: database sqlite:///app.db (" + file + ", from --url)\n"))
        << up.out;
    const auto ini = (m_dir / "strata.ini").string();
    write_file(ini, "[strata]\ndatabase_url = sqlite:///./app.db?mode=rwc\n");
    const auto stamp = run({"stamp", "a1b2"}, linear(), ini);
    EXPECT_TRUE(stamp.out.starts_with("stamp: database sqlite:///./app.db?mode=rwc (" + file +
                                      ", from " + ini + ")\n"))
        << stamp.out;
    const auto down = run({"downgrade", "base", "--url", "sqlite:///app.db"});
    EXPECT_TRUE(down.out.starts_with("downgrade: database sqlite:///app.db (" + file + ", from"))
        << down.out;
    // A command that reads names the file it looked for.
    const auto missing = run({"current", "--url", "sqlite:///sub/none.db"});
    EXPECT_CONTAINS(missing.err,
                    "database 'sub/none.db' (" +
                        (std::filesystem::current_path() / "sub" / "none.db").string() +
                        ") does not exist");
}

// Issue 15: the wait for another instance's lock is configurable (flag over ini), and a
// waiting starter says once what it waits for.
TEST_F(MigrateCli, LockWaitIsAnnouncedAndConfigurable) {
    ASSERT_EQ(run_db({"upgrade", "a1b2"}).code, 0);
    auto holder = strata::connect(m_url);
    holder->begin_exclusive(); // another instance in the middle of a revision
    const auto ini = (m_dir / "strata.ini").string();
    write_file(ini, "[strata]\ndatabase_url = " + m_url + "\nlock_timeout = 0.3\n");
    const auto from_ini = run({"upgrade"}, linear(), ini);
    EXPECT_EQ(from_ini.code, 1);
    EXPECT_CONTAINS(from_ini.out, "waiting for the write lock on '" + m_url +
                                      "': another instance is migrating it (waiting up to 0.3 s");
    EXPECT_CONTAINS(from_ini.err, "cannot lock database '" + m_url + "' for migrating");
    const auto flag = run({"upgrade", "--lock-timeout", "0.2"}, linear(), ini);
    EXPECT_EQ(flag.code, 1);
    EXPECT_CONTAINS(flag.out, "(waiting up to 0.2 s");
    holder->rollback();
    EXPECT_EQ(versions(), ids{"a1b2c3d4e5f6"});
    const auto done = run({"upgrade"}, linear(), ini);
    EXPECT_EQ(done.code, 0) << done.err;
    EXPECT_EQ(done.out.find("waiting"), std::string::npos) << done.out;

    for (const std::string bad : {"soon", "-1", "1e9", ""}) {
        const auto r = run_db({"upgrade", "--lock-timeout", bad});
        EXPECT_EQ(r.code, 2) << bad;
        EXPECT_CONTAINS(r.err, "--lock-timeout must be a number of seconds between 0 and 86400");
    }
    write_file(ini, "[strata]\ndatabase_url = " + m_url + "\nddl_lock_timeout = 5s\n");
    EXPECT_CONTAINS(run({"current"}, linear(), ini).err,
                    "strata.ini:3: ddl_lock_timeout must be a number of seconds");
}

TEST_F(MigrateCli, IntegrityRefusals) {
    run_db({"upgrade"});
    strata::connect(m_url)->execute("UPDATE strata_version SET version_num = 'f00dfeedf00d'");
    for (const auto& command : {"upgrade", "downgrade", "check"}) {
        const auto r = run_db({command});
        EXPECT_EQ(r.code, 1) << command;
        EXPECT_CONTAINS(r.err, "database is at revision 'f00dfeedf00d', which this application "
                               "does not know");
    }
    EXPECT_TRUE(has_table("posts")); // never downgraded by guess
    EXPECT_EQ(run_db({"current"}).out, "f00dfeedf00d (not known to this application)\n");
    EXPECT_EQ(run_db({"stamp", "head"}).code, 0);
    EXPECT_EQ(versions(), ids{seed_id});
    EXPECT_EQ(run_db({"upgrade", "--ignore-checksums"}).code, 0);
}

TEST_F(MigrateCli, SingleTransactionIsAllOrNothing) {
    auto revisions = linear();
    revisions[2].upgrade = [](strata::operations& op) {
        op.execute("INSERT INTO no_such_table VALUES (1)");
    };
    EXPECT_EQ(run_db({"upgrade", "+1"}, revisions).code, 0);
    const auto failed = run_db({"upgrade", "--single-transaction"}, revisions);
    EXPECT_EQ(failed.code, 1);
    EXPECT_CONTAINS(failed.err, "the run was one transaction: every revision it applied was "
                                "rolled back with it");
    EXPECT_EQ(versions(), ids{users_id});
    EXPECT_EQ(run_db({"upgrade"}, revisions).code, 1); // one per revision keeps the second
    EXPECT_EQ(versions(), ids{posts_id});
    EXPECT_EQ(run_db({"downgrade", "base", "--single-transaction"}).code, 0);
    EXPECT_TRUE(versions().empty());
}

TEST_F(MigrateCli, BadInput) {
    struct bad_case {
        std::vector<std::string> args;
        int code;
        std::string message;
    };
    const std::vector<bad_case> cases{
        {{"upgrad"}, 2, "app_migrate: error: unknown command 'upgrad'; did you mean 'upgrade'?"},
        {{"upgrade", "--sqll"},
         2,
         "app_migrate: error: unknown option '--sqll' for 'upgrade'; did you mean '--sql'?"},
        {{"history", "--verbos"}, 2, "did you mean '--verbose'?"},
        {{"current", "extra"}, 2, "unexpected argument 'extra' for 'current'"},
        {{"upgrade", "a", "b"}, 2, "unexpected argument 'b' for 'upgrade'"},
        {{"history", "-r"}, 2, "option '--rev-range' needs a value"},
        {{"heads", "--verbose=yes"}, 2, "option '--verbose' takes no value"},
        {{"stamp"}, 2, "app_migrate stamp: error: stamp needs a TARGET"},
        {{"downgrade", "--sql", "head"}, 2, "downgrade --sql needs FROM:TO, e.g. 'head:-1'"},
        {{"upgrade", "a1b2:head"}, 2, "'a1b2:head' is a range, which only --sql takes"},
        {{"upgrade", "--sql", "--single-transaction"},
         2,
         "--single-transaction applies to a migration run"},
        {{"upgrade"},
         1,
         "app_migrate upgrade: error: no database given; pass --url URL, set "
         "STRATA_DATABASE_URL, or set database_url in strata.ini"},
        {{"upgrade", "--sql", "nope"},
         1,
         "app_migrate upgrade: error: unknown revision 'nope'; run `history`"},
        {{"upgrade", "--sql", "--url", "mysql://u:secret@h/db"},
         1,
         "unsupported database url 'mysql://u:***@h/db': no backend for 'mysql' is linked into "
         "this program"},
        // The placeholder of the URL form is no password: it reads as written.
        {{"upgrade", "--sql", "--url", "mysql://u:secret@h/db"},
         1,
         "postgres://user:password@host:port/dbname (strata::postgresql)"},
        {{"history", "-r", "head"}, 1, "invalid range 'head': write FROM:TO"},
        {{"history", "-r", ":current"}, 1, "no database given"},
    };
    for (const auto& c : cases) {
        const auto r = run(c.args);
        EXPECT_EQ(r.code, c.code) << c.message;
        EXPECT_CONTAINS(r.err, c.message);
        EXPECT_TRUE(r.out.empty()) << r.out;
    }
    // One line, and where the usage is.
    EXPECT_EQ(run({"upgrad"}).err, "app_migrate: error: unknown command 'upgrad'; did you mean "
                                   "'upgrade'? run `app_migrate --help` for the usage\n");
    EXPECT_EQ(run({}).code, 2);
    EXPECT_CONTAINS(run({"--help"}).out, "upgrade [TARGET] [--sql] [--ignore-checksums]");
    EXPECT_CONTAINS(run({"stamp", "--help"}).out, "usage: app_migrate stamp TARGET");
    // The help keeps its descriptions in one column within 100 columns (an outside reader
    // saw the upgrade and downgrade rows run past it).
    std::istringstream help_lines(run({"--help"}).out);
    for (std::string line; std::getline(help_lines, line);) {
        EXPECT_LE(line.size(), 100U) << line;
    }

    // Bad targets and an unreadable strata.ini: exit 1, nothing created.
    const auto unknown = run_db({"upgrade", "nope"});
    EXPECT_EQ(unknown.code, 1);
    EXPECT_CONTAINS(unknown.err, "unknown revision 'nope'");
    auto ambiguous = linear();
    ambiguous.push_back(strata::testing::make_revision("a1b2ffffffff", {seed_id}, "more",
                                                       "2024-01-04 10:00:00", nothing, nothing));
    const auto amb = run_db({"upgrade", "a1b2"}, ambiguous);
    EXPECT_EQ(amb.code, 1);
    EXPECT_CONTAINS(amb.err, "revision prefix 'a1b2' is ambiguous: it matches 'a1b2c3d4e5f6', "
                             "'a1b2ffffffff'");
    const auto no_ini = run({"upgrade"}, linear(), (m_dir / "missing.ini").string());
    EXPECT_EQ(no_ini.code, 1);
    EXPECT_CONTAINS(no_ini.err, "cannot read strata.ini '");
    EXPECT_CONTAINS(no_ini.err,
                    "missing.ini'; pass --url, --config PATH or set STRATA_DATABASE_URL instead");
    EXPECT_FALSE(has_table("users"));
}

// A repeated --url used to pick the last one silently: which database is meant is never
// guessed, so an option that takes a value may be given once, in any spelling.
TEST_F(MigrateCli, RepeatedValueOptionIsAUsageError) {
    const auto other = m_dir.sqlite_url("other.db");
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"upgrade", "--url", m_url, "--url", other}, "--url"},
        {{"--url=" + m_url, "upgrade", "--url", other}, "--url"},
        {{"--url", m_url, "--url", m_url, "upgrade"}, "--url"},
        {{"upgrade", "--url", m_url, "--config", "a.ini", "--config=b.ini"}, "--config"},
        {{"upgrade", "--url", m_url, "--lock-timeout", "1", "--lock-timeout", "2"},
         "--lock-timeout"},
        {{"upgrade", "--url", m_url, "--ddl-lock-timeout", "1", "--ddl-lock-timeout", "2"},
         "--ddl-lock-timeout"},
        {{"history", "-r", "base:", "--rev-range", ":head"}, "--rev-range"},
    };
    for (const auto& [args, option] : cases) {
        const auto r = run(args);
        EXPECT_EQ(r.code, 2) << option;
        EXPECT_CONTAINS(r.err, "app_migrate: error: option '" + option +
                                   "' is given more than once; give it once");
        EXPECT_TRUE(r.out.empty()) << r.out;
    }
    EXPECT_FALSE(std::filesystem::exists(m_dir / "app.db"));
    EXPECT_FALSE(std::filesystem::exists(m_dir / "other.db"));
    // A flag said twice is still the one flag.
    const auto twice = run_db({"current", "-v", "--verbose"});
    EXPECT_NE(twice.code, 2) << twice.err;
}

// Issue 14, item 11: the migrate tool and the generator behave alike, and strata.ini
// means the same to both (item 5).
TEST_F(MigrateCli, OptionsMayComeBeforeTheCommand) {
    const auto r = run({"--url", m_url, "upgrade", "a1b2"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(versions(), ids{users_id});
    EXPECT_EQ(run({"--url=" + m_url, "-v", "current"}).code, 0);
    const auto help = run({"--url", m_url, "--help"});
    EXPECT_EQ(help.code, 0);
    EXPECT_CONTAINS(help.out, "--config PATH");
    EXPECT_CONTAINS(help.out, "Exit codes: 0 done, 1 the command failed (or check found drift), "
                              "2 bad usage.");
    const auto none = run({"--url", m_url});
    EXPECT_EQ(none.code, 2);
    EXPECT_CONTAINS(none.err, "app_migrate: error: no command given");
}

TEST_F(MigrateCli, ConfigOptionAndInlineComments) {
    // `--config` names strata.ini instead of the path add_migrations() compiled in, and a
    // comment after a value is not part of it (a file named "app.db   # the dev database"
    // used to appear).
    std::filesystem::create_directories(m_dir / "deploy");
    const auto ini = (m_dir / "deploy" / "strata.ini").string();
    write_file(ini, "[strata]\ndatabase_url = " + m_url +
                        "   # the dev database\nversion_table = notes_version ; ours\n");
    const auto r = run({"upgrade", "--config", ini}, linear(), (m_dir / "baked.ini").string());
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(has_table("notes_version"));
    EXPECT_FALSE(has_table("strata_version"));
    for (const auto& entry : std::filesystem::directory_iterator(m_dir.path())) {
        EXPECT_EQ(entry.path().filename().string().find('#'), std::string::npos) << entry.path();
    }
    EXPECT_CONTAINS(run({"current", "--config", ini}).out, "c3d4e5f6a7b8 (head), seed admin");

    // --config names a file that must be there, even with --url.
    const auto missing = run({"current", "--url", m_url, "--config", (m_dir / "no.ini").string()});
    EXPECT_EQ(missing.code, 1);
    EXPECT_CONTAINS(missing.err, "cannot read strata.ini '");
    // A strata.ini that is there must be valid, whatever gives the URL.
    write_file(ini, "[strata]\nversion_tabel = x\n");
    const auto bad = run({"current", "--url", m_url, "--config", ini});
    EXPECT_EQ(bad.code, 1);
    EXPECT_CONTAINS(bad.err, "app_migrate current: error: " + ini +
                                 ":2: unknown setting 'version_tabel' in [strata]; did you mean "
                                 "'version_table'?");
}

TEST_F(MigrateCli, LoggingLevelWarningIsQuiet) {
    const auto ini = (m_dir / "strata.ini").string();
    write_file(ini, "[strata]\ndatabase_url = " + m_url + "\n[logging]\nlevel = warning\n");
    const auto quiet = run({"upgrade"}, linear(), ini);
    EXPECT_EQ(quiet.code, 0) << quiet.err;
    // Only which database it works on (never silenced), no line per revision.
    EXPECT_EQ(quiet.out.find(" -> "), std::string::npos) << quiet.out;
    EXPECT_EQ(std::count(quiet.out.begin(), quiet.out.end(), '\n'), 1) << quiet.out;
    EXPECT_EQ(versions(), ids{seed_id});
    write_file(ini, "[strata]\ndatabase_url = " + m_url + "\n[logging]\nlevel = info\n");
    EXPECT_CONTAINS(run({"downgrade", "-1"}, linear(), ini).out, "downgrade c3d4e5f6a7b8 -> ");
    write_file(ini, "[strata]\ndatabase_url = " + m_url + "\n[logging]\nlevel = debug\n");
    const auto bad = run({"upgrade"}, linear(), ini);
    EXPECT_EQ(bad.code, 1);
    EXPECT_CONTAINS(bad.err, ":4: [logging] level 'debug' is not a level strata has");
}

TEST_F(MigrateCli, ChecksumRefusalNamesTheOption) {
    EXPECT_EQ(run_db({"upgrade"}).code, 0);
    auto edited = linear();
    edited[1].upgrade = create_users_up; // the applied "add posts" now does something else
    const auto r = run_db({"upgrade"}, edited);
    EXPECT_EQ(r.code, 1);
    EXPECT_CONTAINS(r.err, "was changed after it was applied");
    EXPECT_CONTAINS(r.err, "run `app_migrate upgrade --ignore-checksums` once to accept it");
    EXPECT_EQ(r.err.find("migrate_options"), std::string::npos) << r.err;
    EXPECT_EQ(run_db({"upgrade", "--ignore-checksums"}, edited).code, 0);
}

// downgrade runs the code of an edited revision, so it refuses like upgrade; stamp runs
// none, so it checks nothing (as Alembic's) and has no checksum to ignore.
TEST_F(MigrateCli, DowngradeRefusesAnEditedRevisionStampChecksNothing) {
    EXPECT_EQ(run_db({"upgrade"}).code, 0);
    auto edited = linear();
    edited[1].upgrade = create_users_up; // the applied "add posts" now does something else
    auto r = run_db({"downgrade", "base"}, edited);
    EXPECT_EQ(r.code, 1);
    EXPECT_CONTAINS(r.err, "was changed after it was applied");
    EXPECT_CONTAINS(r.err, "run `app_migrate downgrade --ignore-checksums` once to accept it");
    EXPECT_EQ(versions(), ids{seed_id});
    r = run_db({"stamp", posts_id, "--ignore-checksums"}, edited);
    EXPECT_EQ(r.code, 2);
    EXPECT_CONTAINS(r.err, "stamp runs no revision, so it checks no checksums");
    EXPECT_EQ(run_db({"stamp", posts_id}, edited).code, 0);
    EXPECT_EQ(versions(), ids{posts_id});
    EXPECT_EQ(run_db({"downgrade", "base", "--ignore-checksums"}, edited).code, 0);
    EXPECT_TRUE(versions().empty());
}

TEST_F(MigrateCli, UnknownTargetSuggestsTheKeyword) {
    EXPECT_EQ(run_db({"upgrade", "a1b2"}).code, 0);
    for (const auto& [typo, meant] :
         std::vector<std::pair<std::string, std::string>>{{"haed", "head"}, {"bsae", "base"}}) {
        const auto r = run_db({"upgrade", typo});
        EXPECT_EQ(r.code, 1);
        EXPECT_CONTAINS(r.err, "unknown revision '" + typo + "'; did you mean '" + meant +
                                   "'? Run `history` to list the revisions this build knows");
        // Nothing changes before the target is known: not even the database announcement.
        EXPECT_TRUE(r.out.empty()) << r.out;
    }
    EXPECT_CONTAINS(run_db({"upgrade", "ffee"}).err,
                    "unknown revision 'ffee'; run `history` to list the revisions");
    // An id nobody could guess gets no suggestion.
    EXPECT_EQ(run_db({"upgrade", "ffee"}).err.find("did you mean"), std::string::npos);
    auto labelled = merged();
    EXPECT_CONTAINS(run_db({"upgrade", "taging@head"}, labelled).err, "did you mean");
}

TEST_F(MigrateCli, EveryErrorIsOneLine) {
    auto failing = linear();
    failing[2].upgrade = [](strata::operations& op) { op.execute("UPDATE nosuch SET x = 1"); };
    const auto r = run_db({"upgrade"}, failing);
    EXPECT_EQ(r.code, 1);
    EXPECT_CONTAINS(r.err, "failed: sqlite error: no such table: nosuch; while running: UPDATE "
                           "nosuch SET x = 1");
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    // The revisions before it stay applied, and their lines were printed.
    EXPECT_CONTAINS(r.out, "upgrade a1b2c3d4e5f6 -> b7c8d9e0f1a2, add posts (");
    EXPECT_EQ(versions(), ids{posts_id});
}

TEST_F(MigrateCli, StampPurgeEmptiesTheVersionTable) {
    EXPECT_EQ(run_db({"upgrade"}).code, 0);
    // Rows a broken deployment left: unknown revisions beside the real one.
    strata::connect(m_url)->execute(
        "INSERT INTO strata_version (version_num) VALUES ('deadbeef0000'), ('deadbeef1111')");
    const auto r = run_db({"stamp", "--purge", "a1b2"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(versions(), ids{users_id});
    EXPECT_CONTAINS(run_db({"stamp", "--help"}).out, "stamp TARGET [--purge]");
    EXPECT_EQ(run_db({"upgrade", "--purge"}).code, 2); // stamp's alone
}

// What a message suggests is a URL the tool reads back as the same file.
TEST(SqliteUrlFor, ComposesFromTheNormalizedPath) {
    using strata::detail::sqlite_url_for;
    EXPECT_EQ(sqlite_url_for("sub//app.db"), "sqlite:///sub/app.db");
    EXPECT_EQ(sqlite_url_for(std::filesystem::path("sub/") / "app.db"), "sqlite:///sub/app.db");
    EXPECT_EQ(sqlite_url_for(std::filesystem::path("/") / "app.db"), "sqlite:////app.db");
    EXPECT_EQ(sqlite_url_for("/srv//data/./app.db"), "sqlite:////srv/data/app.db");
    const std::string odd = "50% off?#1.db";
    EXPECT_EQ(sqlite_url_for(odd), "sqlite:///50%25 off%3F%231.db");
    EXPECT_EQ(strata::detail::parse_sqlite_url(sqlite_url_for(odd)).file, odd);
}

TEST(ClosestMatch, PicksTheNearest) {
    EXPECT_EQ(strata::closest_match("histroy", {"heads", "history", "stamp"}), "history");
    EXPECT_EQ(strata::closest_match("x", {}), "");
}

} // namespace

namespace {
// A table with what SQLite does not store (comments) and what PostgreSQL rewrites (a check
// comparing a double with an integer literal, a default on a VARCHAR).
void create_products(strata::operations& op) {
    op.create_table(strata::table{.name = "products",
                                  .columns = {col("id", int64()).primary_key(),
                                              col("price", float64()).comment("in euros"),
                                              col("state", string(20)).server_default("'draft'")},
                                  .checks = {check("ck_products_price", "price >= 0")},
                                  .comment = "things for sale"});
}
void drop_products(strata::operations& op) {
    op.drop_table("products");
}
} // namespace

// Issue 13: a database strata just migrated never reports drift, whatever the database
// does not store or rewrites; compared through its own canonical form.
TEST_F(MigrateCli, CheckIsSilentRightAfterAMigration) {
    const std::vector<strata::revision> products{{.id = "d1e2f3a4b5c6",
                                                  .down_revisions = {},
                                                  .message = "products",
                                                  .create_date = "2026-12-06 07:00:00",
                                                  .upgrade = create_products,
                                                  .downgrade = drop_products}};
    ASSERT_EQ(run_db({"upgrade"}, products).code, 0);
    const auto r = run_db({"check"}, products);
    EXPECT_EQ(r.code, 0) << r.out << r.err;
    EXPECT_EQ(r.out, "the database matches head (1 table(s))\n");
    // Drift is still found: a check that differs in substance.
    {
        auto db = strata::connect(m_url);
        db->execute("DROP TABLE products");
        db->execute("CREATE TABLE products (id INTEGER NOT NULL PRIMARY KEY, price REAL NOT NULL, "
                    "state VARCHAR(20) NOT NULL DEFAULT 'draft', CONSTRAINT ck_products_price "
                    "CHECK (price > 0))");
    }
    const auto drift = run_db({"check"}, products);
    EXPECT_EQ(drift.code, 1);
    EXPECT_EQ(drift.out, "  check constraint 'ck_products_price' on 'products' differs: expected "
                         "CHECK (price >= 0), found CHECK (price > 0)\n");
}
