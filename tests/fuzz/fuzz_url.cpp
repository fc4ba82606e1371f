// libFuzzer target: database URL and DSN parsing and masking. Masking never crashes, is
// idempotent, and leaves no spelling of a password it found; the backend dispatch takes
// any text without crashing.

#include "strata/connection.hpp"
#include "strata/detail/url.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::string masked = strata::mask_password(text);
    if (strata::mask_password(masked) != masked) {
        __builtin_trap(); // masking twice must change nothing
    }
    // A URL's password (by the rule connect() uses) is gone from the masked form, unless
    // the same characters stand elsewhere in it (a password "db" in host "db") or it holds
    // the mask's own '*': "**@h" masked is "***@h", which shows the host, not the password.
    if (const auto credentials = strata::detail::find_credentials(text);
        credentials && credentials->colon) {
        const auto password =
            text.substr(*credentials->colon + 1, credentials->at - *credentials->colon - 1);
        const std::string rest = std::string(text.substr(0, *credentials->colon + 1)) +
                                 std::string(text.substr(credentials->at));
        if (password.size() >= 3 && rest.find(password) == std::string::npos &&
            password.find('*') == std::string_view::npos &&
            masked.find(password) != std::string::npos) {
            __builtin_trap();
        }
    }
    const std::string message = "cannot connect to '" + std::string(text) + "': failed";
    (void)strata::mask_secrets(message, text);
    (void)strata::password_spellings(text);
    (void)strata::detail::percent_decode(text);
    if (strata::detail::percent_decode(strata::detail::percent_encode(text)) != text) {
        __builtin_trap();
    }
    return 0;
}
