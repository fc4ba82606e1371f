#!/usr/bin/env python3
"""Seeded generator of random model pairs for strata's property test (issue 13).

Writes one evolution case (the layout tests/evolution/evolution_test.cpp reads): v1.hpp and
v2.hpp, each holding one table per pair (p0, p1, ...), so that every pair of a batch goes
through one generated revision pair and one compiled program; rows.sql with rows valid
under v1; rows_v2.sql with rows v2 allows and v1 did not (NULLs where a column became
nullable); check_v2.sql and check_v1.sql, which say what the rows must look like after
the upgrade and after the downgrade.

Each pair draws a table within the supported vocabulary, then one to three changes that
the generator accepts (a column becoming NOT NULL gets a default or a backfill; a column
becoming nullable gets a backfill for its downgrade; a column that narrows or gains a
unique key or a check declares existing_rows). The rows are chosen so that every change
succeeds on them: distinct values where a unique index comes, non-negative numbers where a
check comes, short strings where a string narrows; so each existing_rows procedure
("truncate", "delete") runs on real rows and must leave them all in place.

usage: model_pairs.py (--seed N --pairs N | --seed-file FILE) --out DIR
(FILE holds "SEED PAIRS"; `make property` rewrites it for each batch.)
"""
import argparse
import os
import random

ROWS = 3

# kind -> (C++ type, default SQL, widened kind or None)
KINDS = {
    "int16": ("std::int16_t", "5", "int32"),
    "int32": ("std::int32_t", "5", "int64"),
    "int64": ("std::int64_t", "5", None),
    # 9.5, not a row's value (0.5, 1.5, 2.5): a NULL filled with it must not repeat a value
    # where a unique key comes (seed 1004 drew that pair).
    "float64": ("double", "9.5", None),
    "boolean": ("bool", "FALSE", None),
    "string": ("std::string", "'x'", None),
    "local_timestamp": ("std::chrono::local_seconds", "'2000-01-01 00:00:00'", None),
    "date": ("std::chrono::year_month_day", "'2000-01-01'", None),
    "enum": (None, "'a'", None),
}
NUMERIC = {"int16", "int32", "int64", "float64"}


class Column:
    def __init__(self, name, kind, nullable=False, default=None, length=None):
        self.name, self.kind, self.nullable = name, kind, nullable
        self.default, self.length = default, length
        self.backfill = None
        self.existing_rows = None
        self.renamed_from = None
        self.index = None  # None, "index" or "unique"

    def copy(self):
        c = Column(self.name, self.kind, self.nullable, self.default, self.length)
        c.index = self.index
        return c


class Table:
    def __init__(self, name):
        self.name = name
        self.columns = []
        self.enum_values = ["a", "b", "c"]
        self.checks = []  # (column) checked >= 0
        self.comment = None

    def copy(self):
        t = Table(self.name)
        t.columns = [c.copy() for c in self.columns]
        t.enum_values = list(self.enum_values)
        t.checks = list(self.checks)
        t.comment = self.comment
        return t

    def column(self, name):
        return next((c for c in self.columns if c.name == name), None)


def value(table, column, row):
    """An SQL literal for @row of @column, valid under both versions of the pair."""
    k = column.kind
    if k in ("int16", "int32", "int64"):
        return str(row * 7 + 1)
    if k == "float64":
        return f"{row}.5"
    if k == "boolean":
        return "TRUE" if row % 2 else "FALSE"
    if k == "string":
        return f"'v{row}'"
    if k == "local_timestamp":
        return f"'2026-01-0{row + 1} 10:00:00'"
    if k == "date":
        return f"'2026-01-0{row + 1}'"
    if k == "enum":
        return f"'{table.enum_values[row % 2]}'"
    raise ValueError(k)


def random_column(rng, name):
    kind = rng.choice(list(KINDS))
    c = Column(name, kind, nullable=rng.random() < 0.4)
    if kind == "string" and rng.random() < 0.5:
        c.length = rng.choice([20, 40])
    if rng.random() < 0.3:
        c.default = KINDS[kind][1]
    return c


def declare(rng, c, values):
    """existing_rows on @c for one more change it gets; one member declares once, so a second
    change of another kind falls back to "checked", which applies to every change."""
    value = rng.choice(values)
    c.existing_rows = value if c.existing_rows in (None, value) else "checked"


def mutate(rng, t, n_new):
    """One random change of table @t (already a copy: the v2 side). Returns a description
    of what the rows must satisfy afterwards, or None when the change did not apply."""
    # Only columns of v1 change: a column this pair adds has no old state to change from
    # (removing its default would add it NOT NULL without a value, which the generator
    # rightly refuses).
    movable = [c for c in t.columns if c.name != "id" and c.name.startswith("c")]
    choice = rng.randrange(12)
    if choice == 0:  # add a column, nullable or with a default or a backfill
        c = random_column(rng, f"n{n_new}")
        if not c.nullable and c.default is None:
            c.backfill = KINDS[c.kind][1]
        t.columns.append(c)
        return True
    if not movable:
        return False
    c = rng.choice(movable)
    if choice == 1:  # drop a column
        t.columns.remove(c)
    elif choice == 2 and c.nullable:  # becomes NOT NULL: a default or a backfill
        c.nullable = False
        if c.default is None or rng.random() < 0.5:
            c.backfill = KINDS[c.kind][1]
    elif choice == 3 and not c.nullable:  # becomes nullable: a backfill for the downgrade
        c.nullable = True
        c.backfill = KINDS[c.kind][1]
    elif choice == 4:  # widen
        if KINDS[c.kind][2]:
            c.kind = KINDS[c.kind][2]
            c.default = KINDS[c.kind][1] if c.default else None
        elif c.kind == "string":
            c.length = None if c.length is None or rng.random() < 0.5 else c.length * 2
        else:
            return False
    elif choice == 5 and c.kind == "string" and c.length != 10:  # narrow; rows fit
        c.length = 10
        declare(rng, c, ["checked", "truncate"])
    elif choice == 6:  # default added, changed or removed
        c.default = None if c.default else KINDS[c.kind][1]
    elif choice == 7 and c.index is None:
        # Unique only where the rows differ: a column of v1 (a new one holds one value)
        # of a kind whose row values are distinct.
        distinct = c.name.startswith("c") and c.kind not in ("boolean", "enum")
        c.index = rng.choice(["index", "unique"]) if distinct else "index"
        if c.index == "unique":
            declare(rng, c, ["checked", "delete"])
    elif choice == 8 and c.kind in NUMERIC and c.name not in t.checks:
        t.checks.append(c.name)
        declare(rng, c, ["checked", "delete"])
    elif choice == 9 and c.renamed_from is None:
        c.renamed_from = c.name
        c.name = c.name + "_r"
    elif choice == 10 and c.kind == "enum":
        t.enum_values.append(f"e{n_new}")
    elif choice == 11:
        t.comment = f"table {t.name}, changed"
    else:
        return False
    return True


def cpp_header(tables, version):
    out = ["#pragma once", "// Generated by tests/property/model_pairs.py; do not edit.",
           "#include <strata/annotations.hpp>", "", "#include <chrono>", "#include <cstdint>",
           "#include <optional>", "#include <string>", ""]
    for t in tables:
        if any(c.kind == "enum" for c in t.columns):
            values = ", ".join(t.enum_values)
            out.append(f"enum class {t.name.capitalize()}Kind {{ {values} }};")
        opts = [f'name = "{t.name}"']
        if t.comment:
            opts.append(f'comment = "{t.comment}"')
        out.append(f"struct STRATA_TABLE({', '.join(opts)}) {t.name.capitalize()}V{version} {{")
        out.append("    STRATA_COLUMN(primary_key) std::int64_t id;")
        for c in t.columns[1:]:
            cpp = f"{t.name.capitalize()}Kind" if c.kind == "enum" else KINDS[c.kind][0]
            if c.nullable:
                cpp = f"std::optional<{cpp}>"
            opts = []
            if c.length:
                opts.append(f"length = {c.length}")
            if c.default is not None:
                opts.append(f'default = "{c.default}"')
            if c.backfill is not None:
                opts.append(f'backfill = "{c.backfill}"')
            if c.existing_rows is not None:
                opts.append(f'existing_rows = "{c.existing_rows}"')
            if c.renamed_from:
                opts.append(f'renamed_from = "{c.renamed_from}"')
            if c.index:
                opts.append(c.index)
            if c.name in t.checks:
                opts.append(f'check = "{c.name} >= 0"')
            annotation = f"STRATA_COLUMN({', '.join(opts)}) " if opts else ""
            out.append(f"    {annotation}{cpp} {c.name};")
        out.append("};")
        out.append("")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int)
    parser.add_argument("--pairs", type=int)
    parser.add_argument("--seed-file")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.seed_file:
        with open(args.seed_file) as f:
            args.seed, args.pairs = (int(x) for x in f.read().split())
    rng = random.Random(args.seed)
    v1, v2 = [], []
    rows, rows_v2, check_v2, check_v1 = [], [], [], []
    for i in range(args.pairs):
        t1 = Table(f"p{i}")
        t1.columns = [Column("id", "int64")]
        for j in range(rng.randint(1, 4)):
            t1.columns.append(random_column(rng, f"c{j}"))
        fate = rng.random()
        if fate < 0.05:  # the table is new in v2
            v2.append(t1)
            check_v2.append(f"(SELECT COUNT(*) FROM {t1.name}) = 0")
            continue
        v1.append(t1)
        names = ", ".join(c.name for c in t1.columns)
        for r in range(ROWS):
            nulls = [c.nullable and (r == 0) for c in t1.columns]
            vals = ", ".join("NULL" if n else (str(r + 1) if c.name == "id" else value(t1, c, r))
                             for c, n in zip(t1.columns, nulls))
            rows.append(f"INSERT INTO {t1.name} ({names}) VALUES ({vals});")
        if fate < 0.10:  # the table is dropped in v2; it comes back empty
            check_v1.append(f"(SELECT COUNT(*) FROM {t1.name}) = 0")
            continue
        t2 = t1.copy()
        changes = 0
        for n in range(rng.randint(1, 3)):
            changes += bool(mutate(rng, t2, n))
        v2.append(t2)
        # After the upgrade: every row is there; a column kept as it was keeps its values.
        check_v2.append(f"(SELECT COUNT(*) FROM {t2.name}) = {ROWS}")
        for c in t2.columns[1:]:
            old = t1.column(c.renamed_from or c.name)
            if old is None:  # added: existing rows get the default, or the backfill
                expected = 0 if c.nullable and c.default is None else ROWS
            elif old.nullable and not c.nullable:
                expected = ROWS
            else:
                expected = ROWS - 1 if old.nullable else ROWS
            check_v2.append(f"(SELECT COUNT({c.name}) FROM {t2.name}) = {expected}")
            if old is not None and old.kind == c.kind and c.kind in ("int16", "int32", "int64"):
                total = sum(r * 7 + 1 for r in range(1 if old.nullable else 0, ROWS))
                if old.nullable and not c.nullable:
                    continue  # filled with the default or backfill
                check_v2.append(f"(SELECT SUM({c.name}) FROM {t2.name}) = {total}")
            # A column made nullable: row 1 gets NULL, which the downgrade must fill.
            if old is not None and not old.nullable and c.nullable:
                rows_v2.append(f"UPDATE {t2.name} SET {c.name} = NULL WHERE id = 2;")
        check_v1.append(f"(SELECT COUNT(*) FROM {t1.name}) = {ROWS}")
    os.makedirs(args.out, exist_ok=True)
    files = {
        "v1.hpp": cpp_header(v1, 1),
        "v2.hpp": cpp_header(v2, 2),
        "rows.sql": "\n".join(rows),
        "rows_v2.sql": "\n".join(rows_v2),
        "check_v2.sql": "\n".join(f"SELECT {c};" for c in check_v2),
        "check_v1.sql": "\n".join(f"SELECT {c};" for c in check_v1),
    }
    for name, text in files.items():
        with open(os.path.join(args.out, name), "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
