// The `strata` command line: parses options with Boost.Program_options and calls the
// functions in commands.hpp. Everything else lives in strata_generator_lib.

#include "commands/commands.hpp"
#include "commands/squash.hpp"
#include "project/migrations_dir.hpp"
#include "review/command.hpp"
#include "scan/validate_names.hpp"
#include "support/diagnostic.hpp"
#include "support/file_io.hpp"

#include "strata/connection.hpp"
#include "strata/detail/text.hpp"
#include "strata/detail/tool_text.hpp"
#include "strata/error.hpp"
#include "strata/version.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cctype>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <optional>
#include <sstream>

namespace po = boost::program_options;
namespace gen = strata::generator;

namespace {

// What a command's handler gets: the command's name (one handler serves several), its
// arguments without the name, its options (built from the table) and this executable.
struct invocation {
    const std::string& name;
    const std::vector<std::string>& args;
    const po::options_description& options;
    const std::string& self;
};

// One command of the table: its name, its lines in `strata --help` (synopsis, summary; a
// summary of several lines continues under the first), the options it adds to the common
// ones, and the handler.
struct command_spec {
    std::string name;
    std::vector<std::pair<std::string, std::string>> usage;
    void (*add_options)(const std::string& name, po::options_description& options);
    int (*run)(const invocation& call);
};

const std::vector<command_spec>& commands();

// A migrations directory given as '' would resolve to the current directory: `strata init
// ''` wrote into it, overwriting the user's README.md. Refused for -d and init's DIRECTORY.
void require_directory_name(const std::string& directory) {
    if (directory.empty()) {
        throw po::error("the migrations directory must not be empty; e.g. `-d migrations`");
    }
}

// A revision's message goes into JSON (`strata review --format json`) and the database's
// history table, both UTF-8: refuse other bytes before a revision is written with them.
void require_utf8_message(const po::variables_map& vm) {
    const auto& message = vm["message"].as<std::string>();
    if (const auto bad = gen::invalid_utf8_offset(message); bad != std::string::npos) {
        throw po::error(fmt::format("the message (-m) is not valid UTF-8 (byte 0x{:02X} at "
                                    "offset {}); write it in UTF-8",
                                    static_cast<unsigned char>(message[bad]), bad));
    }
    // `strata history` and the migrate tool print the message to a terminal: an escape
    // byte would reach it as a command. New lines and tabs are text.
    const auto control = std::find_if(message.begin(), message.end(), [](char ch) {
        const auto byte = static_cast<unsigned char>(ch);
        return (byte < 0x20 && ch != '\n' && ch != '\t') || byte == 0x7f;
    });
    if (control != message.end()) {
        throw po::error(fmt::format("the message (-m) has a control character (byte 0x{:02X} at "
                                    "offset {}); write it as text",
                                    static_cast<unsigned char>(*control),
                                    control - message.begin()));
    }
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
        "only structs in this C++ namespace are tables (add_migrations NAMESPACE)")(
        "cache-dir", po::value<std::string>(),
        "keep the system headers the models include precompiled here, for faster scans")(
        "dialect", po::value<std::vector<std::string>>(),
        "a database the revisions run on: sqlite, postgresql, mysql (repeatable; names must "
        "fit the strictest; default: every backend this strata was built with)");
}

// The directory holding strata/annotations.hpp for this executable, or none: next to an
// installed strata (<prefix>/bin/../include), else the source tree of a build-tree binary.
// Models include the header, so a scan by hand needs no `--compiler-arg -I...`.
std::optional<std::filesystem::path> own_include_dir(const std::string& self) {
    std::error_code ec;
    const auto installed = std::filesystem::path(self).parent_path() / ".." / "include";
    if (std::filesystem::exists(installed / "strata" / "annotations.hpp", ec)) {
        return installed.lexically_normal();
    }
    const std::filesystem::path source = STRATA_SOURCE_INCLUDE_DIR;
    if (std::filesystem::exists(source / "strata" / "annotations.hpp", ec)) {
        return source;
    }
    return std::nullopt;
}

gen::scan_options scan_options_from(const po::variables_map& vm, const std::string& self) {
    gen::scan_options scan;
    if (vm.count("model")) {
        for (const auto& header : vm["model"].as<std::vector<std::string>>()) {
            if (header.empty()) {
                // Would reach the file system as a path with no name.
                throw po::error("--model must not be empty; e.g. `--model models/user.hpp`");
            }
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
    // Last, so that an -I of the user's (another strata's headers) wins.
    if (const auto include = own_include_dir(self)) {
        scan.compiler_args.push_back("-I" + include->string());
    }
    if (vm.count("cache-dir")) {
        scan.cache_dir = vm["cache-dir"].as<std::string>();
    }
    if (vm.count("dialect")) {
        scan.dialects = vm["dialect"].as<std::vector<std::string>>();
    }
    return scan;
}

// "; did you mean 'X'?" for a mistyped command or option, or nothing when no candidate is
// close: a far-off word ("frobnicate") gets no guess, since a wrong guess misleads. A
// candidate the word begins (`--dir` for `--directory`) is the likeliest meaning; otherwise
// the nearest one, if at most two edits and fewer than half the word away (as
// revision_graph suggests targets).
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    const auto bare = [](std::string_view text) {
        return text.substr(std::min(text.find_first_not_of('-'), text.size()));
    };
    const auto typed = bare(word);
    if (typed.size() >= 2) {
        for (const auto& candidate : candidates) {
            if (bare(candidate).starts_with(typed)) {
                return fmt::format("; did you mean '{}'?", candidate);
            }
        }
    }
    std::string best;
    std::size_t best_distance = std::min<std::size_t>(3, typed.size() / 2 + 1);
    for (const auto& candidate : candidates) {
        const auto distance = strata::detail::edit_distance(typed, bare(candidate));
        if (distance < best_distance) {
            best = candidate;
            best_distance = distance;
        }
    }
    return best.empty() ? std::string() : fmt::format("; did you mean '{}'?", best);
}

// Both command lines take options by their full names only: Boost's default would accept
// any unambiguous prefix (`--dir`), which <app>_migrate refuses, and a prefix that works
// today breaks when an option is added.
constexpr int parse_style =
    po::command_line_style::default_style & ~po::command_line_style::allow_guessing;

// A command's arguments: @p positional names the hidden options that take the positional
// arguments (shown in the help as ARGUMENTS, not as --options).
po::variables_map parse(const std::vector<std::string>& args,
                        const po::options_description& options,
                        const po::positional_options_description& positional = {},
                        const po::options_description& hidden = {}) {
    po::options_description all;
    all.add(options).add(hidden);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args)
                      .options(all)
                      .positional(positional)
                      .style(parse_style)
                      .run(),
                  vm);
    } catch (const po::unknown_option& e) {
        std::vector<std::string> names;
        for (const auto& option : options.options()) {
            names.push_back("--" + option->long_name());
        }
        throw po::error(std::string(e.what()) + did_you_mean(e.get_option_name(), names));
    } catch (const po::too_many_positional_options_error&) {
        throw po::error(positional.max_total_count() == 0
                            ? "this command takes no positional argument"
                            : "too many positional arguments");
    }
    po::notify(vm);
    return vm;
}

// `strata <command> --help`: the synopsis, the positional arguments, then the options.
void print_help(const std::string& synopsis, const std::string& arguments,
                const po::options_description& options) {
    std::cout << "usage: " << synopsis << "\n";
    if (!arguments.empty()) {
        std::cout << "\narguments:\n" << arguments;
    }
    std::cout << "\n" << options;
}

// A usage mistake the option parser cannot see (a missing argument): exit code 2.
[[noreturn]] void missing_argument(const std::string& what, const std::string& example) {
    throw po::error(fmt::format("{}; e.g. `{}`", what, example));
}

// The commands of the application's migrate tool, which people type at the generator.
const std::vector<std::string> migrate_tool_commands{"upgrade", "downgrade", "current", "stamp"};

// A revision as the generator knows it, printed like `history` prints it.
void print_revisions(const strata::revision_graph& graph, const std::vector<std::string>& ids,
                     bool verbose) {
    for (const auto& id : ids) {
        const auto& rev = *graph.get(id);
        std::cout << (verbose ? strata::history_entry(graph, rev) + "\n"
                              : strata::history_line(graph, rev) + "\n");
    }
}

// The path of this executable, so a printed command works when pasted anywhere.
std::string self_path(const char* argv0) {
    std::error_code ec;
    auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        return self.string();
    }
    const std::string given = argv0 != nullptr ? argv0 : "strata";
    return given.find('/') == std::string::npos ? given : std::filesystem::absolute(given).string();
}

std::string shell_quote(const std::string& arg) {
    const bool plain = !arg.empty() && std::all_of(arg.begin(), arg.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) != 0 ||
               std::string_view("_-./:=@%+,").find(ch) != std::string_view::npos;
    });
    if (plain) {
        return arg;
    }
    std::string quoted = "'";
    for (char ch : arg) {
        quoted += ch == '\'' ? std::string(R"('\'')") : std::string(1, ch);
    }
    return quoted + "'";
}

// The `strata revision --autogenerate` command equivalent to this `build` or `check`: what
// CI mode tells the developer to run. Every path absolute, so it works pasted anywhere.
std::string revision_command(const std::string& self, const po::variables_map& vm) {
    auto absolute = [](const std::string& path) {
        return shell_quote(std::filesystem::absolute(path).lexically_normal().string());
    };
    std::string command = fmt::format("{} revision --autogenerate -d {}", shell_quote(self),
                                      absolute(vm["directory"].as<std::string>()));
    if (vm.count("model")) {
        for (const auto& header : vm["model"].as<std::vector<std::string>>()) {
            command += " --model " + absolute(header);
        }
    }
    if (vm.count("compiler-args-file")) {
        command += " --compiler-args-file " + absolute(vm["compiler-args-file"].as<std::string>());
    }
    if (vm.count("compiler-arg")) {
        for (const auto& arg : vm["compiler-arg"].as<std::vector<std::string>>()) {
            command += " --compiler-arg=" + shell_quote(arg);
        }
    }
    if (vm.count("namespace")) {
        command += " --namespace " + shell_quote(vm["namespace"].as<std::string>());
    }
    if (vm.count("dialect")) {
        for (const auto& dialect : vm["dialect"].as<std::vector<std::string>>()) {
            command += " --dialect " + shell_quote(dialect);
        }
    }
    return command;
}

void add_init_options(const std::string& /*name*/, po::options_description& options) {
    options.add_options()("url", po::value<std::string>()->default_value("sqlite:///app.db"),
                          "database URL for strata.ini");
}

int run_init(const invocation& call) {
    const auto& options = call.options;
    po::options_description hidden;
    hidden.add_options()("directory",
                         po::value<std::string>()->notifier([](const std::string& directory) {
                             if (directory.empty()) {
                                 throw po::error("the DIRECTORY must not be empty; e.g. `strata "
                                                 "init migrations`");
                             }
                         }));
    po::positional_options_description positional;
    positional.add("directory", 1);
    auto vm = parse(call.args, options, positional, hidden);
    if (vm.count("help")) {
        print_help("strata init DIRECTORY [options]",
                   "  DIRECTORY             the new migrations directory\n", options);
        return 0;
    }
    if (!vm.count("directory")) {
        missing_argument("init needs a DIRECTORY", "strata init migrations");
    }
    if (const auto problem = gen::database_url_problem(vm["url"].as<std::string>())) {
        throw po::error("--url: " + *problem);
    }
    const std::filesystem::path dir = vm["directory"].as<std::string>();
    gen::init_migrations_dir(dir, vm["url"].as<std::string>());
    std::cout << fmt::format("strata: created migrations directory {}\n", dir.string());
    return 0;
}

void add_scan_command_options(const std::string& command, po::options_description& options) {
    add_scan_options(options);
    if (command == "revision") {
        options.add_options()("message,m", po::value<std::string>()->default_value(""),
                              "what the revision does")("autogenerate",
                                                        "derive the operations from the models")(
            "branch-label", po::value<std::vector<std::string>>(),
            "a branch label for the new revision (repeatable)")(
            "depends-on", po::value<std::vector<std::string>>(),
            "a revision on another branch the new one needs applied first, as a target "
            "(label@head, an id; repeatable)");
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
            "check", "fail instead of writing a revision when the models changed")(
            "init-url", po::value<std::string>(),
            "create the migrations directory first (as `strata init --url`) when it is missing");
    }
}

int run_scan(const invocation& call) {
    const std::string& command = call.name;
    const auto& options = call.options;
    auto vm = parse(call.args, options);
    if (vm.count("help")) {
        print_help(fmt::format("strata {} [options]", command), "", options);
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
    if (vm.count("depends-on")) {
        placement.depends_on = vm["depends-on"].as<std::vector<std::string>>();
    }
    if (command == "revision") {
        require_utf8_message(vm);
    }
    if (command == "revision" && !vm.count("autogenerate")) {
        if (vm["message"].as<std::string>().empty()) {
            missing_argument("a revision without --autogenerate needs a message (-m)",
                             "strata revision -d migrations -m \"backfill names\"");
        }
        gen::write_empty_revision(dir, vm["message"].as<std::string>(), std::cout, placement);
        return 0;
    }
    if (!vm.count("model")) {
        missing_argument(fmt::format("{} needs the model headers (--model, repeatable)", command),
                         fmt::format("strata {}{} -d migrations --model models/user.hpp", command,
                                     command == "revision" ? " --autogenerate" : ""));
    }
    if (command == "build" && vm.count("init-url") &&
        !std::filesystem::exists(dir / "strata.ini") &&
        (!std::filesystem::exists(dir) || std::filesystem::is_empty(dir))) {
        // add_migrations() on a directory that is not there yet (a first configure through
        // FetchContent, before any strata binary exists): create it like `strata init`.
        gen::init_migrations_dir(dir, vm["init-url"].as<std::string>());
        std::cout << fmt::format("strata: created migrations directory {} (database_url = {}); "
                                 "commit it with the first revision\n",
                                 dir.string(),
                                 strata::mask_password(vm["init-url"].as<std::string>()));
    }
    gen::autogenerate_request request{dir, scan_options_from(vm, call.self),
                                      vm.count("message") ? vm["message"].as<std::string>() : "",
                                      placement, revision_command(call.self, vm)};
    if (command == "build") {
        gen::require_declared_heads(dir);
    }
    const bool check_only = command == "check" || vm.count("check");
    auto result = gen::autogenerate(request, check_only, std::cout);
    if (command == "build") {
        gen::write_build_outputs(dir,
                                 {vm["aggregate"].as<std::string>(),
                                  vm["depfile"].as<std::string>(), vm["stamp"].as<std::string>()},
                                 result.opened_files);
    } else if (!result.written) {
        std::cout << "strata: the models match the snapshot; nothing to do\n";
    }
    return 0;
}

void add_merge_options(const std::string& /*name*/, po::options_description& options) {
    options.add_options()("message,m", po::value<std::string>()->default_value(""),
                          "message (default: merge <ids>)");
}

int run_merge(const invocation& call) {
    const auto& options = call.options;
    po::options_description hidden;
    hidden.add_options()("revisions", po::value<std::vector<std::string>>());
    po::positional_options_description positional;
    positional.add("revisions", -1);
    auto vm = parse(call.args, options, positional, hidden);
    if (vm.count("help")) {
        print_help("strata merge [options] [REVISION...]",
                   "  REVISION              a revision to merge (default: every head)\n", options);
        return 0;
    }
    require_utf8_message(vm);
    gen::write_merge_revision(vm["directory"].as<std::string>(),
                              vm.count("revisions") ? vm["revisions"].as<std::vector<std::string>>()
                                                    : std::vector<std::string>{},
                              vm["message"].as<std::string>(), std::cout);
    return 0;
}

void print_branches(const strata::revision_graph& graph, bool verbose) {
    for (const auto& rev : graph.revisions()) {
        const auto children = graph.children(rev.id);
        if (children.size() < 2) {
            continue;
        }
        print_revisions(graph, {rev.id}, verbose);
        for (const auto& child : children) {
            std::cout << "    -> " << strata::history_line(graph, *graph.get(child)) << '\n';
        }
    }
}

void add_listing_options(const std::string& command, po::options_description& options) {
    options.add_options()("verbose,v", "show every detail of each revision");
    if (command == "history") {
        options.add_options()("rev-range,r", po::value<std::string>()->default_value(":"),
                              "FROM:TO, e.g. base:head, abc:, :label@head");
    }
}

int run_listing(const invocation& call) {
    const std::string& command = call.name;
    const auto& options = call.options;
    po::options_description hidden;
    po::positional_options_description positional;
    if (command == "show") {
        hidden.add_options()("revision", po::value<std::string>());
        positional.add("revision", 1);
    }
    auto vm = parse(call.args, options, positional, hidden);
    if (vm.count("help")) {
        print_help(
            fmt::format("strata {} [options]{}", command, command == "show" ? " REVISION" : ""),
            command == "show"
                ? "  REVISION              the revision: id, prefix, head, label, REV-N...\n"
                : "",
            options);
        return 0;
    }
    if (command == "show" && !vm.count("revision")) {
        missing_argument("show needs a REVISION", "strata show -d migrations head");
    }
    const gen::migrations_dir dir(vm["directory"].as<std::string>());
    const auto files = dir.revisions();
    const auto graph = gen::make_graph(files);
    const bool verbose = vm.count("verbose") > 0;
    if (command == "heads") {
        print_revisions(graph, graph.heads(), verbose);
    } else if (command == "history") {
        auto ids = graph.range(vm["rev-range"].as<std::string>());
        std::reverse(ids.begin(), ids.end());
        print_revisions(graph, ids, verbose);
    } else if (command == "branches") {
        print_branches(graph, verbose);
    } else {
        const auto& target = vm["revision"].as<std::string>();
        const auto ids = graph.resolve(target);
        if (ids.empty()) {
            throw strata::revision_error(fmt::format(
                "'{}' is base, the empty database before the first revision: there is no "
                "revision to show; name an id, 'head' or a target such as 'base+1'",
                target));
        }
        for (const auto& id : ids) {
            std::cout << strata::history_entry(graph, *graph.get(id));
            for (const auto& file : files) {
                if (file.id == id) {
                    std::cout << "Path: " << file.file.string() << '\n';
                }
            }
        }
    }
    return 0;
}

void add_no_options(const std::string& /*name*/, po::options_description& /*options*/) {}

int run_repair(const invocation& call) {
    const auto& options = call.options;
    auto vm = parse(call.args, options);
    if (vm.count("help")) {
        print_help("strata repair-snapshot [options]", "", options);
        return 0;
    }
    (void)gen::repair_snapshot(vm["directory"].as<std::string>(), std::cout);
    return 0;
}

// An empty --base quietly meant the default, and one starting with '-' would reach git as
// an option of its own.
void require_git_ref(const std::string& ref) {
    if (ref.empty() || ref.front() == '-') {
        throw po::error(fmt::format("--base '{}' is not a git ref; name one such as origin/main, "
                                    "or leave --base out for the default",
                                    ref));
    }
}

void add_review_options(const std::string& command, po::options_description& options) {
    options.add_options()(
        "base", po::value<std::string>()->notifier(require_git_ref),
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
}

int run_review(const invocation& call) {
    const std::string& command = call.name;
    const auto& options = call.options;
    po::options_description hidden;
    hidden.add_options()("range", po::value<std::string>());
    po::positional_options_description positional;
    positional.add("range", 1);
    auto vm = parse(call.args, options, positional, hidden);
    if (vm.count("help")) {
        print_help(fmt::format("strata {} [options] [RANGE]", command),
                   "  RANGE                 FROM:TO or one revision; default: what the git "
                   "branch adds over its merge base\n",
                   options);
        return 0;
    }
    namespace review = strata::generator::review;
    review::review_request request{
        vm["directory"].as<std::string>(),
        vm.count("range") ? std::optional(vm["range"].as<std::string>()) : std::nullopt,
        vm.count("dialect") ? vm["dialect"].as<std::vector<std::string>>()
                            : std::vector<std::string>{},
        vm.count("base") ? vm["base"].as<std::string>() : std::string()};
    return command == "review"
               ? review::review_command(request, vm["format"].as<std::string>(), std::cout)
               : review::lint_command(request, vm["fail-on"].as<std::string>(), std::cout);
}

void add_squash_options(const std::string& /*name*/, po::options_description& options) {
    options.add_options()("message,m", po::value<std::string>()->default_value(""),
                          "message (default: squash of N revisions (FIRST..LAST))");
}

int run_squash(const invocation& call) {
    const auto& options = call.options;
    po::options_description hidden;
    hidden.add_options()("range", po::value<std::string>());
    po::positional_options_description positional;
    positional.add("range", 1);
    auto vm = parse(call.args, options, positional, hidden);
    if (vm.count("help")) {
        print_help("strata squash [options] [RANGE]",
                   "  RANGE                 FROM:TO, the revisions to replace (as `strata "
                   "review` takes it);\n                        default: base to the single "
                   "head\n",
                   options);
        return 0;
    }
    require_utf8_message(vm);
    (void)gen::squash(
        {vm["directory"].as<std::string>(),
         vm.count("range") ? std::optional(vm["range"].as<std::string>()) : std::nullopt,
         vm["message"].as<std::string>()},
        std::cout);
    return 0;
}

// The commands, in the order `strata --help` lists them.
const std::vector<command_spec>& commands() {
    static const std::vector<command_spec> specs{
        {"init",
         {{"init DIRECTORY [--url URL]", "create a migrations directory"}},
         add_init_options,
         run_init},
        {"revision",
         {{"revision -d DIR -m MESSAGE [--head TARGET] [--branch-label LABEL] [--depends-on "
           "TARGET]",
           "write an empty revision for a hand-written migration"},
          {"revision -d DIR --autogenerate [-m MESSAGE] --model HEADER...",
           "compare the models with the snapshot and write a revision"}},
         add_scan_command_options,
         run_scan},
        {"merge",
         {{"merge -d DIR [-m MESSAGE] [REVISION...]",
           "write a merge revision joining the heads (or REVISIONs)"}},
         add_merge_options,
         run_merge},
        {"squash",
         {{"squash -d DIR [RANGE] [-m MESSAGE]",
           "write one revision that replaces the range FROM:TO\n(default: every revision)"}},
         add_squash_options,
         run_squash},
        {"check",
         {{"check -d DIR --model HEADER...", "exit 1 when the models differ from the snapshot"}},
         add_scan_command_options,
         run_scan},
        {"repair-snapshot",
         {{"repair-snapshot -d DIR",
           "rewrite the snapshot from the revisions (after a merge conflict)"}},
         add_no_options,
         run_repair},
        {"heads",
         {{"heads -d DIR [--verbose]", "print the head revision(s)"}},
         add_listing_options,
         run_listing},
        {"branches",
         {{"branches -d DIR [--verbose]", "print the branch points and the branches leaving them"}},
         add_listing_options,
         run_listing},
        {"history",
         {{"history -d DIR [-r RANGE] [--verbose]",
           "print the revisions, newest first (RANGE: FROM:TO)"}},
         add_listing_options,
         run_listing},
        {"show",
         {{"show -d DIR REVISION", "print one revision (any target: id, prefix, head, label)"}},
         add_listing_options,
         run_listing},
        {"review",
         {{"review -d DIR [RANGE] [--format markdown|json]",
           "the revisions of this branch for a PR: operations, SQL\nper dialect, findings "
           "(default RANGE: what the branch adds)"}},
         add_review_options,
         run_review},
        {"lint",
         {{"lint -d DIR [RANGE] [--fail-on LEVEL]",
           "the same findings; exit 1 for any not acknowledged"}},
         add_review_options,
         run_review},
        {"build",
         {{"build ...", "the build step add_migrations() runs (not for hand use)"}},
         add_scan_command_options,
         run_scan},
    };
    return specs;
}

// `strata --help`: one row per usage line of the table. A synopsis too wide for the first
// column gets a line of its own; a summary's further lines stay in the second column.
std::string usage() {
    constexpr std::size_t column = 32;
    const std::string indent(column + 2, ' ');
    std::string text = "usage: strata <command> [options]\n\ncommands:\n";
    for (const auto& spec : commands()) {
        for (const auto& [synopsis, summary] : spec.usage) {
            text += synopsis.size() + 2 <= column ? fmt::format("  {:<{}}", synopsis, column)
                                                  : fmt::format("  {}\n{}", synopsis, indent);
            std::string_view rest = summary;
            for (auto newline = rest.find('\n'); newline != std::string_view::npos;
                 newline = rest.find('\n')) {
                text += fmt::format("{}\n{}", rest.substr(0, newline), indent);
                rest.remove_prefix(newline + 1);
            }
            text += fmt::format("{}\n", rest);
        }
    }
    return text + "\nRun `strata <command> --help` for the options of one command; `strata "
                  "--version` prints\nthe version.\n";
}

// The options @p spec accepts: --help, the migrations directory (every command but init,
// which takes it as its argument), then the command's own. Nested as groups, so that the
// help lists the command's own options first.
po::options_description options_of(const command_spec& spec) {
    // One caption: boost prints each group's own, and three "options:" read as a mistake.
    po::options_description common;
    common.add_options()("help,h", "show this help");
    po::options_description options("options");
    if (spec.name == "init") {
        options.add(common);
    } else {
        po::options_description dir_options;
        dir_options.add(common).add_options()(
            "directory,d",
            po::value<std::string>()->default_value("migrations")->notifier(require_directory_name),
            "the migrations directory");
        options.add(dir_options);
    }
    spec.add_options(spec.name, options);
    return options;
}

int run(const std::string& command, const std::vector<std::string>& args, const std::string& self) {
    const auto& specs = commands();
    const auto spec = std::find_if(specs.begin(), specs.end(), [&](const auto& candidate) {
        return candidate.name == command;
    });
    if (spec != specs.end()) {
        const auto options = options_of(*spec);
        return spec->run(invocation{command, args, options, self});
    }
    if (std::find(migrate_tool_commands.begin(), migrate_tool_commands.end(), command) !=
        migrate_tool_commands.end()) {
        std::cerr << fmt::format(
            "strata: error: '{}' is a command of your application's migrate tool, not of the "
            "generator; run `<app>_migrate {}` (add_migrations(<app> ...) builds it beside "
            "<app>)\n",
            command, command);
        return 2;
    }
    std::vector<std::string> names;
    for (const auto& candidate : specs) {
        names.push_back(candidate.name);
    }
    const auto guess = did_you_mean(command, names);
    std::cerr << fmt::format(
        "strata: error: unknown command '{}'{} run `strata --help` for the commands\n", command,
        guess.empty() ? ";" : guess);
    return 2;
}

// The spellings of every option of any command that takes a value (`-d`, `--directory`).
std::vector<std::string> options_with_value() {
    std::vector<std::string> names;
    for (const auto& spec : commands()) {
        const auto options = options_of(spec); // outlives the loop over its options
        for (const auto& option : options.options()) {
            if (option->semantic()->max_tokens() == 0) {
                continue;
            }
            names.push_back("--" + option->long_name());
            const std::string shortest =
                option->canonical_display_name(po::command_line_style::allow_dash_for_short);
            if (shortest.size() == 2 && shortest.front() == '-') {
                names.push_back(shortest);
            }
        }
    }
    return names;
}

// Options may come before the command (`strata -d migrations heads`): the command is the
// first argument that is neither an option nor an option's value.
std::optional<std::size_t> command_position(const std::vector<std::string>& args) {
    static const std::vector<std::string> with_value = options_with_value();
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i].empty() || args[i].front() != '-') {
            return i;
        }
        if (std::find(with_value.begin(), with_value.end(), args[i]) != with_value.end()) {
            ++i;
        }
    }
    return std::nullopt;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    const auto position = command_position(args);
    if (!position) {
        if (std::find(args.begin(), args.end(), "--version") != args.end()) {
            std::cout << "strata " << STRATA_VERSION_STRING << '\n';
            return 0;
        }
        if (std::find(args.begin(), args.end(), "--help") != args.end() ||
            std::find(args.begin(), args.end(), "-h") != args.end()) {
            std::cout << usage();
            return 0;
        }
        std::cerr << (args.empty() ? usage()
                                   : "strata: error: no command given; run `strata --help` for "
                                     "the commands\n");
        return 2;
    }
    const std::string command = args[*position];
    if (command == "help") {
        std::cout << usage();
        return 0;
    }
    args.erase(args.begin() + static_cast<std::ptrdiff_t>(*position));
    try {
        return run(command, args, self_path(argc > 0 ? argv[0] : nullptr));
    } catch (const gen::diagnostic_error& e) {
        std::cerr << e.what() << '\n';
        return 1;
    } catch (const gen::usage_error& e) {
        std::cerr << fmt::format("strata {}: error: {}\n", command, e.what());
        return 2;
    } catch (const po::error& e) {
        const std::string what = e.what();
        std::cerr << fmt::format("strata {}: error: {}{} run `strata {} --help` for the usage\n",
                                 command, what, what.ends_with('?') ? "" : ";", command);
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "strata: error: " << e.what() << '\n';
        return 1;
    }
}
