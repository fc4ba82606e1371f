# A thin front door over CMake (as neovim has): `make demo` and `make test` work on a fresh
# Debian 12 machine, installing what is missing first.
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
GENERATOR ?= Ninja
CMAKE_FLAGS ?=

.PHONY: all deps configure build demo test clean format package

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD_DIR) -G "$(GENERATOR)" -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD_DIR)

# Builds everything, then runs the example application, which migrates its SQLite
# database (a file in the build tree) to head at start-up and shows what is in it.
demo: build
	rm -f $(BUILD_DIR)/example_project/sitebuilder.db
	@echo "== first start: a new database is brought to head =="
	$(BUILD_DIR)/example_project/sitebuilder $(BUILD_DIR)/example_project/sitebuilder.db
	@echo "== second start: already at head, nothing to apply =="
	$(BUILD_DIR)/example_project/sitebuilder $(BUILD_DIR)/example_project/sitebuilder.db

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j 2

# The Debian package (CPack): build/package/strata_<version>_<arch>.deb, with the tool,
# the libraries, the headers, the CMake package and the pkg-config files under /usr.
package: build
	cd $(BUILD_DIR) && cpack -G DEB -B package

format:
	git ls-files '*.cpp' '*.hpp' | grep -v '^tests/.*/models/' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)

# The long run of the model-pair property test (issue 13); `make test` runs 40 pairs of a
# fixed seed. PAIRS pairs in batches of BATCH, seeds from SEED on, SQLite and PostgreSQL.
.PHONY: property
PAIRS ?= 2000
BATCH ?= 100
SEED ?= 1000
property: build
	PAIRS=$(PAIRS) BATCH=$(BATCH) SEED=$(SEED) bash scripts/property.sh $(BUILD_DIR)

# The benchmark suite (issue 8): a Release build of its own in build-bench/, then every
# benchmark, writing docs/benchmarks.md and docs/benchmarks-generator.png. Takes about
# 15 minutes on 2 cores; BENCH_QUICK=1 runs small sizes in a few. Never part of `make test`.
# The PostgreSQL and MariaDB rows start throwaway servers (tests/postgresql/pg_server.sh,
# tests/mysql/mariadb_server.sh). BENCH_FLAGS="--only=mariadb --out=/tmp/bench" runs a subset
# (comma-separated: generator,startup,apply,rebuild,postgresql,mariadb,build,squash) and writes its
# page elsewhere, since a subset's page lacks the other rows.
# Debian's python3 on purpose: Alembic and SQLAlchemy are its packages.
.PHONY: bench
BENCH_BUILD_DIR ?= build-bench
BENCH_QUICK ?=
BENCH_FLAGS ?=
bench: deps
	cmake -S bench -B $(BENCH_BUILD_DIR) -G "$(GENERATOR)" -DCMAKE_BUILD_TYPE=Release \
		-DPython3_EXECUTABLE=/usr/bin/python3
	cmake --build $(BENCH_BUILD_DIR)
	/usr/bin/python3 bench/bench.py --build-dir $(BENCH_BUILD_DIR) \
		$(if $(BENCH_QUICK),--quick) $(BENCH_FLAGS)

# Fuzzing (issue 15): a clang build of its own in build-fuzz/ with libFuzzer, AddressSanitizer
# and UndefinedBehaviorSanitizer, then each target in turn for FUZZ_SECONDS, starting from
# the committed seed corpus (tests/fuzz/corpus/<target>/; new inputs are kept in
# build-fuzz/corpus/, crashes in build-fuzz/fuzz_<target>-crash-*). `make test` replays the
# committed corpus without clang (the fuzz_replay_* tests).
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= annotation snapshot revision_target url ini revision_file
SANITIZE_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
.PHONY: fuzz
fuzz: deps
	cmake -S . -B $(FUZZ_BUILD_DIR) -G "$(GENERATOR)" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DCMAKE_CXX_COMPILER=clang++ -DSTRATA_FUZZ=ON -DSTRATA_BUILD_EXAMPLE=OFF \
		"-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link $(SANITIZE_FLAGS)" \
		"-DCMAKE_EXE_LINKER_FLAGS=$(SANITIZE_FLAGS)"
	cmake --build $(FUZZ_BUILD_DIR) --target strata_fuzz_targets
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD_DIR)/corpus/$$t; \
		echo "== fuzz_$$t for $(FUZZ_SECONDS) s =="; \
		ASAN_OPTIONS=detect_leaks=1 $(FUZZ_BUILD_DIR)/tests/fuzz/fuzz_$$t \
			-max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_BUILD_DIR)/fuzz_$$t- \
			$(FUZZ_BUILD_DIR)/corpus/$$t tests/fuzz/corpus/$$t; \
	done

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer, in build-sanitize/.
# Leak checking is off while building (libclang keeps its allocations until exit) and on
# for the tests. The consumer projects the tests build with CMake link the instrumented
# strata, so they are built with the same flags (CMake takes CXXFLAGS and LDFLAGS from the
# environment when it configures a new build directory).
SANITIZE_BUILD_DIR ?= build-sanitize
# GCC 12's flow analysis under -fsanitize=address reports libstdc++'s own <regex> and
# std::function as "may be used uninitialized" (false positives the plain build does not
# show); -Werror would stop the build on them.
SANITIZE_WARNING_FLAGS = -Wno-maybe-uninitialized
.PHONY: test-sanitize
test-sanitize: deps
	cmake -S . -B $(SANITIZE_BUILD_DIR) -G "$(GENERATOR)" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		"-DCMAKE_CXX_FLAGS=$(SANITIZE_FLAGS) $(SANITIZE_WARNING_FLAGS)" "-DCMAKE_EXE_LINKER_FLAGS=$(SANITIZE_FLAGS)" \
		"-DCMAKE_SHARED_LINKER_FLAGS=$(SANITIZE_FLAGS)"
	ASAN_OPTIONS=detect_leaks=0 cmake --build $(SANITIZE_BUILD_DIR)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/support/lsan.supp:print_suppressions=0 \
		CXXFLAGS="$(SANITIZE_FLAGS)" LDFLAGS="$(SANITIZE_FLAGS)" \
		ctest --test-dir $(SANITIZE_BUILD_DIR) --output-on-failure -j 2 $(CTEST_ARGS)
