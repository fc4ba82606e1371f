#pragma once
/// @file
/// The registry connect() dispatches through. Each backend library (strata::sqlite,
/// strata::postgresql, ...) registers its URL scheme(s) when it is linked, so an
/// application links only the backends it uses and connect(url) still finds them.
///
/// Why a registry filled at static-initialisation time, and why it survives static
/// libraries: a linker drops an archive member nobody references, and with it the
/// member's static registrar. Each backend's CMake target therefore carries a link option
/// that marks the registering object as needed (`-Wl,--undefined=strata_link_<backend>`,
/// `/INCLUDE:` on MSVC), so linking strata::sqlite is all it takes, with static or shared
/// libraries, directly or through another library.

#include "strata/connection.hpp"
#include "strata/dialect.hpp"
#include "strata/export.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

/// Opens a connection for a URL whose scheme the backend registered.
using connection_factory = std::unique_ptr<connection> (*)(std::string_view url,
                                                           const connect_options& options);

/// One backend as connect() knows it.
struct STRATA_API backend_info {
    /// URL scheme without "://", e.g. "sqlite".
    std::string scheme;
    /// The CMake target to link for it, e.g. "strata::sqlite" (for messages).
    std::string target;
    /// An example URL, e.g. "sqlite:///path.db" (for messages).
    std::string example_url;
    connection_factory open = nullptr;
    /// The backend's SQL dialect, for offline (--sql) scripts that need no connection.
    const dialect& (*sql_dialect)() = nullptr;
};

/// Adds @p backend to the registry. Registering the same scheme again with the same
/// factory is harmless (a backend may be initialised from several images); a different
/// factory for a registered scheme throws strata::error.
STRATA_API void register_backend(backend_info backend);

/// The backends linked into this program, sorted by scheme.
[[nodiscard]] STRATA_API std::vector<backend_info> registered_backends();

/// The linked backend for @p url's scheme. Throws strata::error naming the backends that
/// are linked when none matches.
[[nodiscard]] STRATA_API backend_info backend_for_url(std::string_view url);

/// Registers a backend at static-initialisation time; one per backend library.
class STRATA_API backend_registrar {
public:
    /// Calls register_backend(@p backend).
    explicit backend_registrar(backend_info backend);
};

} // namespace strata
