#!/usr/bin/python3
"""Runs every strata benchmark (issue 8) and writes docs/benchmarks.md and
docs/benchmarks-generator.png. `make bench` calls it after building build-bench/.

    /usr/bin/python3 bench/bench.py --build-dir build-bench [--quick] [--preliminary]

Run it with Debian's /usr/bin/python3: Alembic and SQLAlchemy are Debian packages
(python3-alembic, python3-sqlalchemy), importable only by the system interpreter.

Every figure is a median; every ratio compares two figures measured in this same run.
A benchmark whose feature this build lacks is reported as "not available in this build",
never estimated.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import generate  # noqa: E402  (bench/generate.py)

PYTHON = "/usr/bin/python3"


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(args, **kwargs):
    """Runs a command, failing loudly with its output when it fails."""
    result = subprocess.run(args, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"bench: command failed ({result.returncode}): {shlex.join(args)}\n"
                         f"{result.stdout}\n{result.stderr}")
    return result.stdout


class Bench:
    def __init__(self, args):
        self.quick = args.quick
        self.build = os.path.abspath(args.build_dir)
        self.work = os.path.join(self.build, "work")
        self.out = os.path.abspath(args.out)
        os.makedirs(self.out, exist_ok=True)  # --out may name a new directory
        self.preliminary = args.preliminary
        self.strata = os.path.join(self.build, "strata", "generator", "strata")
        self.apply = os.path.join(self.build, "strata_bench_apply")
        # The same chain in an application that links the SQLite backend alone, as one
        # that uses SQLite does (add_migrations(... DIALECTS sqlite)): the new-database rows.
        self.sqlite_app = os.path.join(self.build, "strata_bench_apply_sqlite")
        self.startup = os.path.join(self.build, "strata_bench_startup")
        self.startup_small = os.path.join(self.build, "strata_bench_startup_small")
        self.include = os.path.join(ROOT, "runtime", "include")
        self.sizes = [10, 100] if self.quick else [10, 100, 1000]
        self.revisions = 50 if self.quick else 500
        # The clean-build row divides a difference by this: too few revisions is noise.
        self.build_revisions = 500
        self.rebuild_rows = 100_000 if self.quick else 1_000_000
        self.results = {}  # key -> {"median": seconds, ...}
        self.notes = {}  # key -> why a row is missing
        self.commands = {}  # key -> the command line, for the report
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        self.capabilities = json.loads(run([self.apply, "capabilities"]))
        log(f"capabilities: {self.capabilities}")

    # -- measuring -------------------------------------------------------------------------

    def hyperfine(self, key, command, prepare=None, runs=5, warmup=1, name=None):
        """Times one shell command with hyperfine; records its median in seconds."""
        out = os.path.join(self.work, f"hyperfine_{key}.json")
        args = ["hyperfine", "--style", "basic", "--runs", str(runs), "--warmup", str(warmup),
                "--export-json", out, "--command-name", name or key]
        if prepare:
            args += ["--prepare", prepare]
        args.append(command)
        log(f"hyperfine {key} ({runs} runs)")
        run(args)
        with open(out) as f:
            data = json.load(f)["results"][0]
        self.results[key] = {"median": data["median"], "min": data["min"], "max": data["max"],
                             "cpu": data["user"] + data["system"], "runs": len(data["times"])}
        log(f"  {key}: median {data['median']:.4f} s")

    def max_rss(self, key, command, prepare=None, runs=3):
        """Peak resident memory (kB) of a command, the median of @p runs, via time -v."""
        values = []
        for _ in range(runs):
            if prepare:
                subprocess.run(prepare, shell=True, check=True)
            result = subprocess.run(["/usr/bin/time", "-v", "bash", "-c", command],
                                    capture_output=True, text=True)
            if result.returncode != 0:
                raise SystemExit(f"bench: failed: {command}\n{result.stderr[-2000:]}")
            match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
            values.append(int(match.group(1)))
        values.sort()
        self.results[key] = {"median": values[len(values) // 2], "runs": runs}
        log(f"  {key}: peak RSS {values[len(values) // 2]} kB")

    # -- 1, 2, 7: the generator ------------------------------------------------------------

    def alembic_project(self, directory, models_dir=None, versions_from=None):
        """A minimal Alembic project made by `alembic init`, with env.py pointed at the
        models (autogenerate) and one transaction per revision, as strata runs them."""
        os.makedirs(directory, exist_ok=True)
        run([PYTHON, "-m", "alembic", "init", "migrations"], cwd=directory)
        ini = os.path.join(directory, "alembic.ini")
        db = os.path.join(directory, "db.sqlite")
        with open(ini) as f:
            text = f.read()
        text = re.sub(r"^sqlalchemy\.url = .*$", f"sqlalchemy.url = sqlite:///{db}", text,
                      flags=re.M)
        # Relative to the ini file, not to wherever hyperfine runs the command from.
        text = re.sub(r"^script_location = .*$", "script_location = %(here)s/migrations", text,
                      flags=re.M)
        with open(ini, "w") as f:
            f.write(text)
        env = os.path.join(directory, "migrations", "env.py")
        with open(env) as f:
            text = f.read()
        if models_dir:
            text = text.replace(
                "target_metadata = None",
                f"import sys\nsys.path.insert(0, {models_dir!r})\n"
                "from models import Base\ntarget_metadata = Base.metadata")
        text = text.replace("target_metadata=target_metadata",
                            "target_metadata=target_metadata, transaction_per_migration=True")
        with open(env, "w") as f:
            f.write(text)
        versions = os.path.join(directory, "migrations", "versions")
        if versions_from:
            generate.write_alembic_revisions(versions, versions_from)
        return ini, db, versions

    def generator(self):
        runs = {10: 10, 100: 5, 1000: 3}
        for n in self.sizes:
            base = os.path.join(self.work, f"gen_{n}")
            models = os.path.join(base, "models")
            generate.write_models(models, n)
            headers = [os.path.join(models, f"{generate.table_name(i)}.hpp") for i in range(n)]
            # strata: the real command on a fresh `strata init` directory.
            pristine = os.path.join(base, "migrations_init")
            run([self.strata, "init", pristine, "--url", "sqlite:///bench.db"])
            # The generator proper: the optional post-write formatter (clang-format, found
            # through this repository's .clang-format) would otherwise add seconds at 1000
            # tables; its cost is reported separately below as context.
            with open(os.path.join(pristine, "strata.ini"), encoding="utf-8") as f:
                ini = f.read()
            ini = ini.replace("# post_write = clang-format", "post_write = none")
            with open(os.path.join(pristine, "strata.ini"), "w", encoding="utf-8") as f:
                f.write(ini)
            mig = os.path.join(base, "migrations")
            # The previous run's directory is moved aside, not deleted: on ext4, creating a
            # file right after a thousand were deleted makes the kernel scan the recently
            # freed inodes one by one, which would time the harness's `rm -rf`, not strata.
            trash = os.path.join(base, "trash")
            shutil.rmtree(trash, ignore_errors=True)
            os.makedirs(trash)
            reset = f"mkdir -p {mig} && mv {mig} {trash}/$(date +%s%N) && cp -r {pristine} {mig}"
            # As add_migrations() runs it: with the header cache, warm after the first two
            # scans (the untimed one records the header list, hyperfine's warm-up run
            # precompiles it). The cold scan, without the cache, is a context row.
            cache = os.path.join(base, "strata-cache")
            shutil.rmtree(cache, ignore_errors=True)
            plain_cmd = (f"{self.strata} revision --autogenerate -d {mig} -m bench "
                         f"--compiler-arg -I{self.include} "
                         + " ".join(f"--model {h}" for h in headers))
            strata_cmd = plain_cmd.replace(" -m bench ", f" -m bench --cache-dir {cache} ")
            subprocess.run(reset, shell=True, check=True)
            run(["bash", "-c", strata_cmd])
            written = [f for f in os.listdir(os.path.join(mig, "versions")) if f.endswith(".cpp")]
            if len(written) != 1:
                raise SystemExit(f"bench: strata wrote {written} for {n} tables")
            self.hyperfine(f"gen_strata_{n}", strata_cmd, prepare=reset, runs=runs[n],
                           name=f"strata revision --autogenerate --cache-dir ({n} tables)")
            self.hyperfine(f"gen_strata_nocache_{n}", plain_cmd, prepare=reset, runs=runs[n],
                           name=f"strata revision --autogenerate, no cache ({n} tables)")
            # The parse floor: the same headers, one translation unit, as libclang gets them.
            clang_cmd = (f"clang++ -x c++ -std=c++20 -fsyntax-only -I{self.include} "
                         f"{os.path.join(models, 'all.hpp')}")
            self.hyperfine(f"gen_clang_{n}", clang_cmd, runs=runs[n],
                           name=f"clang++ -fsyntax-only ({n} tables)")
            # Alembic on the SQLAlchemy twin, the database at base (an empty SQLite file).
            ini, db, versions = self.alembic_project(os.path.join(base, "alembic"), models)
            alembic_reset = f"rm -f {versions}/*.py && rm -f {db} && touch {db}"
            alembic_cmd = f"{PYTHON} -m alembic -c {ini} revision --autogenerate -m bench"
            self.hyperfine(f"gen_alembic_{n}", alembic_cmd, prepare=alembic_reset, runs=runs[n],
                           name=f"alembic revision --autogenerate ({n} tables)")
            if n == self.sizes[-1]:
                log(f"peak memory at {n} tables")
                self.max_rss(f"mem_strata_{n}", strata_cmd, prepare=reset)
                self.max_rss(f"mem_clang_{n}", clang_cmd)
                self.max_rss(f"mem_alembic_{n}", alembic_cmd, prepare=alembic_reset)
            shutil.rmtree(trash, ignore_errors=True)
        n = self.sizes[-1]
        self.commands["generator"] = [
            f"strata revision --autogenerate -d migrations -m bench --cache-dir cache "
            f"--compiler-arg -I… --model t0000.hpp … (one per table), on a fresh `strata init` "
            f"directory; the context rows leave out --cache-dir",
            "clang++ -x c++ -std=c++20 -fsyntax-only -I… all.hpp (includes every model header)",
            "python3 -m alembic revision --autogenerate -m bench (empty SQLite database at base)",
        ]

    # -- 3, 6: start-up at head ------------------------------------------------------------

    def startup_bench(self, server=None):
        """@p server: None for SQLite, else (backend, url) with the database at head, where
        backend is the program's flag and benchmark prefix ("postgresql" or "mysql")."""
        # Two programs, each with its chain compiled in by add_migrations(): the whole
        # chain, and its first 5 revisions (SQLite only).
        programs = [self.startup] if server else [self.startup_small, self.startup]
        for program in programs:
            self.startup_program(program, server)

    def startup_program(self, program, server):
        name = os.path.basename(program) + (f"_{server[0]}" if server else "")
        out = os.path.join(self.work, name + ".json")
        args = [program, "--work", os.path.join(self.work, "startup"),
                "--benchmark_repetitions=5", "--benchmark_report_aggregates_only=true",
                "--benchmark_min_time=" + ("0.05" if self.quick else "0.2"),
                "--benchmark_out_format=json", "--benchmark_out=" + out]
        if server:
            backend, url = server
            args += [f"--{backend}", url, f"--benchmark_filter=^{backend}/"]
        else:
            args += ["--benchmark_filter=^sqlite/"]
        log(f"start-up at head (Google Benchmark, {os.path.basename(program)})")
        run(args)
        with open(out) as f:
            data = json.load(f)
        for b in data["benchmarks"]:
            if b.get("aggregate_name") == "median":
                scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
                key = "startup_" + b["run_name"].replace("/", "_").replace(":", "")
                self.results[key] = {"median": b["real_time"] * scale}
                log(f"  {key}: {b['real_time']:.1f} {b['time_unit']}")

    # -- 4: applying the revisions ---------------------------------------------------------

    def apply_sqlite(self):
        self.apply_sqlite_in(os.path.join(self.work, "apply"), "")
        # The same on tmpfs, where a COMMIT costs no fsync: what is left is each tool's own
        # work. Skipped where /dev/shm is missing.
        if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
            shm = os.path.join("/dev/shm", f"strata-bench-{os.getpid()}")
            try:
                self.apply_sqlite_in(shm, "_tmpfs")
            finally:
                shutil.rmtree(shm, ignore_errors=True)
        else:
            self.notes["apply_tmpfs"] = "no writable /dev/shm on this machine"

    def apply_sqlite_in(self, base, suffix):
        os.makedirs(base)
        n = self.revisions
        db = os.path.join(base, "strata.db")
        if n == 500:
            strata_cmd = f"{self.sqlite_app} sqlite:///{db}"
            replay_cmd = f"{self.apply} upgrade-replay sqlite:///{db}"
        else:  # quick mode: the first n revisions of the compiled-in chain
            strata_cmd = f"{self.apply} upgrade-prefix sqlite:///{db} {n}"
            replay_cmd = f"{self.apply} upgrade-replay sqlite:///{db} {n}"
        script = os.path.join(base, "offline.sql")
        sql = run([self.apply, "sql", "sqlite://"])
        if n != 500:
            # Cut the script after the n-th revision's COMMIT.
            sql = "COMMIT;\n".join(sql.split("COMMIT;\n")[:n]) + "COMMIT;\n"
        with open(script, "w") as f:
            f.write(sql)
        shell_db = os.path.join(base, "shell.db")
        shell_cmd = f"sqlite3 -bail {shell_db} < {script}"
        ini, alembic_db, _ = self.alembic_project(os.path.join(base, "alembic"),
                                                  versions_from=n)
        alembic_cmd = f"{PYTHON} -m alembic -c {ini} upgrade head"
        runs = 2 if self.quick else 3
        self.hyperfine("apply_strata" + suffix, strata_cmd, prepare=f"rm -f {db}", runs=runs,
                       name=f"strata: new database at {n} revisions")
        # The peer of a new database: the sqlite3 shell loading the head schema and the
        # bookkeeping rows strata wrote (`.dump`: one transaction of CREATEs and INSERTs).
        head_script = os.path.join(base, "head.sql")
        with open(head_script, "w") as f:
            f.write(run(["sqlite3", db, ".dump"]))
        head_db = os.path.join(base, "head.db")
        self.hyperfine("apply_shell_head" + suffix, f"sqlite3 -bail {head_db} < {head_script}",
                       prepare=f"rm -f {head_db}", runs=runs,
                       name=f"sqlite3 shell: the head schema of {n} revisions")
        self.hyperfine("apply_strata_replay" + suffix, replay_cmd, prepare=f"rm -f {db}",
                       runs=runs, name=f"strata: replaying {n} revisions")
        self.hyperfine("apply_shell" + suffix, shell_cmd, prepare=f"rm -f {shell_db}", runs=runs,
                       name=f"sqlite3 shell: offline SQL of {n} revisions")
        self.hyperfine("apply_alembic" + suffix, alembic_cmd, prepare=f"rm -f {alembic_db}",
                       runs=runs, name=f"alembic upgrade head: {n} revisions")
        # All three must have done the same work.
        subprocess.run(f"rm -f {db} && {strata_cmd}", shell=True, check=True)
        for path, table in ((db, "strata_version"), (shell_db, "strata_version"),
                            (head_db, "strata_version"), (alembic_db, "alembic_version")):
            count = run(["sqlite3", path, "SELECT count(*) FROM sqlite_master WHERE type = "
                         "'table' AND name LIKE 'r%'"]).strip()
            if int(count) != (n + 1) // 2:
                raise SystemExit(f"bench: {path} has {count} tables, expected {(n + 1) // 2}")
        self.commands["apply"] = [strata_cmd.replace(self.build + "/", ""),
                                  "sqlite3 -bail head.db < head.sql (sqlite3 strata.db .dump)",
                                  "python3 -m alembic upgrade head",
                                  replay_cmd.replace(self.build + "/", ""),
                                  "sqlite3 -bail shell.db < offline.sql"]

    # -- 8: what revisions cost a clean build ---------------------------------------------

    def build_cost(self):
        """A small application with add_migrations() over the chain's revisions, built from
        scratch, against the same application with none; no ccache."""
        strata_dir = os.path.join(self.build, "strata")
        if not os.path.exists(os.path.join(strata_dir, "strataConfig.cmake")):
            self.notes["build"] = "no build-tree export of strata (strataConfig.cmake)"
            return
        env = {k: v for k, v in os.environ.items() if "LAUNCHER" not in k and "CCACHE" not in k}
        env["CCACHE_DISABLE"] = "1"
        commands = []
        for name, count in (("with_revisions", self.build_revisions), ("without_revisions", 0)):
            project = os.path.join(self.work, "build_cost", name)
            generate.write_cpp_revisions(os.path.join(project, "migrations"), count)
            with open(os.path.join(project, "main.cpp"), "w") as f:
                f.write("#include <strata/migrator.hpp>\n\nint main(int argc, char** argv) {\n"
                        "    if (argc > 1) {\n        strata::upgrade_to_head(argv[1]);\n    }\n"
                        "}\n")
            with open(os.path.join(project, "CMakeLists.txt"), "w") as f:
                f.write("cmake_minimum_required(VERSION 3.20)\nproject(build_cost CXX)\n"
                        "find_package(strata CONFIG REQUIRED COMPONENTS sqlite)\n"
                        "add_executable(app main.cpp)\n"
                        "add_migrations(app MODELS migrations/models.hpp DIRECTORY migrations "
                        "AUTOGENERATE OFF DIALECTS sqlite)\n")
            tree = os.path.join(project, "build")
            run(["cmake", "-S", project, "-B", tree, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                 f"-Dstrata_DIR={strata_dir}"], env=env)
            self.hyperfine(f"build_{name}", f"ninja -C {tree}", prepare=f"ninja -C {tree} -t clean",
                           runs=2 if self.quick else 3, warmup=0,
                           name=f"clean build with {count} revisions")
            commands.append(f"ninja -C build_cost/{name}/build (after ninja -t clean)")
        self.commands["build"] = commands

    # -- 9: squash ---------------------------------------------------------------------------

    def squash_bench(self):
        """`strata squash` of the chain's revisions (base to head), then a new database with
        the originals deleted, against a new database over the whole chain (row 4)."""
        n = self.revisions
        base = os.path.join(self.work, "squash")
        pristine = os.path.join(base, "pristine")
        generate.write_cpp_revisions(pristine, n)
        copy = os.path.join(base, "migrations")
        self.hyperfine("squash_strata", f"{self.strata} squash -d {copy}",
                       prepare=f"rm -rf {copy} && cp -r {pristine} {copy}",
                       runs=2 if self.quick else 3, warmup=0,
                       name=f"strata squash of {n} revisions")
        # The documented step afterwards: the originals deleted, the squash alone is left.
        # (hyperfine's last run left its squash in the copy: start again from the chain.)
        shutil.rmtree(copy)
        shutil.copytree(pristine, copy)
        out = run([self.strata, "squash", "-d", copy])
        rm_line = next(line for line in out.splitlines() if "git rm" in line)
        for path in rm_line.split("git rm", 1)[1].split():
            os.remove(path)
        left = [f for f in os.listdir(os.path.join(copy, "versions")) if f.endswith(".cpp")]
        if len(left) != 1:
            raise SystemExit(f"bench: expected the squash alone in versions/, found {left}")
        strata_dir = os.path.join(self.build, "strata")
        if not os.path.exists(os.path.join(strata_dir, "strataConfig.cmake")):
            self.notes["squash_fresh"] = "no build-tree export of strata (strataConfig.cmake)"
            return
        with open(os.path.join(base, "main.cpp"), "w") as f:
            f.write("#include <strata/migrator.hpp>\n\nint main(int, char** argv) {\n"
                    "    strata::upgrade_to_head(argv[1]);\n}\n")
        with open(os.path.join(base, "CMakeLists.txt"), "w") as f:
            f.write("cmake_minimum_required(VERSION 3.20)\nproject(squashed CXX)\n"
                    "find_package(strata CONFIG REQUIRED COMPONENTS sqlite)\n"
                    "add_executable(app main.cpp)\n"
                    "add_migrations(app MODELS migrations/models.hpp DIRECTORY migrations "
                    "AUTOGENERATE OFF DIALECTS sqlite)\n")
        tree = os.path.join(base, "build")
        run(["cmake", "-S", base, "-B", tree, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
             f"-Dstrata_DIR={strata_dir}"])
        run(["ninja", "-C", tree])
        db = os.path.join(base, "squashed.db")
        app = os.path.join(tree, "app")
        self.hyperfine("squash_fresh", f"{app} sqlite:///{db}", prepare=f"rm -f {db}",
                       runs=2 if self.quick else 3,
                       name=f"strata: new database after squashing {n} revisions")
        count = run(["sqlite3", db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                     "AND name LIKE 'r%'"]).strip()
        if int(count) != (n + 1) // 2:
            raise SystemExit(f"bench: {db} has {count} tables, expected {(n + 1) // 2}")
        self.commands["squash"] = [f"strata squash -d squash/migrations (a copy of {n} "
                                   "revisions each run)",
                                   "squash/build/app sqlite:///squashed.db (originals deleted)"]

    # -- 5: table rebuild ------------------------------------------------------------------

    def rebuild(self):
        if not self.capabilities["sqlite_rebuild"]:
            self.notes["rebuild"] = ("not available in this build: the SQLite dialect cannot "
                                     "rebuild a table yet (alter_column of a type)")
            return
        base = os.path.join(self.work, "rebuild")
        os.makedirs(base)
        pristine = os.path.join(base, "pristine.db")
        db = os.path.join(base, "db.sqlite")
        log(f"rebuild: filling {self.rebuild_rows} rows")
        run([self.apply, "rebuild-setup", pristine, str(self.rebuild_rows)])
        # The procedure of https://www.sqlite.org/lang_altertable.html#otheralter by hand.
        script = os.path.join(base, "rebuild.sql")
        with open(script, "w") as f:
            f.write("""PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE "items_new" ("id" INTEGER NOT NULL, "name" VARCHAR(100) NOT NULL,
    "qty" BIGINT NOT NULL, "price" REAL NOT NULL, PRIMARY KEY ("id"));
INSERT INTO "items_new" ("id", "name", "qty", "price")
    SELECT "id", "name", "qty", "price" FROM "items";
DROP TABLE "items";
ALTER TABLE "items_new" RENAME TO "items";
CREATE INDEX "ix_items_name" ON "items" ("name");
PRAGMA foreign_key_check;
UPDATE "strata_version" SET version_num = 'b0000000000b';
COMMIT;
PRAGMA foreign_keys = ON;
""")
        runs = 3
        self.hyperfine("rebuild_strata", f"{self.apply} rebuild {db}",
                       prepare=f"cp {pristine} {db}", runs=runs,
                       name=f"strata: rebuild of {self.rebuild_rows} rows")
        self.hyperfine("rebuild_shell", f"sqlite3 -bail {db} < {script}",
                       prepare=f"cp {pristine} {db}", runs=runs,
                       name=f"sqlite3 shell: hand-written rebuild of {self.rebuild_rows} rows")

    # -- 6: PostgreSQL ---------------------------------------------------------------------

    def postgresql(self):
        if not self.capabilities["postgresql"]:
            self.notes["postgresql"] = ("not available in this build: the runtime has no "
                                        "PostgreSQL backend yet")
            return
        server = os.path.join(ROOT, "tests", "postgresql", "pg_server.sh")
        if not os.path.exists(server):
            self.notes["postgresql"] = ("not available in this build: no test server script "
                                        "(tests/postgresql/pg_server.sh)")
            return
        pgdir = os.path.join(self.work, "pg")
        run(["bash", server, "start", pgdir, "56400"])
        try:
            with open(os.path.join(pgdir, "url")) as f:
                url = f.read().strip()
            reset = (f"psql -q -X -v ON_ERROR_STOP=1 '{url}' -c 'DROP SCHEMA public CASCADE' "
                     f"-c 'CREATE SCHEMA public' >/dev/null 2>&1")
            n = self.revisions
            script = os.path.join(pgdir, "offline.sql")
            sql = run([self.apply, "sql", url])
            if n != 500:
                sql = "COMMIT;\n".join(sql.split("COMMIT;\n")[:n]) + "COMMIT;\n"
            with open(script, "w") as f:
                f.write(sql)
            strata_cmd = (f"{self.apply} upgrade '{url}'" if n == 500
                          else f"{self.apply} upgrade-prefix '{url}' {n}")
            replay_cmd = (f"{self.apply} upgrade-replay '{url}'" if n == 500
                          else f"{self.apply} upgrade-replay '{url}' {n}")
            runs = 2 if self.quick else 3
            self.hyperfine("pg_apply_strata", strata_cmd, prepare=reset, runs=runs,
                           name=f"strata: new database at {n} revisions (PostgreSQL)")
            # The peer: psql loading a dump of what strata created, in one transaction.
            head_script = os.path.join(pgdir, "head.sql")
            with open(head_script, "w") as f:
                f.write(run(["pg_dump", "--no-owner", "--no-privileges", url]))
            self.hyperfine("pg_apply_psql_head",
                           f"psql -q -X -1 -v ON_ERROR_STOP=1 '{url}' -f {head_script}",
                           prepare=reset, runs=runs,
                           name=f"psql: the head schema of {n} revisions (pg_dump)")
            self.hyperfine("pg_apply_strata_replay", replay_cmd, prepare=reset, runs=runs,
                           name=f"strata: replaying {n} revisions (PostgreSQL)")
            self.hyperfine("pg_apply_psql", f"psql -q -X -v ON_ERROR_STOP=1 '{url}' -f {script}",
                           prepare=reset, runs=runs, name=f"psql: offline SQL of {n} revisions")
            subprocess.run(reset, shell=True, check=True)
            run([self.apply, "upgrade", url])
            self.startup_bench(server=("postgresql", url))
        finally:
            subprocess.run(["bash", server, "stop", pgdir], capture_output=True)

    # -- 6: MariaDB -------------------------------------------------------------------------

    def mariadb(self):
        """Rows 3 and 4 on a throwaway MariaDB server (tests/mysql/mariadb_server.sh): strata
        against the `mariadb` client, and start-up at head against one SELECT."""
        if not self.capabilities.get("mysql"):
            self.notes["mariadb"] = ("not available in this build: no MariaDB backend "
                                     "(strata::mysql needs libmariadb-dev)")
            return
        server = os.path.join(ROOT, "tests", "mysql", "mariadb_server.sh")
        if not os.path.exists(server):
            self.notes["mariadb"] = ("not available in this build: no test server script "
                                     "(tests/mysql/mariadb_server.sh)")
            return
        if not shutil.which("mariadb") or not shutil.which("mariadb-dump"):
            self.notes["mariadb"] = "no `mariadb` / `mariadb-dump` client (mariadb-client)"
            return
        mydir = os.path.join(self.work, "my")
        run(["bash", server, "start", mydir, "56500"])
        try:
            with open(os.path.join(mydir, "url")) as f:
                server_url = f.read().strip()
            self.mariadb_rows(mydir, server_url)
        finally:
            subprocess.run(["bash", server, "stop", mydir], capture_output=True)

    def mariadb_rows(self, mydir, server_url):
        # mysql://user:password@host:port/database: the benchmark gets a database of its own.
        m = re.match(r"^mysql://([^:]+):(.*)@([^:/@]+):([0-9]+)/", server_url)
        if not m:
            raise SystemExit("bench: unexpected MariaDB server URL from mariadb_server.sh")
        user, password, host, port = m.groups()
        database = "strata_bench"
        url = f"mysql://{user}:{password}@{host}:{port}/{database}"
        # The password is the throwaway server's; MYSQL_PWD keeps it off the command line.
        client = f"MYSQL_PWD={shlex.quote(password)} mariadb --no-defaults -h {host} -P {port} " \
                 f"-u {user}"
        reset = (f"{client} -e 'DROP DATABASE IF EXISTS {database}; "
                 f"CREATE DATABASE {database}' >/dev/null 2>&1")
        subprocess.run(reset, shell=True, check=True)
        n = self.revisions
        script = os.path.join(mydir, "offline.sql")
        with open(script, "w") as f:
            f.write(run([self.apply, "sql", url] + ([] if n == 500 else [str(n)])))
        strata_cmd = (f"{self.apply} upgrade '{url}'" if n == 500
                      else f"{self.apply} upgrade-prefix '{url}' {n}")
        runs = 2 if self.quick else 3

        def check(what):
            # Each side must have done the same work: the hyperfine runs leave the database
            # as the last one made it.
            count = subprocess.run(
                f"{client} -N -B -e \"SELECT count(*) FROM information_schema.tables WHERE "
                f"table_schema = '{database}' AND table_name LIKE 'r%'\"",
                shell=True, check=True, capture_output=True, text=True).stdout.strip()
            if int(count) != (n + 1) // 2:
                raise SystemExit(f"bench: {what} left {count} tables, expected {(n + 1) // 2}")

        # MariaDB has no transactional DDL, so strata never creates a new database in one
        # step there (docs/commands.md, "A new database"): it replays every revision, and
        # its peer is the client running the offline SQL of the same revisions.
        self.hyperfine("my_apply_strata", strata_cmd, prepare=reset, runs=runs,
                       name=f"strata: {n} revisions from empty (MariaDB)")
        check("strata")
        self.hyperfine("my_apply_client", f"{client} {database} < {script}", prepare=reset,
                       runs=runs, name=f"mariadb client: offline SQL of {n} revisions")
        check("the offline SQL")
        # Context: the client loading a dump of the head schema, what a one-step creation
        # would cost at best.
        head_script = os.path.join(mydir, "head.sql")
        dump = subprocess.run(
            f"MYSQL_PWD={shlex.quote(password)} mariadb-dump --no-defaults -h {host} -P {port} "
            f"-u {user} --skip-comments {database} > {head_script}",
            shell=True, capture_output=True, text=True)
        if dump.returncode != 0:
            raise SystemExit(f"bench: mariadb-dump failed: {dump.stderr}")
        self.hyperfine("my_apply_client_head", f"{client} {database} < {head_script}",
                       prepare=reset, runs=runs,
                       name=f"mariadb client: the head schema of {n} revisions (mariadb-dump)")
        check("the head schema")
        # Start-up at head needs the whole compiled-in chain applied.
        subprocess.run(reset, shell=True, check=True)
        run([self.apply, "upgrade", url])
        self.startup_bench(server=("mysql", url))
        self.commands["mariadb"] = [
            strata_cmd.replace(self.build + "/", "").replace(password, "…"),
            f"mariadb {database} < offline.sql (strata_bench_apply sql mysql://…)",
            f"mariadb {database} < head.sql (mariadb-dump {database})"]

    # -- report ----------------------------------------------------------------------------

    def machine(self):
        with open("/proc/cpuinfo") as f:
            cpuinfo = f.read()
        model = re.search(r"^model name\s*:\s*(.*)$", cpuinfo, re.M)
        mhz = re.search(r"^cpu MHz\s*:\s*(.*)$", cpuinfo, re.M)
        with open("/proc/meminfo") as f:
            mem = int(re.search(r"MemTotal:\s*(\d+)", f.read()).group(1))
        def version(args):
            try:
                return run(args).strip().splitlines()[0]
            except (SystemExit, FileNotFoundError, IndexError):
                return "?"
        rev = version(["git", "-C", ROOT, "rev-parse", "--short=12", "HEAD"])
        # This run's own outputs (the plot is written before this page) do not count.
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no",
                                "--", ".", ":!docs/benchmarks.md",
                                ":!docs/benchmarks-generator.png"],
                               capture_output=True, text=True).stdout.strip()
        return {
            "cpu": (model.group(1) if model else platform.processor())
                   + (f" ({float(mhz.group(1)):.0f} MHz)" if mhz else ""),
            "cores": os.cpu_count(),
            "memory": f"{mem / 1024 / 1024:.1f} GiB",
            "kernel": platform.release(),
            "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "revision": rev + (" (with uncommitted changes)" if dirty else ""),
            "clang": version(["clang++", "--version"]),
            "sqlite": version(["sqlite3", "--version"]).split(" ")[0],
            "hyperfine": version(["hyperfine", "--version"]),
            "alembic": version([PYTHON, "-m", "alembic", "--version"]),
            "sqlalchemy": version([PYTHON, "-c", "import sqlalchemy; print(sqlalchemy.__version__)"]),
            "python": version([PYTHON, "--version"]),
            "postgresql": version(["psql", "--version"]),
            # "mariadb  Ver 15.1 Distrib 10.11.6-MariaDB, for ...": the server's version.
            "mariadb": re.sub(r"^.*Distrib ([0-9.]+)-MariaDB.*$", r"MariaDB \1 (client)",
                              version(["mariadb", "--version"])),
        }

    def plot(self):
        data = os.path.join(self.work, "generator.dat")
        with open(data, "w") as f:
            f.write("# tables strata clang alembic strata-without-cache (seconds, medians)\n")
            for n in self.sizes:
                f.write(f"{n} {self.results[f'gen_strata_{n}']['median']} "
                        f"{self.results[f'gen_clang_{n}']['median']} "
                        f"{self.results[f'gen_alembic_{n}']['median']} "
                        f"{self.results[f'gen_strata_nocache_{n}']['median']}\n")
        png = os.path.join(self.out, "benchmarks-generator.png")
        script = f"""set terminal pngcairo size 900,560 font "sans,11"
set output "{png}"
set title "Generating a revision: time against model size (medians, log-log)"
set xlabel "tables in the model"
set ylabel "seconds"
set logscale xy
set grid
set key top left
set xrange [{self.sizes[0] * 0.8}:{self.sizes[-1] * 1.25}]
plot "{data}" using 1:2 with linespoints lw 2 pt 7 title "strata revision --autogenerate (header cache)", \\
     "{data}" using 1:5 with linespoints lw 2 dt 2 pt 6 title "strata, first scan (no cache)", \\
     "{data}" using 1:3 with linespoints lw 2 pt 5 title "clang++ -fsyntax-only (parse floor)", \\
     "{data}" using 1:4 with linespoints lw 2 pt 9 title "alembic revision --autogenerate"
"""
        subprocess.run(["gnuplot"], input=script, text=True, check=True)

    def report(self):
        import report  # bench/report.py
        text = report.render(self, self.machine())
        path = os.path.join(self.out, "benchmarks.md")
        with open(path, "w") as f:
            f.write(text)
        with open(os.path.join(self.work, "results.json"), "w") as f:
            json.dump({"results": self.results, "notes": self.notes}, f, indent=2)
        log(f"wrote {path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", default=os.path.join(ROOT, "build-bench"))
    parser.add_argument("--out", default=os.path.join(ROOT, "docs"))
    parser.add_argument("--quick", action="store_true",
                        help="small sizes, fewer runs: proves the suite works in a few minutes")
    parser.add_argument("--preliminary", action="store_true",
                        help="mark the report as preliminary (not every feature merged yet)")
    parser.add_argument("--only", default="",
                        help="comma-separated subset: generator,startup,apply,rebuild,postgresql,"
                             "mariadb,build,squash")
    args = parser.parse_args()
    bench = Bench(args)
    started = time.time()
    parts = args.only.split(",") if args.only else [
        "generator", "startup", "apply", "rebuild", "postgresql", "mariadb", "build", "squash"]
    for part in parts:
        {"generator": bench.generator, "startup": bench.startup_bench, "apply": bench.apply_sqlite,
         "rebuild": bench.rebuild, "postgresql": bench.postgresql, "mariadb": bench.mariadb,
         "build": bench.build_cost, "squash": bench.squash_bench}[part]()
    bench.elapsed = time.time() - started
    if "generator" in parts:
        bench.plot()
    bench.report()


if __name__ == "__main__":
    main()
