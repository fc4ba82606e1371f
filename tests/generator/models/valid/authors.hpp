#pragma once
// clang-format off
// (unformatted on purpose: the scanner tests find declarations by their line text)
// The table blog.hpp's foreign keys point at; scanned together with blog.hpp, which does not
// include it.

#include <strata/annotations.hpp>

#include <cstdint>
#include <string>

namespace blog {

struct STRATA_TABLE(name = "authors", renamed_from = "writers", comment = "people who write",
                    unique = (email), index = ("ix_authors_full_name", last_name, first_name))
    Author {
    STRATA_COLUMN(primary_key, autoincrement) std::int64_t id;
    STRATA_COLUMN(name = "email_address", length = 200, comment = "used to log in")
    std::string email;
    std::string first_name;
    STRATA_COLUMN(renamed_from = "surname") std::string last_name;
};

} // namespace blog
