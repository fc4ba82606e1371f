#pragma once
/// @file
/// The export macros: which declarations are strata's public API in a shared build. Each
/// strata library has its own, since on Windows a declaration is exported by the DLL that
/// defines it and imported by every other: STRATA_API (strata::runtime), STRATA_CLI_API,
/// STRATA_SQLITE_API, STRATA_POSTGRESQL_API and STRATA_MYSQL_API.
///
/// - GCC and clang (ELF, Mach-O): the libraries are compiled with hidden visibility, and the
///   macros give the API default visibility; on ELF a linker version script
///   (cmake/strata-exports.map) keeps everything else local, std:: and fmt:: template
///   instantiations included. Nothing else is exported, static or shared.
/// - Windows (`_WIN32`): a shared strata defines STRATA_SHARED for its users (a usage
///   requirement of every strata target) and STRATA_BUILDING_<LIBRARY> while it compiles
///   that library: the macro is `__declspec(dllexport)` there and `__declspec(dllimport)`
///   everywhere else. A static strata defines neither, and the macros are empty.

#if defined(_WIN32)
#if defined(STRATA_SHARED)
#define STRATA_DLL_EXPORT_ __declspec(dllexport)
#define STRATA_DLL_IMPORT_ __declspec(dllimport)
#else
#define STRATA_DLL_EXPORT_
#define STRATA_DLL_IMPORT_
#endif
#if defined(STRATA_BUILDING_RUNTIME)
#define STRATA_API STRATA_DLL_EXPORT_
#else
#define STRATA_API STRATA_DLL_IMPORT_
#endif
#if defined(STRATA_BUILDING_CLI)
#define STRATA_CLI_API STRATA_DLL_EXPORT_
#else
#define STRATA_CLI_API STRATA_DLL_IMPORT_
#endif
#if defined(STRATA_BUILDING_SQLITE)
#define STRATA_SQLITE_API STRATA_DLL_EXPORT_
#else
#define STRATA_SQLITE_API STRATA_DLL_IMPORT_
#endif
#if defined(STRATA_BUILDING_POSTGRESQL)
#define STRATA_POSTGRESQL_API STRATA_DLL_EXPORT_
#else
#define STRATA_POSTGRESQL_API STRATA_DLL_IMPORT_
#endif
#if defined(STRATA_BUILDING_MYSQL)
#define STRATA_MYSQL_API STRATA_DLL_EXPORT_
#else
#define STRATA_MYSQL_API STRATA_DLL_IMPORT_
#endif
#elif defined(__GNUC__) || defined(__clang__)
/// Exported from strata::runtime (and harmless in a static library).
#define STRATA_API __attribute__((visibility("default")))
/// Exported from strata::cli.
#define STRATA_CLI_API STRATA_API
/// Exported from strata::sqlite.
#define STRATA_SQLITE_API STRATA_API
/// Exported from strata::postgresql.
#define STRATA_POSTGRESQL_API STRATA_API
/// Exported from strata::mysql.
#define STRATA_MYSQL_API STRATA_API
#else
#define STRATA_API
#define STRATA_CLI_API
#define STRATA_SQLITE_API
#define STRATA_POSTGRESQL_API
#define STRATA_MYSQL_API
#endif
