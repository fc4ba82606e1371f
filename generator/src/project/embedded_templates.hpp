#pragma once
/// @file
/// The default files `strata init` writes, compiled in from generator/templates/.

namespace strata::generator {

/// Default script.cpp.tmpl.
extern const char* const script_template;
/// Default strata.ini; `${database_url}` is filled in by init.
extern const char* const ini_template;
/// README.md of a new migrations directory.
extern const char* const readme_template;

} // namespace strata::generator
