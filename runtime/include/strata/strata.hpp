#pragma once
/// @file
/// Everything an application needs from strata in one include.

#include "strata/annotations.hpp"
#include "strata/backend.hpp"
#include "strata/connection.hpp"
#include "strata/dialect.hpp"
#include "strata/error.hpp"
#include "strata/fingerprint.hpp"
#include "strata/introspect.hpp"
#include "strata/migrator.hpp"
#include "strata/operations.hpp"
#include "strata/postgresql/connection.hpp"
#include "strata/postgresql/dialect.hpp"
#include "strata/postgresql/introspect.hpp"
#include "strata/revision.hpp"
#include "strata/revision_graph.hpp"
#include "strata/schema.hpp"
#include "strata/sqlite/connection.hpp"
#include "strata/sqlite/dialect.hpp"
