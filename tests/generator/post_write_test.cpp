// The post-write hook: new revisions go through clang-format with the project's
// .clang-format, and a missing or failing formatter never costs the revision.

#include "project/post_write.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <sstream>

using strata::generator::run_post_write_hook;
using strata::testing::temp_dir;
using strata::testing::write_file;

namespace {

const std::string unformatted = "void f() {\n        int x = 1;\n        int y = 2;\n}\n";
const std::string two_spaces = "void f() {\n  int x = 1;\n  int y = 2;\n}\n";

// A project with a .clang-format at its root and a revision two directories below it.
struct project {
    temp_dir dir;
    std::filesystem::path revision = dir / "migrations" / "versions" / "20260101_0000_x.cpp";
    project() { write_file(dir / ".clang-format", "BasedOnStyle: LLVM\nIndentWidth: 2\n"); }
};

TEST(PostWrite, FormatsWithTheNearestClangFormatAboveTheRevision) {
    project p;
    std::ostringstream log;
    EXPECT_EQ(run_post_write_hook("clang-format", false, unformatted, p.revision, log), two_spaces);
    EXPECT_EQ(log.str(), "");
}

TEST(PostWrite, SameInputGivesTheSameBytes) {
    project p;
    std::ostringstream log;
    const auto first = run_post_write_hook("clang-format", false, unformatted, p.revision, log);
    EXPECT_EQ(run_post_write_hook("clang-format", false, unformatted, p.revision, log), first);
    EXPECT_EQ(run_post_write_hook("clang-format", false, first, p.revision, log), first);
}

TEST(PostWrite, WithoutAClangFormatFileTheTextStaysAsRendered) {
    temp_dir dir;
    std::ostringstream log;
    EXPECT_EQ(
        run_post_write_hook("clang-format", false, unformatted, dir / "versions" / "r.cpp", log),
        unformatted);
    EXPECT_EQ(log.str(), "");
}

TEST(PostWrite, NoneTurnsItOff) {
    project p;
    std::ostringstream log;
    EXPECT_EQ(run_post_write_hook("none", true, unformatted, p.revision, log), unformatted);
    EXPECT_EQ(run_post_write_hook("", true, unformatted, p.revision, log), unformatted);
    EXPECT_EQ(log.str(), "");
}

TEST(PostWrite, AFailingFormatterKeepsTheRevisionAndWarns) {
    project p;
    std::ostringstream log;
    EXPECT_EQ(run_post_write_hook("false", true, unformatted, p.revision, log), unformatted);
    EXPECT_NE(log.str().find("strata: warning: post_write hook 'false' failed with exit status 1; "
                             "20260101_0000_x.cpp is written unformatted"),
              std::string::npos)
        << log.str();
}

TEST(PostWrite, AFormatterThatRejectsItsArgumentsIsReported) {
    project p;
    std::ostringstream log;
    EXPECT_EQ(
        run_post_write_hook("clang-format --no-such-option", true, unformatted, p.revision, log),
        unformatted);
    EXPECT_NE(log.str().find("failed with exit status 1: "), std::string::npos) << log.str();
}

TEST(PostWrite, AMissingFormatterWarnsOnlyWhenAskedForExplicitly) {
    project p;
    std::ostringstream quiet;
    EXPECT_EQ(
        run_post_write_hook("no-such-clang-format-7e1", false, unformatted, p.revision, quiet),
        unformatted);
    EXPECT_EQ(quiet.str(), "");
    std::ostringstream log;
    EXPECT_EQ(run_post_write_hook("no-such-clang-format-7e1", true, unformatted, p.revision, log),
              unformatted);
    EXPECT_NE(log.str().find("post_write hook 'no-such-clang-format-7e1' could not be started: No "
                             "such file or directory"),
              std::string::npos)
        << log.str();
}

} // namespace
