// Start-up when the database is already at head, in-process (Google Benchmark): what
// strata costs an application that has nothing to migrate, against the least any
// application must do to know that (one SELECT of the version table).
//
//   strata_bench_startup --work DIR [--postgresql URL] [--mysql URL] [benchmark flags]
//
// The program carries one revision chain, compiled in by add_migrations() with its build
// manifest (strata_bench_startup: the whole chain; strata_bench_startup_small: its first 5
// revisions). DIR receives a SQLite file brought to head first; each URL must already be at
// the head of the whole chain (the driver applies it before).

#include "bench_support.hpp"

#include <strata/connection.hpp>
#include <strata/migrator.hpp>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace {

constexpr const char* bare_select = "SELECT version_num FROM strata_version";

// A connection opened once, as the application holds it; one SELECT per iteration.
void bare_query(benchmark::State& state, const std::string& url) {
    auto db = strata::connect(url);
    for (auto _ : state) {
        auto rows = db->query(bare_select);
        benchmark::DoNotOptimize(rows);
    }
}

// The same connection; a migrator over the registered revisions (as an application makes
// it) finds nothing to do.
void migrator_at_head(benchmark::State& state, const std::string& url) {
    auto db = strata::connect(url);
    for (auto _ : state) {
        strata::migrator m(*db);
        auto report = m.upgrade("head");
        if (!report.steps.empty()) {
            state.SkipWithError("the database was not at head");
            break;
        }
        benchmark::DoNotOptimize(report);
    }
}

// The same, given the revisions as a vector: no build manifest, so the graph is checked
// and every applied revision's checksum verified (context: what the manifest saves).
void vector_migrator_at_head(benchmark::State& state, const std::string& url) {
    auto db = strata::connect(url);
    const auto& revisions = strata::registered_revisions();
    for (auto _ : state) {
        strata::migrator m(*db, revisions);
        auto report = m.upgrade("head");
        if (!report.steps.empty()) {
            state.SkipWithError("the database was not at head");
            break;
        }
        benchmark::DoNotOptimize(report);
    }
}

// Opening the database and one SELECT: the floor for the whole start-up call.
void connect_and_query(benchmark::State& state, const std::string& url) {
    for (auto _ : state) {
        auto db = strata::connect(url);
        auto rows = db->query(bare_select);
        benchmark::DoNotOptimize(rows);
    }
}

// The one call an application makes: open, check, close (every registered revision).
void upgrade_to_head(benchmark::State& state, const std::string& url) {
    for (auto _ : state) {
        auto report = strata::upgrade_to_head(url);
        benchmark::DoNotOptimize(report);
    }
}

void register_all(const std::string& backend, const std::string& url, bool whole_program) {
    const auto count = strata::registered_revisions().size();
    const auto name = [&](std::string_view what) {
        return fmt::format("{}/{}/revisions:{}", backend, what, count);
    };
    benchmark::RegisterBenchmark(name("bare_select").c_str(), bare_query, url)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(name("migrator_upgrade").c_str(), migrator_at_head, url)
        ->Unit(benchmark::kMicrosecond);
    if (whole_program) {
        benchmark::RegisterBenchmark(name("vector_migrator_upgrade").c_str(),
                                     vector_migrator_at_head, url)
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(name("connect_select").c_str(), connect_and_query, url)
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(name("upgrade_to_head").c_str(), upgrade_to_head, url)
            ->Unit(benchmark::kMicrosecond);
    }
}

// A SQLite file at head, made fresh (which records the build manifest's digest).
std::string sqlite_at_head(const std::filesystem::path& dir) {
    const auto count = strata::registered_revisions().size();
    const auto path = dir / fmt::format("startup_{}.db", count);
    std::filesystem::remove(path);
    const std::string url = "sqlite:///" + path.string();
    (void)strata::upgrade_to_head(url);
    return url;
}

} // namespace

int main(int argc, char** argv) {
    std::string work;
    std::string postgresql;
    std::string mysql;
    std::vector<char*> rest{argv[0]};
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--work" && i + 1 < argc) {
            work = argv[++i];
        } else if (arg == "--postgresql" && i + 1 < argc) {
            postgresql = argv[++i];
        } else if (arg == "--mysql" && i + 1 < argc) {
            mysql = argv[++i];
        } else {
            rest.push_back(argv[i]);
        }
    }
    if (work.empty()) {
        std::cerr << "usage: strata_bench_startup --work DIR [--postgresql URL] [--mysql URL] "
                     "[benchmark flags]\n";
        return 2;
    }
    try {
        std::filesystem::create_directories(work);
        // The short chain's program measures only the in-process figures.
        const bool whole = strata::registered_revisions().size() > 5;
        register_all("sqlite", sqlite_at_head(work), whole);
        if (!postgresql.empty()) {
            register_all("postgresql", postgresql, true);
        }
        if (!mysql.empty()) {
            register_all("mysql", mysql, true);
        }
    } catch (const std::exception& e) {
        std::cerr << "strata_bench_startup: error: " << e.what() << '\n';
        return 1;
    }
    int rest_argc = static_cast<int>(rest.size());
    benchmark::Initialize(&rest_argc, rest.data());
    if (benchmark::ReportUnrecognizedArguments(rest_argc, rest.data())) {
        return 2;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
