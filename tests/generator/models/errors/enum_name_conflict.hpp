// clang-format off
// Two different enums that would become one SQL enum type.
#include <strata/annotations.hpp>

#include <cstdint>

namespace orders {
enum class Status { open, closed };
}
namespace tickets {
enum class Status { open, closed, escalated };
}

struct STRATA_TABLE() Order {
    STRATA_COLUMN(primary_key) std::int64_t id;
    orders::Status status;
};

struct STRATA_TABLE() Ticket {
    STRATA_COLUMN(primary_key) std::int64_t id;
    tickets::Status status;
    orders::Status order_status;
};
// expect-error: 21:21: member 'Ticket::status' uses enum type 'status' with values (open, closed, escalated), but member 'Order::status' uses an enum of the same name with values (open, closed)
// expect-note: an enum's SQL type is named after the enum in snake_case; rename one of the enums
