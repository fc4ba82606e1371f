#pragma once
/// @file
/// strata with the PostgreSQL backend (library strata::postgresql): the core (strata.hpp),
/// the PostgreSQL connection, dialect and introspection.

#include "strata/postgresql/connection.hpp"
#include "strata/postgresql/dialect.hpp"
#include "strata/postgresql/introspect.hpp"
#include "strata/strata.hpp"
