// strata review reads revisions without compiling them (revision_reader.hpp). Here the two
// revisions the generator wrote for this change kind are also compiled into the program, so what
// the reader finds in each file must be exactly what the compiled upgrade() records; and the case's
// whole history must review.

#include "project/migrations_dir.hpp"
#include "render/revision_reader.hpp"
#include "review/review.hpp"

#include <strata/revision.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace {

TEST(review_reader, reads_what_the_compiled_revisions_record) {
    const char* out = std::getenv("STRATA_EVOLUTION_OUT_DIR");
    ASSERT_NE(out, nullptr) << "ctest sets STRATA_EVOLUTION_OUT_DIR";
    const std::filesystem::path dir = std::filesystem::path(out) / "migrations";
    const auto files = strata::generator::migrations_dir(dir).revisions();
    ASSERT_EQ(files.size(), 2u);
    for (const auto& file : files) {
        const auto& compiled = strata::registered_revisions();
        const auto rev = std::find_if(compiled.begin(), compiled.end(),
                                      [&](const strata::revision& r) { return r.id == file.id; });
        ASSERT_NE(rev, compiled.end()) << file.id;
        strata::operations recorded;
        rev->upgrade(recorded);
        std::ifstream in(file.file);
        std::ostringstream text;
        text << in.rdbuf();
        const auto read = strata::generator::read_revision_effect(file.file, text.str());
        std::vector<strata::operation> ops;
        for (const auto& r : read.recorded) {
            ops.push_back(r.op);
        }
        EXPECT_EQ(ops.size(), recorded.recorded().size()) << file.file;
        EXPECT_TRUE(ops == recorded.recorded()) << file.file;
        EXPECT_EQ(read.transactional, rev->transactional);
    }
    const auto report = strata::generator::review::build_review({dir, ":", {}, ""});
    ASSERT_EQ(report.revisions.size(), 2u);
    for (const auto& r : report.revisions) {
        for (const auto& sql : r.sql) {
            EXPECT_EQ(sql.error, "") << sql.dialect << " cannot run " << r.file.id;
        }
    }
}

} // namespace
