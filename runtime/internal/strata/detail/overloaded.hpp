#pragma once
/// @file
/// The usual helper for std::visit with one lambda per alternative. Visiting an operation
/// with it fails to compile when an alternative is missing, which is how every stage is
/// kept in step with the operation vocabulary.

namespace strata::detail {

/// Combines lambdas into one overloaded call operator.
template <class... Fs>
struct overloaded : Fs... {
    using Fs::operator()...;
};
template <class... Fs>
overloaded(Fs...) -> overloaded<Fs...>;

} // namespace strata::detail
