#pragma once
/// @file
/// The core of strata in one include: the migrator, revisions, connect() and the schema
/// model, without any backend's header. A program includes the backend it uses beside it
/// (<strata/sqlite.hpp>, <strata/postgresql.hpp>, <strata/mysql.hpp>), which include this one;
/// connect(url) needs no backend header, only the backend library linked.

#include "strata/annotations.hpp"
#include "strata/backend.hpp"
#include "strata/connection.hpp"
#include "strata/dialect.hpp"
#include "strata/error.hpp"
#include "strata/fingerprint.hpp"
#include "strata/introspect.hpp"
#include "strata/migrator.hpp"
#include "strata/operations.hpp"
#include "strata/revision.hpp"
#include "strata/revision_graph.hpp"
#include "strata/schema.hpp"
