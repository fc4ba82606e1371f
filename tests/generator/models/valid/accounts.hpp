#pragma once
// Tables in nested namespaces, with aliases, optional members, exclusions and renames.

#include "common_types.hpp"

#include <strata/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace app {

struct Session; // a forward declaration is not a table

/// Default name: snake_case of the struct name.
struct STRATA_TABLE() UserProfile {
    STRATA_COLUMN(primary_key) types::id id;
    STRATA_COLUMN(length = 120, name = "email_address") std::string email;
    types::maybe_text display_name;
    std::optional<std::int32_t> age;
    bool active;
    double balance;
    types::counter login_count;
    long long visits;
    STRATA_EXCLUDE std::vector<std::string> cached_roles;
    static int instances; // static members are not columns

    std::string greeting() const { return "hello " + email; }
};

namespace billing::v2 {

class STRATA_TABLE(name = "invoices") Invoice {
public:
    STRATA_COLUMN(primary_key) std::int64_t number;
    STRATA_COLUMN(primary_key, name = "year") std::int32_t invoice_year;
    types::text customer;
    STRATA_COLUMN(length = 3) std::optional<std::string> currency;
    std::optional<double> discount;
    std::optional<bool> paid;
};

struct HTTPRequest {
    // Not annotated: an ordinary struct, ignored.
    std::vector<int> ignored;

    /// Nested structs can be tables too.
    struct STRATA_TABLE() HTTPRequestLog {
        STRATA_COLUMN(primary_key) long id;
        std::string path;
    };
};

} // namespace billing::v2
} // namespace app

struct STRATA_TABLE() User {
    STRATA_COLUMN(primary_key) int id;
    STRATA_COLUMN(name = "login") app::types::text user_name;
};

extern "C++" {
namespace {
struct STRATA_TABLE(name = "tags") Tag {
    STRATA_COLUMN(primary_key, length = 64) std::string label;
};
} // namespace
}
