#pragma once
/// @file
/// The enumerations of the schema model, on their own so that the lean header generated
/// revisions include (strata/script.hpp) can name them without the rest of the model.

namespace strata {

/// The portable column types. Each dialect maps them to its own SQL spelling
/// (docs/annotations.md has the table).
enum class type_kind {
    int16,           ///< std::int16_t, std::uint8_t
    int32,           ///< std::int32_t, int, std::uint16_t
    int64,           ///< std::int64_t, long long, std::uint32_t
    float32,         ///< float
    float64,         ///< double
    boolean,         ///< bool
    string,          ///< std::string: VARCHAR(length) when a length is given, else TEXT
    binary,          ///< std::vector<std::byte>, std::vector<std::uint8_t>
    timestamp,       ///< std::chrono::system_clock::time_point: an instant, with time zone
    date,            ///< std::chrono::year_month_day, std::chrono::local_days
    decimal,         ///< fixed point, from the `decimal = (precision, scale)` annotation
    enumeration,     ///< a C++ enum class, stored by enumerator name
    local_timestamp, ///< std::chrono::local_time<D> (local_seconds, ...): no time zone
    time_of_day,     ///< std::chrono::hh_mm_ss<D>: a wall-clock time, no date, no zone
    interval,        ///< std::chrono::duration<R, P> (seconds, minutes, ...): a length of time
    uuid,            ///< a class named `uuid` (boost::uuids::uuid, your own)
    json,            ///< nlohmann::json (nlohmann::basic_json<...>)
};

/// Rank of an integer kind in the order values widen into (int16 1, int32 2, int64 3); 0
/// for every other kind. The one definition of "integer" for the scanner, the diff, its
/// risks and the dialects.
[[nodiscard]] constexpr int integer_rank(type_kind kind) {
    switch (kind) {
    case type_kind::int16:
        return 1;
    case type_kind::int32:
        return 2;
    case type_kind::int64:
        return 3;
    default:
        return 0;
    }
}

/// Whether @p kind is one of the integer kinds (int16, int32, int64).
[[nodiscard]] constexpr bool is_integer(type_kind kind) {
    return integer_rank(kind) != 0;
}

/// What a foreign key does when the referenced row changes.
enum class referential_action { no_action, restrict, cascade, set_null, set_default };

} // namespace strata
