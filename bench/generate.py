#!/usr/bin/env python3
"""Writes the synthetic inputs the benchmarks run on. Standard library only, so CMake can
run it with any python3 at build time; the driver (bench.py) imports it too.

    generate.py models DIR N           N annotated C++ model headers + all.hpp + models.py
    generate.py cpp-revisions DIR N    a migrations directory of N strata revisions + chain.hpp
    generate.py alembic-revisions DIR N    N Alembic revision scripts (the same changes)

Every table of a model has nine columns of mixed types, an index, a unique constraint
and a foreign key (to the previous table; the first one refers to itself), so the
generator and Alembic see the same schema. The N revisions alternate between creating
a table and adding a column to it, in C++ and in Python alike.
"""

import hashlib
import json
import os
import sys

REVISION_DATE = "2026-01-01 00:00:00"


def table_name(i):
    return f"t{i:04d}"


def struct_name(i):
    return f"T{i:04d}"


def write(path, text):
    """Writes only when the content differs, so a re-run does not trigger rebuilds."""
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def model_header(i):
    parent = table_name(i - 1 if i > 0 else 0)
    return f"""// Synthetic benchmark model {i}: nine columns, an index, a unique and a foreign key.
#pragma once
#include <strata/annotations.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

struct STRATA_TABLE(name = "{table_name(i)}") {struct_name(i)} {{
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 120, index) std::string name;
    STRATA_COLUMN(length = 40, unique) std::string code;
    std::int32_t quantity;
    double price;
    bool active;
    std::chrono::system_clock::time_point created_at;
    std::optional<std::string> note;
    STRATA_COLUMN(references = "{parent}.id") std::optional<std::int64_t> parent_id;
}};
"""


def sqlalchemy_model(i):
    parent = table_name(i - 1 if i > 0 else 0)
    return f"""

class {struct_name(i)}(Base):
    __tablename__ = "{table_name(i)}"
    id = Column(BigInteger, primary_key=True)
    name = Column(String(120), nullable=False, index=True)
    code = Column(String(40), nullable=False, unique=True)
    quantity = Column(Integer, nullable=False)
    price = Column(Float, nullable=False)
    active = Column(Boolean, nullable=False)
    created_at = Column(DateTime, nullable=False)
    note = Column(Text)
    parent_id = Column(BigInteger, ForeignKey("{parent}.id"))
"""


def write_models(directory, count):
    """C++ headers (one per table) with an umbrella all.hpp, and the SQLAlchemy twin."""
    os.makedirs(directory, exist_ok=True)
    umbrella = ["// Every model header: what clang++ -fsyntax-only parses as the floor."]
    for i in range(count):
        name = f"{table_name(i)}.hpp"
        write(os.path.join(directory, name), model_header(i))
        umbrella.append(f'#include "{name}"')
    write(os.path.join(directory, "all.hpp"), "\n".join(umbrella) + "\n")
    py = [
        "# Synthetic benchmark models, the SQLAlchemy twin of the C++ headers.",
        "from sqlalchemy import (BigInteger, Boolean, Column, DateTime, Float, ForeignKey,",
        "                        Integer, String, Text)",
        "from sqlalchemy.orm import declarative_base",
        "",
        "Base = declarative_base()",
    ]
    text = "\n".join(py) + "".join(sqlalchemy_model(i) for i in range(count))
    write(os.path.join(directory, "models.py"), text)
    with open(os.path.join(directory, "headers.txt"), "w", encoding="utf-8") as f:
        for i in range(count):
            f.write(os.path.join(directory, f"{table_name(i)}.hpp") + "\n")


def revision_id(k):
    return hashlib.sha1(f"strata-bench-revision-{k}".encode()).hexdigest()[:12]


def revision_change(k):
    """(message, kind, table): even k creates a table, odd k adds a column to it."""
    table = f"r{k // 2:04d}"
    if k % 2 == 0:
        return f"create table {table}", "create", table
    return f"add column {table}.extra", "add", table


def cpp_revision(k):
    rid = revision_id(k)
    parents = f'"{revision_id(k - 1)}"' if k > 0 else ""
    message, kind, table = revision_change(k)
    if kind == "create":
        up = (f'    op.create_table("{table}", {{col("id", int64()).primary_key(),\n'
              f'                               col("name", string(100)),\n'
              f'                               col("value", int32()).nullable()}});')
        down = f'    op.drop_table("{table}");'
    else:
        up = f'    op.add_column("{table}", col("extra", int64()).nullable());'
        down = f'    op.drop_column("{table}", "extra");'
    return f"""// {message}
//
// Revision ID: {rid}
// Revises: {revision_id(k - 1) if k > 0 else "<base>"}
// Create Date: {REVISION_DATE}
//
// Written by bench/generate.py in the shape of script.cpp.tmpl.

#include <strata/script.hpp>

namespace strata_revision_{rid} {{
using namespace strata::dsl;

void upgrade([[maybe_unused]] strata::operations& op) {{
{up}
}}

void downgrade([[maybe_unused]] strata::operations& op) {{
{down}
}}

const strata::revision_registrar registrar{{{{
    .id = "{rid}",
    .down_revisions = {{{parents}}},
    .message = "{message}",
    .create_date = "{REVISION_DATE}",
    .upgrade = &upgrade,
    .downgrade = &downgrade,
}}}};

}} // namespace strata_revision_{rid}
"""


def revision_models(count):
    """The model structs the first count revisions amount to (AUTOGENERATE OFF checks them)."""
    text = ("// The benchmark's revisions are written by bench/generate.py; these structs are\n"
            "// what they amount to, so add_migrations() (AUTOGENERATE OFF) finds no change.\n"
            "#pragma once\n#include <strata/annotations.hpp>\n#include <cstdint>\n"
            "#include <optional>\n#include <string>\n")
    for t in range((count + 1) // 2):
        extra = "    std::optional<std::int64_t> extra;\n" if 2 * t + 1 < count else ""
        text += (f'struct STRATA_TABLE(name = "r{t:04d}") R{t:04d} {{\n'
                 "    STRATA_COLUMN(primary_key) std::int64_t id;\n"
                 "    STRATA_COLUMN(length = 100) std::string name;\n"
                 "    std::optional<std::int32_t> value;\n"
                 f"{extra}}};\n")
    return text


def revision_snapshot(t, with_extra):
    """schema/r<t>.json as the revisions leave table t."""
    columns = [{"name": "id", "type": "int64", "nullable": False, "primary_key": True},
               {"name": "name", "type": "string", "length": 100, "nullable": False},
               {"name": "value", "type": "int32", "nullable": True}]
    if with_extra:
        columns.append({"name": "extra", "type": "int64", "nullable": True})
    return json.dumps({"format": "strata-snapshot/1", "table": f"r{t:04d}", "columns": columns},
                      indent=2) + "\n"


def write_cpp_revisions(directory, count):
    """A migrations directory (strata.ini from the generator's template, an empty schema
    snapshot, an empty models header and one file per revision in versions/) that
    add_migrations(... AUTOGENERATE OFF) compiles in with its build manifest, as in an
    application; and chain.hpp naming the ids in order."""
    versions = os.path.join(directory, "versions")
    os.makedirs(versions, exist_ok=True)
    os.makedirs(os.path.join(directory, "schema"), exist_ok=True)
    templates = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "generator",
                             "templates")
    with open(os.path.join(templates, "strata.ini")) as f:
        ini = f.read().replace("${database_url}", "sqlite:///bench.db")
    write(os.path.join(directory, "strata.ini"), ini)
    with open(os.path.join(templates, "script.cpp.tmpl")) as f:
        write(os.path.join(directory, "script.cpp.tmpl"), f.read())
    # The models and the snapshot the revisions produce: the build proves the snapshot
    # against a replay of the revisions and the models against the snapshot.
    write(os.path.join(directory, "models.hpp"), revision_models(count))
    schema = os.path.join(directory, "schema")
    for stale in os.listdir(schema):
        if stale.endswith(".json"):
            os.remove(os.path.join(schema, stale))
    for t in range((count + 1) // 2):
        write(os.path.join(schema, f"r{t:04d}.json"), revision_snapshot(t, 2 * t + 1 < count))
    wanted = set()
    for k in range(count):
        name = f"{k:04d}_{revision_id(k)}.cpp"
        wanted.add(name)
        write(os.path.join(versions, name), cpp_revision(k))
    # A smaller BENCH_REVISIONS than last time: the directory holds exactly the chain.
    for stale in set(os.listdir(versions)) - wanted:
        os.remove(os.path.join(versions, stale))
    ids = ",\n".join(f'    "{revision_id(k)}"' for k in range(count))
    write(os.path.join(directory, "chain.hpp"),
          "// The benchmark revisions' ids, oldest first.\n#pragma once\n\n"
          f"inline constexpr const char* bench_chain[] = {{\n{ids},\n}};\n"
          f"inline constexpr int bench_chain_length = {count};\n")


def alembic_revision(k):
    rid = revision_id(k)
    down = f'"{revision_id(k - 1)}"' if k > 0 else "None"
    message, kind, table = revision_change(k)
    if kind == "create":
        up = (f'    op.create_table("{table}",\n'
              f'                    sa.Column("id", sa.BigInteger(), primary_key=True),\n'
              f'                    sa.Column("name", sa.String(100), nullable=False),\n'
              f'                    sa.Column("value", sa.Integer(), nullable=True))')
        down_body = f'    op.drop_table("{table}")'
    else:
        up = f'    op.add_column("{table}", sa.Column("extra", sa.BigInteger(), nullable=True))'
        down_body = f'    op.drop_column("{table}", "extra")'
    return f'''"""{message}

Revision ID: {rid}
Revises: {revision_id(k - 1) if k > 0 else ""}
Create Date: {REVISION_DATE}
"""
from alembic import op
import sqlalchemy as sa

revision = "{rid}"
down_revision = {down}
branch_labels = None
depends_on = None


def upgrade():
{up}


def downgrade():
{down_body}
'''


def write_alembic_revisions(directory, count):
    os.makedirs(directory, exist_ok=True)
    for k in range(count):
        write(os.path.join(directory, f"{k:04d}_{revision_id(k)}.py"), alembic_revision(k))


def main(argv):
    if len(argv) != 4 or argv[1] not in ("models", "cpp-revisions", "alembic-revisions"):
        sys.stderr.write(__doc__)
        return 2
    kind, directory, count = argv[1], argv[2], int(argv[3])
    {"models": write_models, "cpp-revisions": write_cpp_revisions,
     "alembic-revisions": write_alembic_revisions}[kind](directory, count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
