// clang-format off
// A composite foreign key whose column lists differ in length.
#include <strata/annotations.hpp>

#include <cstdint>

struct STRATA_TABLE(name = "versions") Version {
    STRATA_COLUMN(primary_key) std::int64_t document;
    STRATA_COLUMN(primary_key) std::int32_t number;
};

struct STRATA_TABLE(foreign_key = ((document_id, version), "versions", (document))) Comment {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::int64_t document_id;
    std::int32_t version;
};
// expect-error: 12:8: foreign key of struct 'Comment' has 2 columns (document_id, version) but references 1 (document)
// expect-note: a foreign key needs one referenced column for each of its columns
