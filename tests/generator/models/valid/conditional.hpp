#pragma once
// A table that exists only when the compiler arguments define STRATA_WITH_AUDIT, to show that
// scan_options::compiler_args reach the parser.

#include <strata/annotations.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

#ifdef STRATA_WITH_AUDIT
struct STRATA_TABLE() AuditEntry {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::string action;
};
#endif
