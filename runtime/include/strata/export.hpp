#pragma once
/// @file
/// STRATA_API marks the declarations that are strata's public API. The libraries are
/// compiled with hidden visibility (-fvisibility=hidden), so a shared build exports these
/// and nothing else: no `detail` or file-local symbol becomes part of the ABI.
///
/// Only ELF and Mach-O platforms (GCC, clang) are handled; elsewhere the macro is empty.

#if defined(__GNUC__) || defined(__clang__)
/// Exported from strata's shared libraries (and harmless in static ones).
#define STRATA_API __attribute__((visibility("default")))
#else
/// Exported from strata's shared libraries (and harmless in static ones).
#define STRATA_API
#endif
