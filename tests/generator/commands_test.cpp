// The generator's commands end to end on real directories: init, autogenerate, empty
// revisions, the build outputs, and every refusal leaving the directory untouched.

#include "commands/commands.hpp"
#include "expect_throw_msg.hpp"
#include "project/migrations_dir.hpp"
#include "project/snapshot.hpp"
#include "strata/error.hpp"
#include "support/diagnostic.hpp"
#include "support/file_io.hpp"
#include "temp_dir.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <memory>
#include <sstream>

using namespace strata::generator;
using strata::testing::read_file;
using strata::testing::temp_dir;
using strata::testing::write_file;

namespace {

const std::string users_v1 = R"(#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
#include <string>
struct STRATA_TABLE(name = "users") User {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 120) std::string email;
};
)";

const std::string users_v2 = R"(#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
#include <optional>
#include <string>
struct STRATA_TABLE(name = "users") User {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 120) std::string email;
    std::optional<std::string> bio;
};
)";

// A migrations directory plus one model header, in a temporary directory.
class commands : public ::testing::Test {
protected:
    void SetUp() override {
        ::setenv("SOURCE_DATE_EPOCH", "1795666020", 1); // 2026-11-26 04:07:00 UTC
        init_migrations_dir(migrations(), "sqlite:///app.db");
        write_file(model(), users_v1);
    }
    void TearDown() override { ::unsetenv("SOURCE_DATE_EPOCH"); }

    std::filesystem::path migrations() const { return m_dir / "migrations"; }
    std::filesystem::path model() const { return m_dir / "models" / "user.hpp"; }

    autogenerate_request request(std::string message = "") const {
        return {
            migrations(), {{model()}, {"-I" STRATA_TEST_RUNTIME_INCLUDE_DIR}}, std::move(message)};
    }
    std::vector<std::filesystem::path> version_files() const {
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(migrations() / "versions")) {
            if (entry.path().extension() == ".cpp") {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
        return files;
    }

    temp_dir m_dir;
    std::ostringstream m_log;
};

} // namespace

TEST_F(commands, init_writes_every_file) {
    for (const char* name : {"strata.ini", "script.cpp.tmpl", "README.md", "schema/.gitkeep"}) {
        EXPECT_TRUE(std::filesystem::exists(migrations() / name)) << name;
    }
    EXPECT_TRUE(std::filesystem::is_directory(migrations() / "versions"));
    const migrations_dir dir(migrations());
    EXPECT_EQ(dir.config().database_url, "sqlite:///app.db");
    EXPECT_EQ(dir.config().version_table, "strata_version");
    EXPECT_TRUE(read_snapshot(dir.snapshot_path()).tables.empty());
}

TEST_F(commands, init_refuses_a_non_empty_directory) {
    EXPECT_THROW_MSG(init_migrations_dir(migrations(), "sqlite://"), diagnostic_error,
                     "directory already exists and is not empty");
}

TEST_F(commands, autogenerate_writes_one_revision_then_nothing) {
    auto first = autogenerate(request(), false, m_log);
    ASSERT_TRUE(first.written);
    EXPECT_EQ(first.written->filename().string().substr(0, 14), "20261126_0407_");
    EXPECT_NE(first.written->filename().string().find("_create_table_users.cpp"),
              std::string::npos);
    const auto text = read_file(*first.written);
    EXPECT_NE(text.find("op.create_table(\"users\", {"), std::string::npos);
    EXPECT_NE(text.find("op.drop_table(\"users\");"), std::string::npos);
    EXPECT_NE(text.find(".down_revisions = {}"), std::string::npos);
    EXPECT_EQ(read_snapshot(migrations() / "schema").tables.size(), 1u);
    EXPECT_TRUE(std::filesystem::exists(migrations() / "schema" / "users.json"));
    EXPECT_NE(first.opened_files.size(), 0u);

    auto second = autogenerate(request(), false, m_log);
    EXPECT_FALSE(second.written);
    EXPECT_EQ(version_files().size(), 1u);
}

TEST_F(commands, second_revision_names_the_first_as_parent) {
    auto first = autogenerate(request(), false, m_log);
    write_file(model(), users_v2);
    auto second = autogenerate(request("add bio"), false, m_log);
    ASSERT_TRUE(second.written);
    const auto revisions = migrations_dir(migrations()).revisions();
    ASSERT_EQ(revisions.size(), 2u);
    const auto& child = revisions[0].file == *second.written ? revisions[0] : revisions[1];
    const auto& parent = revisions[0].file == *second.written ? revisions[1] : revisions[0];
    EXPECT_EQ(child.down_revisions, std::vector<std::string>{parent.id});
    EXPECT_EQ(child.message, "add bio");
    EXPECT_EQ(make_graph(revisions).heads(), std::vector<std::string>{child.id});
}

TEST_F(commands, same_models_give_byte_identical_output) {
    auto first = autogenerate(request(), false, m_log);
    const auto text = read_file(*first.written);
    const auto snapshot = read_file(migrations() / "schema" / "users.json");

    temp_dir other;
    init_migrations_dir(other / "migrations", "sqlite:///app.db");
    autogenerate_request again = request();
    again.directory = other / "migrations";
    auto second = autogenerate(again, false, m_log);
    EXPECT_EQ(first.written->filename(), second.written->filename());
    EXPECT_EQ(text, read_file(*second.written));
    EXPECT_EQ(snapshot, read_file(other / "migrations" / "schema" / "users.json"));
}

TEST_F(commands, check_mode_fails_and_writes_nothing) {
    const auto before = read_file(migrations() / "schema" / "users.json");
    EXPECT_THROW_MSG(autogenerate(request(), true, m_log), diagnostic_error,
                     "the models differ from the schema snapshot, and autogeneration is off");
    EXPECT_TRUE(version_files().empty());
    EXPECT_EQ(read_file(migrations() / "schema" / "users.json"), before);
}

TEST_F(commands, corrupt_snapshot_is_an_error_and_nothing_is_written) {
    write_file(migrations() / "schema" / "users.json", "{ not json");
    EXPECT_THROW_MSG(autogenerate(request(), false, m_log), diagnostic_error, "corrupt snapshot");
    EXPECT_TRUE(version_files().empty());
    EXPECT_EQ(read_file(migrations() / "schema" / "users.json"), "{ not json");
}

TEST_F(commands, scan_error_writes_nothing) {
    write_file(model(), users_v1 + "struct STRATA_TABLE() Broken { std::string x; };\n");
    const auto before = read_file(migrations() / "schema" / "users.json");
    EXPECT_THROW_MSG(autogenerate(request(), false, m_log), diagnostic_error, "has no primary key");
    EXPECT_TRUE(version_files().empty());
    EXPECT_EQ(read_file(migrations() / "schema" / "users.json"), before);
}

TEST_F(commands, missing_directory_says_how_to_create_it) {
    auto req = request();
    req.directory = m_dir / "nowhere";
    EXPECT_THROW_MSG(autogenerate(req, false, m_log), diagnostic_error,
                     "migrations directory does not exist");
}

TEST_F(commands, multiple_heads_stop_generation) {
    autogenerate(request(), false, m_log);
    // Two branches each wrote a revision on top of the first.
    write_empty_revision(migrations(), "branch a", m_log);
    auto files = version_files();
    const auto second_head = migrations() / "versions" / "zz_branch_b.cpp";
    auto text = read_file(files.back());
    // Same parent as branch a, different id.
    const auto id_pos = text.find(".id = \"");
    text.replace(id_pos + 7, 12, "bbbbbbbbbbbb");
    write_file(second_head, text);
    write_file(model(), users_v2);
    EXPECT_THROW_MSG(autogenerate(request(), false, m_log), diagnostic_error, "multiple heads");
    EXPECT_EQ(version_files().size(), 3u);
}

TEST_F(commands, empty_revision_needs_a_message) {
    EXPECT_THROW_MSG(write_empty_revision(migrations(), "", m_log), diagnostic_error,
                     "needs a message");
    auto written = write_empty_revision(migrations(), "backfill names", m_log);
    EXPECT_NE(read_file(written).find("// No schema changes."), std::string::npos);
}

TEST_F(commands, build_outputs_include_every_revision_and_list_inputs) {
    auto result = autogenerate(request(), false, m_log);
    build_outputs out{m_dir / "build" / "revisions.cpp", m_dir / "build" / "generate.d",
                      m_dir / "build" / "generate.stamp"};
    std::filesystem::create_directories(m_dir / "build");
    write_build_outputs(migrations(), out, result.opened_files);
    const auto aggregate = read_file(out.aggregate);
    EXPECT_NE(aggregate.find(result.written->filename().string()), std::string::npos);
    const auto depfile = read_file(out.depfile);
    EXPECT_NE(depfile.find("generate.stamp:"), std::string::npos);
    EXPECT_NE(depfile.find("user.hpp"), std::string::npos);
    EXPECT_NE(depfile.find("annotations.hpp"), std::string::npos);
    EXPECT_NE(depfile.find("schema/users.json"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(out.stamp));

    // Unchanged content keeps the aggregate's timestamp, so nothing recompiles.
    const auto before = std::filesystem::last_write_time(out.aggregate);
    write_build_outputs(migrations(), out, result.opened_files);
    EXPECT_EQ(std::filesystem::last_write_time(out.aggregate), before);
}

TEST_F(commands, build_manifest_names_the_head_and_follows_the_revision_bytes) {
    auto result = autogenerate(request(), false, m_log);
    const auto id = migrations_dir(migrations()).revisions().at(0).id;
    build_outputs out{m_dir / "build" / "revisions.cpp", m_dir / "build" / "generate.d",
                      m_dir / "build" / "generate.stamp"};
    std::filesystem::create_directories(m_dir / "build");
    write_build_outputs(migrations(), out, result.opened_files);
    const auto aggregate = read_file(out.aggregate);
    EXPECT_NE(aggregate.find(".heads = {\"" + id + "\"}"), std::string::npos) << aggregate;
    EXPECT_NE(aggregate.find(".revision_count = 1,"), std::string::npos) << aggregate;
    // The revision file is an input: editing it must re-run this step.
    EXPECT_NE(read_file(out.depfile).find(result.written->filename().string()), std::string::npos);

    // Any byte of a revision file changes the digest; restoring it restores the digest.
    const auto digest_of = [&] {
        const auto text = read_file(out.aggregate);
        const auto at = text.find(".digest = \"");
        return at == std::string::npos ? std::string() : text.substr(at + 11, 64);
    };
    const auto original = digest_of();
    ASSERT_EQ(original.size(), 64U);
    const auto source = read_file(*result.written);
    write_file(*result.written, source + "// reviewed\n");
    write_build_outputs(migrations(), out, result.opened_files);
    EXPECT_NE(digest_of(), original);
    write_file(*result.written, source);
    write_build_outputs(migrations(), out, result.opened_files);
    EXPECT_EQ(digest_of(), original);

    // A header of the revision's own (quoted include next to it) is part of the revision.
    const auto header = result.written->parent_path() / "seed_rows.hpp";
    write_file(header, "#pragma once\n#include \"seed_values.hpp\"\n");
    write_file(result.written->parent_path() / "seed_values.hpp", "// 1, 2, 3\n");
    write_file(*result.written, "#include \"seed_rows.hpp\"\n" + source);
    write_build_outputs(migrations(), out, result.opened_files);
    const auto with_header = digest_of();
    EXPECT_NE(read_file(out.depfile).find("seed_values.hpp"), std::string::npos);
    write_file(result.written->parent_path() / "seed_values.hpp", "// 1, 2, 3, 4\n");
    write_build_outputs(migrations(), out, result.opened_files);
    EXPECT_NE(digest_of(), with_header);
}

TEST_F(commands, narrow_foreign_key_column_is_marked_in_the_revision_and_the_log) {
    write_file(model(), R"(#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
struct STRATA_TABLE(name = "users") User {
    STRATA_COLUMN(primary_key) std::int64_t id;
};
struct STRATA_TABLE(name = "pets") Pet {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(references = "users.id") std::int32_t owner_id;
};
)");
    const auto result = autogenerate(request("pets"), false, m_log);
    ASSERT_TRUE(result.written);
    const std::string warning =
        "foreign key 'fk_pets_owner_id_users': column 'pets.owner_id' is int32 but references "
        "'users.id', which is int64; key values that do not fit 'pets.owner_id' cannot be "
        "referenced";
    EXPECT_NE(read_file(*result.written).find("// WARNING: " + warning), std::string::npos);
    const std::string log = m_log.str();
    EXPECT_NE(log.find("strata: warning: " + result.written->filename().string() + ": " + warning),
              std::string::npos)
        << log;
    EXPECT_NE(log.find("strata: hint: " + model().string() +
                       ":9:57: foreign key 'fk_pets_owner_id_users' references a wider column: "
                       "declare the member as std::int64_t like 'users.id'"),
              std::string::npos)
        << log;
}

TEST_F(commands, foreign_key_between_incomparable_types_writes_nothing) {
    write_file(model(), R"(#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
#include <string>
struct STRATA_TABLE(name = "users") User {
    STRATA_COLUMN(primary_key) std::int64_t id;
};
struct STRATA_TABLE(name = "pets") Pet {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(references = "users.id") std::string owner_id;
};
)");
    EXPECT_THROW_MSG((void)autogenerate(request("pets"), false, m_log), diagnostic_error,
                     model().string() +
                         ":10:56: error: foreign key 'fk_pets_owner_id_users': column "
                         "'pets.owner_id' is string (TEXT) but references 'users.id', which is "
                         "int64");
    EXPECT_TRUE(version_files().empty());
    EXPECT_TRUE(read_snapshot(migrations() / "schema").tables.empty());
}

// Issue 13, end to end through the files a build writes: a member that becomes required
// with a default gets its NULLs filled in the revision, before the constraint; a new
// unique constraint on the existing table is marked in the file and the build log with
// what can fail.
TEST_F(commands, not_null_with_default_is_filled_and_a_new_unique_key_is_marked) {
    write_file(model(), R"(#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
#include <optional>
#include <string>
struct STRATA_TABLE(name = "ticket") Ticket {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::optional<std::int32_t> level;
    std::string code;
};
)");
    ASSERT_TRUE(autogenerate(request("v1"), false, m_log).written);
    write_file(model(), R"(#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
#include <optional>
#include <string>
struct STRATA_TABLE(name = "ticket") Ticket {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(default = "3") std::int32_t level;
    STRATA_COLUMN(unique, existing_rows = "checked") std::string code;
};
)");
    const auto result = autogenerate(request("v2"), false, m_log);
    ASSERT_TRUE(result.written);
    const auto text = read_file(*result.written);
    const auto fill =
        text.find(R"(op.execute("UPDATE \"ticket\" SET \"level\" = 3 WHERE \"level\" IS NULL");)");
    ASSERT_NE(fill, std::string::npos) << text;
    EXPECT_LT(fill, text.find("op.alter_column(\"ticket\"")) << text;
    const std::string warning = "adds unique constraint uq_ticket_code on ticket(code): fails if "
                                "existing rows repeat a value of (code)";
    const std::string declared =
        "declared existing_rows = \"checked\": the model asserts every existing row satisfies it";
    EXPECT_NE(text.find("// WARNING: " + warning + "\n    //   " + declared), std::string::npos)
        << text;
    EXPECT_NE(m_log.str().find("strata: warning: " + result.written->filename().string() + ": " +
                               warning + "; " + declared),
              std::string::npos)
        << m_log.str();
    EXPECT_EQ(m_log.str().find("NOT NULL"), std::string::npos) << m_log.str();
}

TEST_F(commands, required_member_without_a_value_stops_and_writes_nothing) {
    write_file(model(), R"(#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
#include <optional>
struct STRATA_TABLE(name = "ticket") Ticket {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::optional<std::int32_t> level;
};
)");
    ASSERT_TRUE(autogenerate(request("v1"), false, m_log).written);
    write_file(model(), R"(#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
#include <optional>
struct STRATA_TABLE(name = "ticket") Ticket {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::int32_t level;
};
)");
    EXPECT_THROW_MSG(autogenerate(request("v2"), false, m_log), diagnostic_error,
                     "user.hpp:7:18: error: column 'ticket.level' becomes NOT NULL, but existing "
                     "rows may hold NULL");
    EXPECT_EQ(version_files().size(), 1u);
}

TEST_F(commands, change_existing_rows_may_fail_stops_at_the_member_and_the_table) {
    write_file(model(), R"(#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
#include <string>
struct STRATA_TABLE(name = "ticket") Ticket {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 40) std::string code;
    std::int32_t level;
};
)");
    ASSERT_TRUE(autogenerate(request("v1"), false, m_log).written);
    write_file(model(), R"(#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
#include <string>
struct STRATA_TABLE(name = "ticket", check = "level >= 0") Ticket {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 20, unique) std::string code;
    std::int32_t level;
};
)");
    try {
        (void)autogenerate(request("v2"), false, m_log);
        ADD_FAILURE() << "generation did not stop";
    } catch (const diagnostic_error& e) {
        const std::string text = e.what();
        // One error per change: the member's narrowed type and its unique, the table's check.
        EXPECT_NE(text.find("user.hpp:7:52: error: column 'ticket.code': the revision alters "
                            "column ticket.code: narrows its type"),
                  std::string::npos)
            << text;
        EXPECT_NE(text.find("user.hpp:7:52: error: column 'ticket.code': the revision adds unique "
                            "constraint uq_ticket_code"),
                  std::string::npos)
            << text;
        EXPECT_NE(text.find("user.hpp:5:60: error: table 'ticket': the revision adds check "
                            "ck_ticket_1 on ticket"),
                  std::string::npos)
            << text;
        EXPECT_NE(text.find("note: existing_rows = \"truncate\""), std::string::npos) << text;
    }
    EXPECT_EQ(version_files().size(), 1u);
    // Declared, it generates; the procedures run before the changes they prepare.
    write_file(model(), R"(#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
#include <string>
struct STRATA_TABLE(name = "ticket", check = "level >= 0", existing_rows = "delete") Ticket {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 20, unique, existing_rows = "checked") std::string code;
    std::int32_t level;
};
)");
    const auto result = autogenerate(request("v2"), false, m_log);
    ASSERT_TRUE(result.written);
    const auto text = read_file(*result.written);
    const auto deletes =
        text.find(R"x(op.execute("DELETE FROM \"ticket\" WHERE NOT (level >= 0)");)x");
    ASSERT_NE(deletes, std::string::npos) << text;
    EXPECT_LT(deletes, text.find("op.add_check(")) << text;
    EXPECT_NE(m_log.str().find("declared existing_rows = \"delete\": deletes rows that violate "
                               "level >= 0 first"),
              std::string::npos)
        << m_log.str();
}

// A hand-edited `.id` (another id than the file name's, a keyword, upper case) is refused
// where it stands: every database that applied the revision knows it by the old id.
TEST_F(commands, a_hand_edited_id_is_refused_at_its_line) {
    const auto file = write_empty_revision(migrations(), "backfill names", m_log);
    const auto original = read_file(file);
    const auto at = original.find(".id = \"") + 7;
    const auto id = original.substr(at, 12);
    const unsigned line =
        1 + static_cast<unsigned>(
                std::count(original.begin(), original.begin() + static_cast<long>(at), '\n'));
    const auto where = fmt::format("{}:{}: error: ", file.string(), line);
    ASSERT_NE(file.filename().string().find("_" + id + "_"), std::string::npos);
    auto edit = [&](const std::string& new_id) {
        auto text = original;
        text.replace(at, 12, new_id);
        write_file(file, text);
    };
    edit(id.substr(0, 11) + (id.back() == '0' ? "1" : "0"));
    EXPECT_THROW_MSG((void)migrations_dir(migrations()).revisions(), diagnostic_error,
                     where + "revision id '" + id.substr(0, 11));
    EXPECT_THROW_MSG((void)migrations_dir(migrations()).revisions(), diagnostic_error,
                     "does not match the id '" + id + "' in the file name");
    for (const std::string keyword : {"head", "heads", "base", "current"}) {
        edit(keyword);
        EXPECT_THROW_MSG((void)migrations_dir(migrations()).revisions(), diagnostic_error,
                         where + "revision id '" + keyword + "' is a target keyword");
    }
    edit("01CBBAB09EC6");
    EXPECT_THROW_MSG((void)migrations_dir(migrations()).revisions(), diagnostic_error,
                     where + "revision id '01CBBAB09EC6' has an upper-case letter");
    // Seen from outside: an id with a quote was "revision file has no `.id`".
    edit("ab'c" + id.substr(4));
    EXPECT_THROW_MSG((void)migrations_dir(migrations()).revisions(), diagnostic_error,
                     where + "revision id 'ab'c" + id.substr(4) +
                         "' is not one string literal of lower-case letters, digits and '_'");
    // An id only somewhere in the file name is another revision; so is one the compiler
    // joins with a second literal.
    edit(id.substr(0, 5));
    EXPECT_THROW_MSG((void)migrations_dir(migrations()).revisions(), diagnostic_error,
                     "does not match the id '" + id + "' in the file name");
    edit(id + "\" \"x");
    EXPECT_THROW_MSG((void)migrations_dir(migrations()).revisions(), diagnostic_error,
                     where + "revision id '" + id + "' is not one string literal");
    // Restored, it reads again; a file named by hand (no id in its name) keeps its id.
    write_file(file, original);
    EXPECT_EQ(migrations_dir(migrations()).revisions().at(0).id, id);
    std::filesystem::rename(file, migrations() / "versions" / "backfill.cpp");
    EXPECT_EQ(migrations_dir(migrations()).revisions().at(0).id, id);
}

// The revision and the snapshot are written together: when a snapshot file cannot be
// replaced (immutable, as `chattr +i` makes it even for root), the staged revision is
// removed and the snapshot files already replaced are put back.
TEST_F(commands, a_snapshot_that_cannot_be_written_leaves_no_revision) {
    write_file(model(), users_v1 + R"(struct STRATA_TABLE(name = "tags") Tag {
    STRATA_COLUMN(primary_key) std::int64_t id;
};
)");
    ASSERT_TRUE(autogenerate(request(), false, m_log).written);
    const auto tags = read_file(migrations() / "schema" / "tags.json");
    const auto users = migrations() / "schema" / "users.json";
    const auto users_before = read_file(users);
    if (std::system(("chattr +i '" + users.string() + "' 2>/dev/null").c_str()) != 0) {
        GTEST_SKIP() << "chattr +i is not available here";
    }
    // Undone however the test ends, or the temporary directory could not be removed.
    const std::unique_ptr<const std::filesystem::path, void (*)(const std::filesystem::path*)>
        immutable(&users, [](const std::filesystem::path* file) {
            (void)std::system(("chattr -i '" + file->string() + "'").c_str());
        });
    // Both tables change: tags.json sorts first, so it is replaced before users.json fails.
    write_file(model(), users_v2 + R"(struct STRATA_TABLE(name = "tags") Tag {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::optional<std::int32_t> weight;
};
)");
    EXPECT_THROW_MSG(autogenerate(request("both"), false, m_log), strata::error,
                     "cannot write '" + users.string() + "': Operation not permitted");
    EXPECT_EQ(version_files().size(), 1u);
    EXPECT_EQ(read_file(migrations() / "schema" / "tags.json"), tags);
    EXPECT_EQ(read_file(users), users_before);
    for (const auto& entry : std::filesystem::directory_iterator(migrations() / "schema")) {
        EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
    }
}

// The same for any file set: a target that cannot be replaced (a directory in its place)
// undoes the files renamed before it and leaves no temporary file.
TEST(file_transaction, a_failed_commit_puts_back_what_it_replaced) {
    temp_dir dir;
    write_file(dir / "a.txt", "old a");
    std::filesystem::create_directories(dir / "c.txt" / "inside");
    file_transaction files;
    files.stage(dir / "a.txt", "new a");
    files.stage(dir / "b.txt", "new b");
    files.stage(dir / "c.txt", "new c");
    EXPECT_THROW_MSG(files.commit(), strata::error, "cannot write '" + (dir / "c.txt").string());
    EXPECT_EQ(read_file(dir / "a.txt"), "old a");
    EXPECT_FALSE(std::filesystem::exists(dir / "b.txt"));
    EXPECT_TRUE(std::filesystem::is_directory(dir / "c.txt" / "inside"));
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        ++entries;
    }
    EXPECT_EQ(entries, 2u); // a.txt and c.txt: no temporary file is left
}

// --- depends_on (strata revision --depends-on) ------------------------------------------

namespace {
// The id the revision file @p file registers.
std::string id_in(const std::filesystem::path& file) {
    const auto text = read_file(file);
    const auto at = text.find(".id = \"") + 7;
    return text.substr(at, text.find('"', at) - at);
}

// 1-based line of the first occurrence of @p needle in @p file.
unsigned line_of(const std::filesystem::path& file, const std::string& needle) {
    const auto text = read_file(file);
    return 1 + static_cast<unsigned>(std::count(
                   text.begin(), text.begin() + static_cast<long>(text.find(needle)), '\n'));
}
} // namespace

class dependencies : public commands {
protected:
    // users on the accounts branch; an audit branch from base whose second revision needs
    // users.
    void SetUp() override {
        commands::SetUp();
        auto first = request();
        first.placement.branch_labels = {"accounts"};
        m_users = *autogenerate(first, false, m_log).written;
        // Later than users, so users comes first in any order of the audit head's needs.
        ::setenv("SOURCE_DATE_EPOCH", "1795666080", 1);
        m_audit = write_empty_revision(migrations(), "audit", m_log, {"base", {"audit"}});
        m_needs = write_empty_revision(migrations(), "audit needs users", m_log,
                                       {"audit@head", {}, {id_in(m_users).substr(0, 6)}});
    }
    std::filesystem::path m_users, m_audit, m_needs;
};

TEST_F(dependencies, the_dependency_is_written_as_an_id_and_joins_no_branches) {
    EXPECT_NE(read_file(m_needs).find(".depends_on = {\"" + id_in(m_users) + "\"},"),
              std::string::npos)
        << read_file(m_needs);
    EXPECT_NE(read_file(m_users).find(".depends_on = {},"), std::string::npos);
    const auto revisions = migrations_dir(migrations()).revisions();
    const auto graph = make_graph(revisions);
    EXPECT_EQ(graph.get(id_in(m_needs))->depends_on, std::vector{id_in(m_users)});
    // Both lines keep their heads, and they are declared branches: the build accepts them.
    auto heads = graph.heads();
    auto expected = std::vector{id_in(m_users), id_in(m_needs)};
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(heads, expected);
    EXPECT_NO_THROW(require_declared_heads(migrations()));
    // The snapshot is still proven: a dependency changes no schema.
    write_file(model(), users_v2);
    auto on_main = request();
    on_main.placement.head = id_in(m_users);
    EXPECT_TRUE(autogenerate(on_main, false, m_log).written);
}

TEST_F(dependencies, an_unknown_dependency_is_an_error_at_its_line) {
    auto text = read_file(m_needs);
    text.replace(text.find(id_in(m_users), text.find(".depends_on")), 12, "ffffffffffff");
    write_file(m_needs, text);
    EXPECT_THROW_MSG(
        (void)make_graph(migrations_dir(migrations()).revisions()), diagnostic_error,
        fmt::format("{}:{}: error: revision '{}' depends on 'ffffffffffff', which is not a "
                    "revision in ",
                    m_needs.string(), line_of(m_needs, ".depends_on"), id_in(m_needs)));
}

TEST_F(dependencies, a_dependency_cycle_is_an_error_at_its_line) {
    auto text = read_file(m_users);
    text.replace(text.find(".depends_on = {}"), 16, ".depends_on = {\"" + id_in(m_needs) + "\"}");
    write_file(m_users, text);
    EXPECT_THROW_MSG(
        (void)make_graph(migrations_dir(migrations()).revisions()), diagnostic_error,
        fmt::format("{}:{}: error: revision '{}' depends on '{}', which needs '{}' itself: the "
                    "dependency makes a cycle",
                    m_users.string(), line_of(m_users, ".depends_on"), id_in(m_users),
                    id_in(m_needs), id_in(m_users)));
}

// Seen from outside: "revision graph has a cycle among '…'" named no file.
TEST_F(dependencies, a_parent_cycle_names_the_files_it_runs_through) {
    auto text = read_file(m_audit);
    const auto parents = text.find(".down_revisions = {}");
    ASSERT_NE(parents, std::string::npos) << text;
    text.replace(parents, 20, ".down_revisions = {\"" + id_in(m_needs) + "\"}");
    write_file(m_audit, text);
    try {
        (void)make_graph(migrations_dir(migrations()).revisions());
        FAIL() << "a cycle was accepted";
    } catch (const diagnostic_error& e) {
        const std::string text = e.what();
        EXPECT_NE(text.find(": error: revision graph has a cycle among"), std::string::npos);
        for (const auto& file : {m_audit, m_needs}) {
            const bool named = text.starts_with(file.string() + ": error: ") ||
                               text.find("note: also in " + file.string()) != std::string::npos;
            EXPECT_TRUE(named) << file << " is not named in: " << text;
        }
    }
}

TEST_F(dependencies, refusals_write_nothing) {
    const auto before = version_files();
    EXPECT_THROW_MSG(
        write_empty_revision(migrations(), "again", m_log, {"audit@head", {}, {"audit"}}),
        diagnostic_error,
        "--depends-on 'audit': revision '" + id_in(m_audit) +
            "' is already an ancestor of the new revision");
    EXPECT_THROW_MSG(write_empty_revision(migrations(), "again", m_log,
                                          {"audit@head", {}, {"nosuchlabel@head"}}),
                     strata::revision_error, "unknown branch label 'nosuchlabel'");
    // A template from before depends_on would lose the dependency: refused, with the line.
    auto tmpl = read_file(migrations() / "script.cpp.tmpl");
    tmpl.erase(tmpl.find("    .depends_on"),
               tmpl.find('\n', tmpl.find("    .depends_on")) - tmpl.find("    .depends_on") + 1);
    write_file(migrations() / "script.cpp.tmpl", tmpl);
    EXPECT_THROW_MSG(
        write_empty_revision(migrations(), "again", m_log, {"audit@head", {}, {id_in(m_users)}}),
        diagnostic_error,
        "the revision template has no ${depends_on} placeholder, so the revision's "
        "depends_on would be lost");
    EXPECT_EQ(version_files(), before);
}

TEST_F(dependencies, each_head_is_named_after_its_own_branch_not_the_one_it_depends_on) {
    const auto ids = std::vector{id_in(m_users), id_in(m_needs)};
    EXPECT_THROW_MSG(
        write_empty_revision(migrations(), "which branch", m_log), diagnostic_error,
        fmt::format("the revisions have independent branches ({}); a new revision "
                    "needs to know which one it belongs to",
                    ids[0] < ids[1]
                        ? fmt::format("accounts@head ('{}'), audit@head ('{}')", ids[0], ids[1])
                        : fmt::format("audit@head ('{}'), accounts@head ('{}')", ids[1], ids[0])));
}
