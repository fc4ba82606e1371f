// The `strata` command line: parses options with Boost.Program_options and calls the
// functions in commands.hpp. Everything else lives in strata_generator_lib.

#include "commands.hpp"
#include "diagnostic.hpp"
#include "file_io.hpp"
#include "migrations_dir.hpp"
#include "review/command.hpp"

#include "strata/cli.hpp"
#include "strata/error.hpp"
#include "strata/version.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <iostream>
#include <sstream>

namespace po = boost::program_options;
namespace gen = strata::generator;

namespace {

constexpr const char* usage = R"(usage: strata <command> [options]

commands:
  init DIRECTORY [--url URL]      create a migrations directory
  revision -d DIR -m MESSAGE [--head TARGET] [--branch-label LABEL]
                                  write an empty revision for a hand-written migration
  revision -d DIR --autogenerate [-m MESSAGE] --model HEADER...
                                  compare the models with the snapshot and write a revision
  merge -d DIR [-m MESSAGE] [REVISION...]
                                  write a merge revision joining the heads (or REVISIONs)
  check -d DIR --model HEADER...  exit 1 when the models differ from the snapshot
  repair-snapshot -d DIR          rewrite the snapshot from the revisions (after a merge conflict)
  heads -d DIR [--verbose]        print the head revision(s)
  branches -d DIR [--verbose]     print the branch points and the branches leaving them
  history -d DIR [-r RANGE] [--verbose]
                                  print the revisions, newest first (RANGE: FROM:TO)
  show -d DIR REVISION            print one revision (any target: id, prefix, head, label)
  review -d DIR [RANGE] [--format markdown|json]
                                  the revisions of this branch for a PR: operations, SQL
                                  per dialect, findings (default RANGE: what the branch adds)
  lint -d DIR [RANGE] [--fail-on LEVEL]
                                  the same findings; exit 1 for any not acknowledged
  build ...                       the build step add_migrations() runs (not for hand use)

Run `strata <command> --help` for the options of one command; `strata --version` prints
the version.
)";

const std::vector<std::string> command_names{
    "init",  "revision", "merge",   "check", "repair-snapshot", "heads",
    "branches", "history", "show",  "build", "review",          "lint"};

// Options shared by the commands that scan models.
void add_scan_options(po::options_description& options) {
    options.add_options()("model", po::value<std::vector<std::string>>()->multitoken(),
                          "model header (repeatable)")(
        "compiler-args-file", po::value<std::string>(),
        "file with one compiler argument per line (-I, -D, -std=)")(
        "compiler-arg", po::value<std::vector<std::string>>(),
        "one extra compiler argument (repeatable)")(
        "namespace", po::value<std::string>(),
        "only structs in this C++ namespace are tables (add_migrations NAMESPACE)")(
        "cache-dir", po::value<std::string>(),
        "keep the system headers the models include precompiled here, for faster scans");
}

gen::scan_options scan_options_from(const po::variables_map& vm) {
    gen::scan_options scan;
    if (vm.count("model")) {
        for (const auto& header : vm["model"].as<std::vector<std::string>>()) {
            scan.headers.emplace_back(header);
        }
    }
    if (scan.headers.empty()) {
        throw gen::diagnostic_error({gen::diagnostic{
            {}, "no model headers given", {"pass --model path/to/models.hpp (repeatable)"}}});
    }
    if (vm.count("compiler-args-file")) {
        const auto file = vm["compiler-args-file"].as<std::string>();
        auto text = gen::read_text_file(file);
        if (!text) {
            throw gen::diagnostic_error(
                {gen::diagnostic{{file, 0, 0}, "cannot read the compiler arguments file", {}}});
        }
        std::istringstream lines(*text);
        for (std::string line; std::getline(lines, line);) {
            if (!line.empty()) {
                scan.compiler_args.push_back(line);
            }
        }
    }
    if (vm.count("namespace")) {
        scan.cpp_namespace = vm["namespace"].as<std::string>();
    }
    if (vm.count("compiler-arg")) {
        for (const auto& arg : vm["compiler-arg"].as<std::vector<std::string>>()) {
            scan.compiler_args.push_back(arg);
        }
    }
    if (vm.count("cache-dir")) {
        scan.cache_dir = vm["cache-dir"].as<std::string>();
    }
    return scan;
}

po::variables_map parse(const std::vector<std::string>& args,
                        const po::options_description& options,
                        const po::positional_options_description& positional = {}) {
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    } catch (const po::unknown_option& e) {
        std::vector<std::string> names;
        for (const auto& option : options.options()) {
            names.push_back("--" + option->long_name());
        }
        throw po::error(fmt::format("{}; did you mean '{}'?", e.what(),
                                    strata::closest_match(e.get_option_name(), names)));
    }
    po::notify(vm);
    return vm;
}

// A revision as the generator knows it, printed like `history` prints it.
void print_revisions(const strata::revision_graph& graph, const std::vector<std::string>& ids,
                     bool verbose) {
    for (const auto& id : ids) {
        const auto& rev = *graph.get(id);
        std::cout << (verbose ? strata::history_entry(graph, rev) + "\n"
                              : strata::history_line(graph, rev) + "\n");
    }
}

int run(const std::string& command, const std::vector<std::string>& args) {
    po::options_description common("options");
    common.add_options()("help,h", "show this help");

    if (command == "init") {
        po::options_description options("strata init DIRECTORY [options]");
        options.add(common).add_options()("directory", po::value<std::string>(),
                                          "the new migrations directory")(
            "url", po::value<std::string>()->default_value("sqlite:///app.db"),
            "database URL for strata.ini");
        po::positional_options_description positional;
        positional.add("directory", 1);
        auto vm = parse(args, options, positional);
        if (vm.count("help")) {
            std::cout << options;
            return 0;
        }
        if (!vm.count("directory")) {
            throw gen::diagnostic_error(
                {gen::diagnostic{{}, "init needs a directory", {"strata init migrations"}}});
        }
        const std::filesystem::path dir = vm["directory"].as<std::string>();
        gen::init_migrations_dir(dir, vm["url"].as<std::string>());
        std::cout << fmt::format("strata: created migrations directory {}\n", dir.string());
        return 0;
    }

    po::options_description dir_options("options");
    dir_options.add(common).add_options()("directory,d",
                                          po::value<std::string>()->default_value("migrations"),
                                          "the migrations directory");

    if (command == "revision" || command == "check" || command == "build") {
        po::options_description options(fmt::format("strata {} [options]", command));
        options.add(dir_options);
        add_scan_options(options);
        if (command == "revision") {
            options.add_options()("message,m", po::value<std::string>()->default_value(""),
                                  "what the revision does")(
                "autogenerate", "derive the operations from the models")(
                "branch-label", po::value<std::vector<std::string>>(),
                "a branch label for the new revision (repeatable)");
        }
        if (command == "revision" || command == "build") {
            options.add_options()(
                "head", po::value<std::string>(),
                "the revision to build on: a head, a label@head, or base for a new root");
        }
        if (command == "build") {
            options.add_options()("aggregate", po::value<std::string>()->required(),
                                  "C++ file including every revision")(
                "depfile", po::value<std::string>()->required(), "depfile to write")(
                "stamp", po::value<std::string>()->required(), "stamp file to touch")(
                "check", "fail instead of writing a revision when the models changed");
        }
        auto vm = parse(args, options);
        if (vm.count("help")) {
            std::cout << options;
            return 0;
        }
        const std::filesystem::path dir = vm["directory"].as<std::string>();
        gen::revision_placement placement;
        if (vm.count("head")) {
            placement.head = vm["head"].as<std::string>();
        }
        if (vm.count("branch-label")) {
            placement.branch_labels = vm["branch-label"].as<std::vector<std::string>>();
        }
        if (command == "revision" && !vm.count("autogenerate")) {
            gen::write_empty_revision(dir, vm["message"].as<std::string>(), std::cout, placement);
            return 0;
        }
        gen::autogenerate_request request{
            dir, scan_options_from(vm), vm.count("message") ? vm["message"].as<std::string>() : "",
            placement};
        if (command == "build") {
            gen::require_declared_heads(dir);
        }
        const bool check_only = command == "check" || vm.count("check");
        auto result = gen::autogenerate(request, check_only, std::cout);
        if (command == "build") {
            gen::write_build_outputs(dir,
                                     {vm["aggregate"].as<std::string>(),
                                      vm["depfile"].as<std::string>(),
                                      vm["stamp"].as<std::string>()},
                                     result.opened_files);
        } else if (!result.written) {
            std::cout << "strata: the models match the snapshot; nothing to do\n";
        }
        return 0;
    }

    if (command == "repair-snapshot") {
        po::options_description options("strata repair-snapshot [options]");
        options.add(dir_options);
        auto vm = parse(args, options);
        if (vm.count("help")) {
            std::cout << options;
            return 0;
        }
        (void)gen::repair_snapshot(vm["directory"].as<std::string>(), std::cout);
        return 0;
    }

    if (command == "merge") {
        po::options_description options("strata merge [options] [REVISION...]");
        options.add(dir_options)
            .add_options()("message,m", po::value<std::string>()->default_value(""),
                           "message (default: merge <ids>)")(
                "revisions", po::value<std::vector<std::string>>(), "revisions to merge");
        po::positional_options_description positional;
        positional.add("revisions", -1);
        auto vm = parse(args, options, positional);
        if (vm.count("help")) {
            std::cout << options;
            return 0;
        }
        gen::write_merge_revision(vm["directory"].as<std::string>(),
                                  vm.count("revisions")
                                      ? vm["revisions"].as<std::vector<std::string>>()
                                      : std::vector<std::string>{},
                                  vm["message"].as<std::string>(), std::cout);
        return 0;
    }

    if (command == "heads" || command == "history" || command == "branches" || command == "show") {
        po::options_description options(fmt::format("strata {} [options]", command));
        options.add(dir_options).add_options()("verbose,v", "show every detail of each revision");
        po::positional_options_description positional;
        if (command == "history") {
            options.add_options()("rev-range,r", po::value<std::string>()->default_value(":"),
                                  "FROM:TO, e.g. base:head, abc:, :label@head");
        }
        if (command == "show") {
            options.add_options()("revision", po::value<std::string>(),
                                  "the revision: id, prefix, head, label, REV-N...");
            positional.add("revision", 1);
        }
        auto vm = parse(args, options, positional);
        if (vm.count("help")) {
            std::cout << options;
            return 0;
        }
        const gen::migrations_dir dir(vm["directory"].as<std::string>());
        const auto files = dir.revisions();
        const auto graph = gen::make_graph(files);
        const bool verbose = vm.count("verbose") > 0;
        if (command == "heads") {
            print_revisions(graph, graph.heads(), verbose);
            return 0;
        }
        if (command == "history") {
            auto ids = graph.range(vm["rev-range"].as<std::string>());
            std::reverse(ids.begin(), ids.end());
            print_revisions(graph, ids, verbose);
            return 0;
        }
        if (command == "branches") {
            for (const auto& rev : graph.revisions()) {
                const auto children = graph.children(rev.id);
                if (children.size() < 2) {
                    continue;
                }
                print_revisions(graph, {rev.id}, verbose);
                for (const auto& child : children) {
                    std::cout << "    -> " << strata::history_line(graph, *graph.get(child))
                              << '\n';
                }
            }
            return 0;
        }
        if (!vm.count("revision")) {
            throw gen::diagnostic_error(
                {gen::diagnostic{{}, "show needs a revision", {"strata show -d migrations head"}}});
        }
        for (const auto& id : graph.resolve(vm["revision"].as<std::string>())) {
            std::cout << strata::history_entry(graph, *graph.get(id));
            for (const auto& file : files) {
                if (file.id == id) {
                    std::cout << "Path: " << file.file.string() << '\n';
                }
            }
        }
        return 0;
    }

    if (command == "review" || command == "lint") {
        po::options_description options(fmt::format("strata {} [options] [RANGE]", command));
        options.add(dir_options)
            .add_options()(
                "range", po::value<std::string>(),
                "FROM:TO or one revision; default: what the git branch adds over its merge base")(
                "base", po::value<std::string>()->default_value(""),
                "git ref the branch is compared with (default: origin/HEAD, origin/main, main...)")(
                "dialect", po::value<std::vector<std::string>>(),
                "show SQL for this dialect (repeatable; default: every one built)");
        if (command == "review") {
            options.add_options()("format", po::value<std::string>()->default_value("markdown"),
                                  "markdown or json");
        } else {
            options.add_options()("fail-on", po::value<std::string>()->default_value("warning"),
                                  "notice, warning, error or none");
        }
        po::positional_options_description positional;
        positional.add("range", 1);
        auto vm = parse(args, options, positional);
        if (vm.count("help")) {
            std::cout << options;
            return 0;
        }
        namespace review = strata::generator::review;
        review::review_request request{
            vm["directory"].as<std::string>(),
            vm.count("range") ? std::optional(vm["range"].as<std::string>()) : std::nullopt,
            vm.count("dialect") ? vm["dialect"].as<std::vector<std::string>>()
                                : std::vector<std::string>{},
            vm["base"].as<std::string>()};
        return command == "review"
                   ? review::review_command(request, vm["format"].as<std::string>(), std::cout)
                   : review::lint_command(request, vm["fail-on"].as<std::string>(), std::cout);
    }

    std::cerr << fmt::format("strata: error: unknown command '{}'; did you mean '{}'?\n\n{}",
                             command, strata::closest_match(command, command_names), usage);
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << usage;
        return 2;
    }
    const std::string command = argv[1];
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << usage;
        return 0;
    }
    if (command == "--version") {
        std::cout << "strata " << STRATA_VERSION_STRING << '\n';
        return 0;
    }
    try {
        return run(command, std::vector<std::string>(argv + 2, argv + argc));
    } catch (const gen::diagnostic_error& e) {
        std::cerr << e.what() << '\n';
        return 1;
    } catch (const po::error& e) {
        std::cerr << fmt::format("strata {}: error: {}\nrun `strata {} --help` for the options\n",
                                 command, e.what(), command);
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "strata: error: " << e.what() << '\n';
        return 1;
    }
}
