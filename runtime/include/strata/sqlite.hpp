#pragma once
/// @file
/// strata with the SQLite backend (library strata::sqlite): the core (strata.hpp), the
/// SQLite connection and dialect.

#include "strata/sqlite/connection.hpp"
#include "strata/sqlite/dialect.hpp"
#include "strata/strata.hpp"
