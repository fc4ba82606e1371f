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

/// A revision with message "test", for tests about the graph and the migrator rather than
/// the revision's own text; @p transactional false opts out of the transaction.
inline revision make_revision(std::string id, std::vector<std::string> parents,
                              void (*upgrade)(operations&), void (*downgrade)(operations&),
                              bool transactional = true) {
    revision r = make_revision(std::move(id), std::move(parents), "test", "2024-01-01 00:00:00",
                               upgrade, downgrade);
    r.transactional = transactional;
    return r;
}

} // namespace strata::testing
