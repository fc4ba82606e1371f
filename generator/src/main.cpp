// The `strata` command line: parses options with Boost.Program_options and calls the
// functions in commands.hpp. Everything else lives in strata_generator_lib.

#include "commands.hpp"
#include "diagnostic.hpp"
#include "file_io.hpp"
#include "migrations_dir.hpp"

#include "strata/error.hpp"

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
  revision -d DIR -m MESSAGE      write an empty revision for a hand-written migration
  revision -d DIR --autogenerate [-m MESSAGE] --model HEADER...
                                  compare the models with the snapshot and write a revision
  check -d DIR --model HEADER...  exit 1 when the models differ from the snapshot
  heads -d DIR                    print the head revision(s)
  history -d DIR                  print the revisions, newest first
  build ...                       the build step add_migrations() runs (not for hand use)

Run `strata <command> --help` for the options of one command.
)";

const std::vector<std::string> command_names{"init",  "revision", "check",
                                             "heads", "history",  "build"};

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string closest_command(const std::string& word) {
    return *std::min_element(command_names.begin(), command_names.end(),
                             [&](const auto& x, const auto& y) {
                                 return edit_distance(word, x) < edit_distance(word, y);
                             });
}

// Options shared by the commands that scan models.
void add_scan_options(po::options_description& options) {
    options.add_options()("model", po::value<std::vector<std::string>>()->multitoken(),
                          "model header (repeatable)")(
        "compiler-args-file", po::value<std::string>(),
        "file with one compiler argument per line (-I, -D, -std=)")(
        "compiler-arg", po::value<std::vector<std::string>>(),
        "one extra compiler argument (repeatable)")(
        "namespace", po::value<std::string>(),
        "only structs in this C++ namespace are tables (add_migrations NAMESPACE)");
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
    return scan;
}

po::variables_map parse(const std::vector<std::string>& args,
                        const po::options_description& options,
                        const po::positional_options_description& positional = {}) {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    po::notify(vm);
    return vm;
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
                "autogenerate", "derive the operations from the models");
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
        if (command == "revision" && !vm.count("autogenerate")) {
            gen::write_empty_revision(dir, vm["message"].as<std::string>(), std::cout);
            return 0;
        }
        gen::autogenerate_request request{
            dir, scan_options_from(vm), vm.count("message") ? vm["message"].as<std::string>() : ""};
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

    if (command == "heads" || command == "history") {
        po::options_description options(fmt::format("strata {} [options]", command));
        options.add(dir_options);
        auto vm = parse(args, options);
        if (vm.count("help")) {
            std::cout << options;
            return 0;
        }
        const gen::migrations_dir dir(vm["directory"].as<std::string>());
        const auto graph = gen::make_graph(dir.revisions());
        if (command == "heads") {
            for (const auto& head : graph.heads()) {
                std::cout << head << " (head)\n";
            }
            return 0;
        }
        const auto& ordered = graph.revisions();
        for (auto it = ordered.rbegin(); it != ordered.rend(); ++it) {
            std::string parents;
            for (const auto& p : it->down_revisions) {
                parents += (parents.empty() ? "" : ", ") + p;
            }
            std::cout << fmt::format("{} -> {}, {}\n", parents.empty() ? "<base>" : parents, it->id,
                                     it->message);
        }
        return 0;
    }

    std::cerr << fmt::format("strata: error: unknown command '{}'; did you mean '{}'?\n\n{}",
                             command, closest_command(command), usage);
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
