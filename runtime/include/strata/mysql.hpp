#pragma once
/// @file
/// strata with the MySQL/MariaDB backend (library strata::mysql): the core (strata.hpp), the
/// MySQL connection, dialect and introspection.

#include "strata/mysql/connection.hpp"
#include "strata/mysql/dialect.hpp"
#include "strata/mysql/introspect.hpp"
#include "strata/strata.hpp"
