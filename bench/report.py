"""Renders docs/benchmarks.md from one run's medians (see bench.py)."""

import os

HERE = os.path.dirname(os.path.abspath(__file__))


def duration(seconds):
    if seconds is None:
        return "—"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def memory(kb):
    return f"{kb / 1024:.0f} MiB"


class Table:
    def __init__(self, bench):
        self.bench = bench
        self.rows = []

    def median(self, key):
        r = self.bench.results.get(key)
        return r["median"] if r else None

    def cpu(self, key):
        r = self.bench.results.get(key)
        return r.get("cpu") if r else None

    def compare(self, number, what, key, peer_name, peer_key, target, limit, fmt=duration,
                inverse=False):
        """A row: strata's figure, the peer's, their ratio and whether the target holds.
        inverse: the ratio is peer / strata and must be at least @p limit (speed-ups);
        limit None: context only, no target."""
        ours, theirs = self.median(key), self.median(peer_key)
        if ours is None or theirs is None:
            return
        cpu_ours, cpu_theirs = self.cpu(key), self.cpu(peer_key)
        if inverse:
            ratio = theirs / ours
            text = (f"strata {ratio:.1f}× faster" if ratio >= 1
                    else f"strata {1 / ratio:.1f}× slower")
            met = limit is not None and ratio >= limit
            cpu = f"{cpu_theirs / cpu_ours:.1f}×" if cpu_ours and cpu_theirs else "—"
        else:
            ratio = ours / theirs
            text = f"{ratio:.2f}×"
            met = limit is not None and ratio <= limit
            cpu = f"{cpu_ours / cpu_theirs:.2f}×" if cpu_ours and cpu_theirs else "—"
        verdict = "—" if limit is None else ("yes" if met else "**no**")
        self.rows.append(f"| {number} | {what} | {fmt(ours)} | {peer_name} | {fmt(theirs)} | "
                         f"{text} | {cpu} | {target} | {verdict} |")

    def missing(self, number, what, note):
        self.rows.append(f"| {number} | {what} | — | — | — | — | — | — | {note} |")


def build_row(t, bench):
    """Row 8: the CPU a clean build of an application spends per revision it carries."""
    if "build" in bench.notes:
        t.missing(8, "clean build: CPU per revision", bench.notes["build"])
        return
    with_revisions, without = t.cpu("build_with_revisions"), t.cpu("build_without_revisions")
    if with_revisions is None or without is None:
        return
    count = bench.build_revisions
    per_revision = (with_revisions - without) / count
    met = "yes" if per_revision <= 0.1 else "**no**"
    t.rows.append(f"| 8 | clean build, {count} revisions: added CPU per revision | "
                  f"{duration(per_revision)} | the same application without revisions | "
                  f"{duration(without)} CPU (with: {duration(with_revisions)}) | — | — | "
                  f"≤ 100 ms | {met} |")


def squash_rows(t, bench):
    """Row 9: `strata squash` of the chain, and a new database once its originals are gone."""
    n = bench.revisions
    squash = t.median("squash_strata")
    if squash is not None:
        t.rows.append(f"| 9 | `strata squash` of {n} revisions | {duration(squash)} | — | — | "
                      f"— | — | (measured) | — |")
    if "squash_fresh" in bench.notes:
        t.missing(9, "new database after the squash", bench.notes["squash_fresh"])
        return
    t.compare(9, f"new database after squashing {n} revisions (SQLite file)", "squash_fresh",
              f"new database at {n} revisions, not squashed", "apply_strata", "(context)", None)
    t.compare(9, f"new database after squashing {n} revisions (SQLite file)", "squash_fresh",
              "sqlite3 shell, the head schema", "apply_shell_head", "≤ 1.5×", 1.5)


def mariadb_rows(t, bench, n, c):
    """Row 6 on MariaDB: the PostgreSQL comparisons, against the `mariadb` client."""
    if "mariadb" in bench.notes:
        t.missing(6, f"MariaDB: {n} revisions from empty; start-up at head",
                  bench.notes["mariadb"])
        return
    t.compare(6, f"MariaDB: apply {n} revisions from empty", "my_apply_strata",
              "mariadb client, offline SQL", "my_apply_client", "≤ 1.5×", 1.5)
    t.compare(6, "… against loading the head schema (mariadb-dump)", "my_apply_strata",
              "mariadb client, the head schema", "my_apply_client_head", "(context)", None)
    t.compare(6, f"MariaDB: start-up at head, {c} revisions (`migrator::upgrade`)",
              f"startup_mysql_migrator_upgrade_revisions{c}", "bare SELECT, same connection",
              f"startup_mysql_bare_select_revisions{c}", "≤ 1.5×", 1.5)
    t.compare(6, "MariaDB: start-up at head (`upgrade_to_head(url)`)",
              f"startup_mysql_upgrade_to_head_revisions{c}", "connect + bare SELECT",
              f"startup_mysql_connect_select_revisions{c}", "≤ 1.5×", 1.5)
    t.compare(6, f"… {c} revisions as a vector (no build manifest)",
              f"startup_mysql_vector_migrator_upgrade_revisions{c}",
              "bare SELECT, same connection", f"startup_mysql_bare_select_revisions{c}",
              "(context)", None)


def render(bench, machine):
    t = Table(bench)
    quick = " (quick mode: reduced sizes)" if bench.quick else ""
    for n in bench.sizes:
        t.compare(1, f"generator, {n} tables", f"gen_strata_{n}", "clang++ -fsyntax-only",
                  f"gen_clang_{n}", "≤ 1.3×", 1.3)
    for n in bench.sizes:
        t.compare(1, f"… {n} tables, no header cache (first scan)", f"gen_strata_nocache_{n}",
                  "clang++ -fsyntax-only", f"gen_clang_{n}", "(context)", None)
    for n in bench.sizes:
        t.compare(2, f"generator, {n} tables", f"gen_strata_{n}",
                  "alembic revision --autogenerate", f"gen_alembic_{n}", "faster", 1.0,
                  inverse=True)
    # The start-up programs carry the whole compiled chain (BENCH_REVISIONS), also in
    # quick mode, which applies only a prefix of it.
    c = 500
    t.compare(3, "start-up at head, 5 revisions (`migrator::upgrade`)",
              "startup_sqlite_migrator_upgrade_revisions5", "bare SELECT, same connection",
              "startup_sqlite_bare_select_revisions5", "≤ 1.5×", 1.5)
    t.compare(3, f"start-up at head, {c} revisions (`migrator::upgrade`)",
              f"startup_sqlite_migrator_upgrade_revisions{c}", "bare SELECT, same connection",
              f"startup_sqlite_bare_select_revisions{c}", "≤ 1.5×", 1.5)
    t.compare(3, f"start-up at head, {c} revisions (`upgrade_to_head(url)`)",
              f"startup_sqlite_upgrade_to_head_revisions{c}", "open + bare SELECT",
              f"startup_sqlite_connect_select_revisions{c}", "≤ 1.5×", 1.5)
    t.compare(3, f"… {c} revisions as a vector (no build manifest)",
              f"startup_sqlite_vector_migrator_upgrade_revisions{c}",
              "bare SELECT, same connection", f"startup_sqlite_bare_select_revisions{c}",
              "(context)", None)
    n = bench.revisions
    t.compare(4, f"new database at {n} revisions (SQLite file)", "apply_strata",
              "sqlite3 shell, the head schema", "apply_shell_head", "≤ 1.5×", 1.5)
    t.compare(4, f"new database at {n} revisions (SQLite file)", "apply_strata",
              "alembic upgrade head", "apply_alembic", "≥ 10× faster", 10, inverse=True)
    t.compare(4, f"… replaying the {n} revisions (`create_fresh_at_head = false`)",
              "apply_strata_replay", "sqlite3 shell, offline SQL", "apply_shell", "(context)",
              None)
    t.compare(4, f"… the same on tmpfs (no fsync cost)", "apply_strata_tmpfs",
              "sqlite3 shell, the head schema", "apply_shell_head_tmpfs", "(context)", None)
    t.compare(4, f"… the same on tmpfs (no fsync cost)", "apply_strata_tmpfs",
              "alembic upgrade head", "apply_alembic_tmpfs", "(context)", None, inverse=True)
    rows = f"{bench.rebuild_rows:,}"
    if "rebuild" in bench.notes:
        t.missing(5, f"SQLite table rebuild, {rows} rows", bench.notes["rebuild"])
    else:
        t.compare(5, f"SQLite table rebuild, {rows} rows", "rebuild_strata",
                  "hand-written rebuild SQL, sqlite3 shell", "rebuild_shell", "≤ 1.3×", 1.3)
    if "postgresql" in bench.notes:
        t.missing(6, f"PostgreSQL: {n} revisions from empty; start-up at head",
                  bench.notes["postgresql"])
    else:
        t.compare(6, f"PostgreSQL: new database at {n} revisions", "pg_apply_strata",
                  "psql, the head schema (pg_dump)", "pg_apply_psql_head", "≤ 1.5×", 1.5)
        t.compare(6, f"… replaying the {n} revisions", "pg_apply_strata_replay",
                  "psql, offline SQL", "pg_apply_psql", "(context)", None)
        t.compare(6, f"PostgreSQL: start-up at head, {c} revisions (`migrator::upgrade`)",
                  f"startup_postgresql_migrator_upgrade_revisions{c}",
                  "bare SELECT, same connection", f"startup_postgresql_bare_select_revisions{c}",
                  "≤ 1.5×", 1.5)
        t.compare(6, "PostgreSQL: start-up at head (`upgrade_to_head(url)`)",
                  f"startup_postgresql_upgrade_to_head_revisions{c}", "connect + bare SELECT",
                  f"startup_postgresql_connect_select_revisions{c}", "≤ 1.5×", 1.5)
        t.compare(6, f"… {c} revisions as a vector (no build manifest)",
                  f"startup_postgresql_vector_migrator_upgrade_revisions{c}",
                  "bare SELECT, same connection", f"startup_postgresql_bare_select_revisions{c}",
                  "(context)", None)
    mariadb_rows(t, bench, n, c)
    big = bench.sizes[-1]
    build_row(t, bench)
    squash_rows(t, bench)
    t.compare(7, f"peak memory, generator at {big} tables", f"mem_strata_{big}",
              "clang++ -fsyntax-only", f"mem_clang_{big}", "≤ 1.5×", 1.5, fmt=memory)
    t.compare(7, f"peak memory, generator at {big} tables", f"mem_strata_{big}",
              "alembic revision --autogenerate", f"mem_alembic_{big}", "(context)", None,
              fmt=memory)

    # Growth: how much longer each tenfold step of the model takes.
    growth = []
    for a, b in zip(bench.sizes, bench.sizes[1:]):
        cells = []
        for who in ("strata", "clang", "alembic"):
            ta, tb = t.median(f"gen_{who}_{a}"), t.median(f"gen_{who}_{b}")
            cells.append(f"{tb / ta:.1f}×" if ta and tb else "—")
        per_table = []
        for who in ("strata", "clang", "alembic"):
            ta, tb = t.median(f"gen_{who}_{a}"), t.median(f"gen_{who}_{b}")
            # A run with --only that skipped the generator has no figures here.
            per_table.append(f"{(tb - ta) / (b - a) * 1e3:.2f} ms" if ta and tb else "—")
        growth.append(f"| {a} → {b} | " + " | ".join(cells) + " | " + " | ".join(per_table)
                      + " |")

    status = ("**Preliminary**: measured on a helper's branch before every feature was "
              "merged; rows marked \"not available in this build\" activate by themselves "
              "once the feature is on main. `make bench` regenerates this page.\n\n"
              if bench.preliminary else "")
    analysis_path = os.path.join(HERE, "analysis.md")
    analysis = open(analysis_path).read() if os.path.exists(analysis_path) else ""
    commands = bench.commands

    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (bench/bench.py); do not edit by hand — the analysis",
        "section comes from bench/analysis.md.",
        "",
        status + f"Every figure is a median; every ratio compares two figures from this same run"
        f"{quick}. Whole commands are timed with hyperfine, in-process figures with Google "
        "Benchmark. Targets are those of issue 8.",
        "",
        "| # | what | strata | compared against | peer | ratio | CPU ratio | target | met |",
        "|---|---|---|---|---|---|---|---|---|",
        *t.rows,
        "",
        "Ratios are strata ÷ peer (lower is better) except the Alembic rows, which say how many "
        "times faster strata is. *CPU ratio* is the same comparison on mean user + system CPU "
        "time (hyperfine rows only): it is what to read when the machine was busy (see the "
        "load average below), since waiting for a core or for the disk inflates wall time.",
        "",
        "## Growth with model size",
        "",
        "How much longer a tenfold larger model takes (10× = linear), and the added cost per "
        "table:",
        "",
        "| tables | strata | clang++ | alembic | strata per table | clang++ per table | "
        "alembic per table |",
        "|---|---|---|---|---|---|---|",
        *growth,
        "",
        "![generator time against model size](benchmarks-generator.png)",
        "",
        "## Machine",
        "",
        f"- CPU: {machine['cpu']}, {machine['cores']} cores (nproc); memory {machine['memory']}",
        f"- Linux {machine['kernel']}; load average at the end of the run: {machine['load']}",
        f"- date: {machine['date']}; strata revision `{machine['revision']}`; "
        f"total run time {bench.elapsed / 60:.1f} min",
        f"- {machine['clang']}; SQLite {machine['sqlite']}; {machine['hyperfine']}; "
        f"{machine['alembic']}, SQLAlchemy {machine['sqlalchemy']}, {machine['python']}; "
        f"{machine['postgresql']}; {machine['mariadb']}",
        "",
        "## What each row measures",
        "",
        f"1. **Generator vs the parse floor.** Synthetic models of {', '.join(map(str, bench.sizes))} "
        "tables, one header per table, each with nine columns of mixed types (integers, "
        "double, bool, VARCHAR, TEXT, timestamp, a nullable column), a `STRATA_COLUMN(index)`, "
        "a `unique` and a `references` foreign key to the previous table "
        "(bench/generate.py). strata runs the real command on a fresh `strata init` directory: "
        "scan, diff against the empty snapshot, render the revision and write it with the "
        "snapshot, with the header cache `add_migrations()` uses (`--cache-dir`: the standard "
        "headers the models include are precompiled once, later scans parse only the "
        "models; timed warm, after the untimed first scan and hyperfine's warm-up). The "
        "context rows are the first scan, without the cache. The floor is clang++ parsing "
        "the same headers as one translation unit (what libclang is given).",
        "   - " + "\n   - ".join(commands.get("generator", [])),
        "2. **Generator vs Alembic.** The same models as SQLAlchemy declarative classes, in a "
        "project made by `alembic init` whose env.py imports them; the database is an empty "
        "SQLite file (at base), so Alembic reflects it and writes one revision creating every "
        "table.",
        "3. **Start-up at head, in-process.** A SQLite file already at head; "
        "`strata::migrator(db).upgrade(\"head\")` on an open connection against one "
        "`SELECT version_num FROM strata_version` on the same connection; and the whole "
        "`strata::upgrade_to_head(url)` (open, check, close) against opening the file and the "
        "same SELECT. The revisions are compiled in by `add_migrations(... AUTOGENERATE OFF)` "
        "with their build manifest, as in an application: once with the first 5 revisions of "
        "the chain, once with all 500. The context row gives the same revisions to the "
        "migrator as a vector, without a manifest, so the graph is checked and every applied "
        "revision's checksum verified on each start.",
        f"4. **A new database at {n} revisions.** Alternately CREATE TABLE (3 columns) and "
        "ADD COLUMN, generator-shaped revision files (bench/generate.py) compiled into "
        "an application by `add_migrations()` with their build manifest: "
        "bench/src/apply_sqlite_main.cpp, which calls `strata::upgrade_to_head(url)` and "
        "links the SQLite backend alone (`DIALECTS sqlite`), as an application that uses "
        "SQLite does; strata_bench_apply, which links every backend for the other rows, "
        "pays about 14 ms more to load the PostgreSQL and MariaDB client libraries. strata "
        "creates the head schema in one transaction (docs/commands.md, \"A new database\"): "
        "its peer is the sqlite3 shell loading the `.dump` of the database strata made (the "
        "same tables and bookkeeping rows, in one transaction). Alembic runs 500 equivalent "
        "revision scripts with `transaction_per_migration=True`, as it replays a history. "
        "The context row replays every revision with strata "
        "(`migrate_options::create_fresh_at_head = false`) against the sqlite3 shell running "
        "the offline SQL of the same revisions (one BEGIN … COMMIT per revision with the "
        "version-table rows, as the migrator runs them). Each run starts from a deleted "
        "file; each side's result is checked.",
        "   - " + "\n   - ".join(commands.get("apply", [])),
        f"5. **Table rebuild.** A table of {rows} rows (id, VARCHAR name with an index, "
        "integer qty, real price); a revision changes qty from int32 to int64, which SQLite "
        "can only do by rebuilding the table. The peer is the procedure of "
        "sqlite.org/lang_altertable.html#otheralter written by hand (create, copy, drop, "
        "rename, re-index, foreign_key_check, version row) in the sqlite3 shell.",
        "6. **PostgreSQL.** Rows 3 and 4 against a PostgreSQL 15 server started for the run "
        "(tests/postgresql/pg_server.sh); the peer of a new database is psql loading a "
        "`pg_dump -n public` of what strata created in one transaction (`psql -1`), that of "
        "the replay psql running the offline SQL. The MariaDB rows do the same against a "
        "MariaDB server started for the run (tests/mysql/mariadb_server.sh) and the `mariadb` "
        "client. MariaDB has no transactional DDL, so strata replays every revision there "
        "even into an empty database; the peer is the client running the offline SQL of the "
        "same revisions (`strata_bench_apply sql mysql://…`, what `<app>_migrate upgrade "
        "--sql` writes), and the context row the client loading a `mariadb-dump` of the head "
        "schema. Each side's tables are counted after its runs.",
        "   - " + "\n   - ".join(commands.get("mariadb", [])),
        "7. **Peak memory.** Maximum resident set size from `/usr/bin/time -v`, median of 3.",
        f"8. **Clean build.** A small application (`main()` calling `upgrade_to_head`) with "
        f"`add_migrations(... AUTOGENERATE OFF)` over the {bench.build_revisions} revisions of "
        "row 4, against the same application over an empty `versions/`; both built from "
        "scratch (`ninja clean`, no ccache) against the strata of this build tree, in "
        "Release. The figure is the difference in user + system CPU (hyperfine's, children "
        "included), divided by the number of revisions: what each revision adds to a clean "
        "build of the application and its `_migrate` tool.",
        "   - " + "\n   - ".join(commands.get("build", [])),
        f"9. **Squash.** `strata squash -d DIR` over a copy of the {bench.revisions} revisions of "
        "row 4 (base to head: replay, diff, one new revision), then, with the originals "
        "deleted as it prints, a new SQLite database created by an application compiled with "
        "the squash alone (`add_migrations(... AUTOGENERATE OFF)`, Release), against row 4's "
        "new database over the whole chain and the sqlite3 shell loading the head schema.",
        "   - " + "\n   - ".join(commands.get("squash", [])),
        "",
        "## Running it",
        "",
        "```sh",
        "make bench              # everything: Release build in build-bench/, then this page",
        "make bench BENCH_QUICK=1  # small sizes, a few minutes: proves the suite works",
        "# one part (or several, comma-separated), its page written elsewhere:",
        "make bench BENCH_FLAGS=\"--only=postgresql,mariadb --out=/tmp/bench\"",
        "```",
        "",
        "Raw hyperfine and Google Benchmark JSON, the generated models and projects stay in "
        "`build-bench/work/`; `results.json` there has every median.",
        "",
    ]
    if analysis:
        lines += [analysis.rstrip(), ""]
    return "\n".join(lines)
