#pragma once
/// @file
/// Revisions written the way the generator writes them: plain functions recording
/// operations, gathered into strata::revision values by the tests.

#include "strata/revision.hpp"

#include <string>
#include <vector>

namespace strata::testing {

/// A revision record for @p id with the given functions.
inline revision make_revision(std::string id, std::vector<std::string> parents, std::string message,
                              std::string create_date, void (*upgrade)(operations&),
                              void (*downgrade)(operations&)) {
    return revision{std::move(id), std::move(parents), std::move(message), std::move(create_date),
                    upgrade,       downgrade};
}

} // namespace strata::testing
