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

# The benchmark suite (issue 8): a Release build of its own in build-bench/, then every
# benchmark, writing docs/benchmarks.md and docs/benchmarks-generator.png. Takes about
# 15 minutes on 2 cores; BENCH_QUICK=1 runs small sizes in a few. Never part of `make test`.
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
