// The migrate tool's session: the settings, the database and the commands (session.hpp).

#include "session.hpp"

#include "strata/backend.hpp"
#include "strata/build_manifest.hpp"
#include "strata/cli.hpp"
#include "strata/connection.hpp"
#include "strata/detail/sqlite_url.hpp"
#include "strata/detail/tool_text.hpp"
#include "strata/detail/url.hpp"
#include "strata/error.hpp"
#include "strata/introspect.hpp"
#include "strata/migrator.hpp"
#include "strata/offline.hpp"
#include "strata/settings.hpp"
#include "strata/version.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <iostream>
#include <map>
#include <optional>

namespace strata::cli {
namespace {

/// Everything a command needs: the graph, the settings, the streams.
class session {
public:
    session(const parsed_command& cmd, const migrate_cli_options& options, std::ostream& out)
        : m_cmd(cmd), m_options(options), m_out(out),
          m_graph(options.revisions.empty() ? registered_revisions() : options.revisions) {
        if (cmd.has("--url")) {
            m_url = explicit_url(cmd.options.at("--url"), "--url");
            m_url_source = "--url";
        } else if (const char* env = std::getenv("STRATA_DATABASE_URL")) {
            // Set but empty is a mistake (a script's `--url "$PROD_URL"` with the variable
            // unset), never a reason to fall back to another database.
            m_url = explicit_url(env, "STRATA_DATABASE_URL");
            m_url_source = "STRATA_DATABASE_URL";
        }
        m_migrate.verify_checksums = !cmd.has("--ignore-checksums");
        m_migrate.checksum_override = fmt::format("run `{} {} --ignore-checksums` once",
                                                  options.program_name, cmd.spec->name);
        // All or nothing: the whole run in one transaction (migrate_options).
        m_migrate.transaction_per_migration = !cmd.has("--single-transaction");
        if (cmd.has("--single-transaction") && cmd.has("--sql")) {
            throw usage_error("--single-transaction applies to a migration run; the script "
                              "--sql prints has one transaction per revision");
        }
        m_migrate.log = [this](std::string_view line) { m_out << line << '\n'; };
        // strata.ini through the one reader; with --url it may be missing, not invalid.
        if (const auto ini = read_settings()) {
            if (m_url.empty()) {
                m_url = ini->database_url;
                m_url_source = ini_path();
            }
            apply_ini(*ini);
            if (ini->log_level == log_level::warning) {
                m_migrate.log = nullptr;
            }
        }
        if (cmd.has("--lock-timeout")) {
            m_migrate.lock_timeout =
                parse_seconds(cmd.options.at("--lock-timeout"), "--lock-timeout");
        }
        if (cmd.has("--ddl-lock-timeout")) {
            m_migrate.ddl_lock_timeout =
                parse_seconds(cmd.options.at("--ddl-lock-timeout"), "--ddl-lock-timeout");
        }
    }

    /// Takes the settings strata.ini gives besides the URL; flags override them later.
    void apply_ini(const ini_settings& ini) {
        if (!ini.version_table.empty()) {
            m_migrate.version_table = ini.version_table;
        }
        if (!ini.lock_timeout.empty()) {
            m_migrate.lock_timeout = parse_seconds(ini.lock_timeout, "lock_timeout in strata.ini");
        }
        if (!ini.ddl_lock_timeout.empty()) {
            m_migrate.ddl_lock_timeout =
                parse_seconds(ini.ddl_lock_timeout, "ddl_lock_timeout in strata.ini");
        }
    }

    /// The database URL the command works on (empty when none was given).
    [[nodiscard]] const std::string& url() const { return m_url; }

    int run() {
        const std::string& name = m_cmd.spec->name;
        if (name == "upgrade") {
            return upgrade();
        }
        if (name == "downgrade") {
            return downgrade();
        }
        if (name == "current") {
            return current();
        }
        if (name == "history") {
            return history();
        }
        if (name == "heads") {
            return heads();
        }
        if (name == "stamp") {
            return stamp();
        }
        return check();
    }

private:
    [[nodiscard]] std::string ini_path() const {
        return m_cmd.has("--config") ? m_cmd.options.at("--config") : m_options.ini_file;
    }

    /// strata.ini through the one reader every tool uses. A file that is not there is
    /// fine when --url or the environment names the database (unless --config named it);
    /// a file that is there must be valid.
    std::optional<ini_settings> read_settings() const {
        const auto path = ini_path();
        if (path.empty()) {
            return std::nullopt;
        }
        try {
            return read_ini(path);
        } catch (const settings_error& e) {
            if (e.line() != 0) {
                throw error(fmt::format("{}:{}: {}{}{}", e.file().string(), e.line(), e.reason(),
                                        e.hint().empty() ? "" : "; ", e.hint()));
            }
            if (!m_url.empty() && !m_cmd.has("--config")) {
                return std::nullopt;
            }
            throw error(fmt::format("cannot read strata.ini '{}'; pass --url, --config PATH or "
                                    "set STRATA_DATABASE_URL instead",
                                    path));
        }
    }

    [[nodiscard]] std::string target_or(std::string_view fallback) const {
        return m_cmd.positional.empty() ? std::string(fallback) : m_cmd.positional.front();
    }

    /// Resolves @p target before the database is opened when it needs no database (no
    /// `current`, no +N/-N), so a typo is refused before anything is announced or changed.
    void check_target(const std::string& target) const {
        if (target != "current" && target.find_first_of("+-") == std::string::npos) {
            (void)m_graph.resolve(target);
        }
    }

    /// A migrator over the application's revisions: the registered ones come with the
    /// build manifest (a start at head is one query, and reaching head records its digest).
    migrator make_migrator(connection& db) const {
        return m_options.revisions.empty() ? migrator(db, m_migrate)
                                           : migrator(db, m_options.revisions, m_migrate);
    }

    /// @p file made absolute when it is relative, else empty: `sqlite:///app.db` is
    /// relative to the working directory (not to strata.ini), which a message must show.
    static std::string resolved_file(const std::string& file) {
        if (file.empty() || std::filesystem::path(file).is_absolute()) {
            return {};
        }
        return std::filesystem::absolute(file).lexically_normal().string();
    }

    /// Opens the database. Commands that only read or take away (@p may_create false) refuse
    /// a SQLite file that does not exist rather than leave an empty one behind. Commands
    /// that change it (@p may_change) first say which database it is and where it came from.
    std::unique_ptr<connection> open(bool may_create = false, bool may_change = false) {
        std::string resolved; // a relative SQLite file as the working directory resolves it
        if (m_url.starts_with("sqlite://")) {
            // Checked as the backend checks it, so a malformed URL is named as such before
            // its file is looked for.
            const auto target = detail::parse_sqlite_url(m_url);
            resolved = resolved_file(target.file);
            if (!may_create && !target.file.empty() && !std::filesystem::exists(target.file)) {
                throw error(fmt::format("database '{}'{} does not exist; check the URL, or "
                                        "create it with `{} upgrade`",
                                        target.file,
                                        resolved.empty() ? "" : fmt::format(" ({})", resolved),
                                        m_options.program_name));
            }
        }
        if (m_url.empty()) {
            throw error(
                fmt::format("no database given; pass --url URL, set STRATA_DATABASE_URL, or set "
                            "database_url in {}",
                            ini_path().empty() ? std::string("strata.ini") : ini_path()));
        }
        auto db =
            connect(m_url, connect_options{m_migrate.lock_timeout, m_migrate.ddl_lock_timeout});
        if (may_change) {
            // Said before anything changes, so an operator sees at once when it is the
            // wrong database; the password is masked.
            m_out << fmt::format("{}: database {} ({}from {})\n", m_cmd.spec->name,
                                 db->display_url(), resolved.empty() ? "" : resolved + ", ",
                                 m_url_source);
        }
        return db;
    }

    // Offline mode needs only the dialect; the URL's scheme picks it, SQLite by default.
    [[nodiscard]] const dialect& offline_dialect() const {
        return backend_for_url(m_url.empty() ? std::string_view("sqlite://") : m_url).sql_dialect();
    }

    void print_script(const std::vector<sql_step>& steps, std::string_view from,
                      std::string_view to) {
        if (steps.empty()) {
            m_out << fmt::format("-- nothing to do from '{}' to '{}'\n", from, to);
            return;
        }
        m_out << render_sql_script(steps);
    }

    void report_done(const migration_report& report) {
        if (report.steps.empty()) {
            m_out << fmt::format("nothing to do: the database is at {}\n",
                                 report.current.empty()
                                     ? std::string("base")
                                     : fmt::format("{}", fmt::join(report.current, ", ")));
        }
    }

    int upgrade() {
        // Several heads in a build are declared branches (add_migrations refuses others).
        const auto* manifest = registered_build_manifest();
        const auto target =
            target_or(manifest != nullptr && manifest->heads.size() > 1 ? "heads" : "head");
        if (m_cmd.has("--sql")) {
            const auto colon = target.find(':');
            const std::string from = colon == std::string::npos ? "base" : target.substr(0, colon);
            const std::string to = colon == std::string::npos ? target : target.substr(colon + 1);
            print_script(offline_upgrade(m_graph, offline_dialect(), from.empty() ? "base" : from,
                                         to.empty() ? "head" : to, m_migrate),
                         from.empty() ? "base" : from, to.empty() ? "head" : to);
            return 0;
        }
        if (target.find(':') != std::string::npos) {
            throw usage_error(fmt::format("'{}' is a range, which only --sql takes; give one "
                                          "target, or add --sql",
                                          target));
        }
        check_target(target);
        auto db = open(true, true);
        auto m = make_migrator(*db);
        report_done(m.upgrade(target));
        return 0;
    }

    int downgrade() {
        const auto target = target_or("-1");
        if (m_cmd.has("--sql")) {
            const auto colon = target.find(':');
            if (colon == std::string::npos || colon == 0 || colon + 1 == target.size()) {
                throw usage_error(fmt::format(
                    "downgrade --sql needs FROM:TO, e.g. 'head:-1' or 'head:base' (offline "
                    "there is no database to start from); got '{}'",
                    target));
            }
            const std::string from = target.substr(0, colon);
            const std::string to = target.substr(colon + 1);
            print_script(offline_downgrade(m_graph, offline_dialect(), from, to, m_migrate), from,
                         to);
            return 0;
        }
        if (target.find(':') != std::string::npos) {
            throw usage_error(fmt::format("'{}' is a range, which only --sql takes; give one "
                                          "target, or add --sql",
                                          target));
        }
        check_target(target);
        auto db = open(false, true);
        auto m = make_migrator(*db);
        report_done(m.downgrade(target));
        return 0;
    }

    void print_revision(const revision& rev) {
        m_out << (m_cmd.has("--verbose") ? history_entry(m_graph, rev) + "\n"
                                         : history_line(m_graph, rev) + "\n");
    }

    int current() {
        auto db = open();
        auto m = make_migrator(*db);
        const auto ids = m.current();
        if (ids.empty()) {
            m_out << "base (no revision applied)\n";
        }
        for (const auto& id : ids) {
            if (const revision* rev = m_graph.get(id)) {
                print_revision(*rev);
            } else {
                m_out << fmt::format("{} (not known to this application)\n", id);
            }
        }
        return 0;
    }

    int history() {
        const auto range = m_cmd.has("--rev-range") ? m_cmd.options.at("--rev-range") : ":";
        std::optional<std::vector<std::string>> at;
        if (range.find("current") != std::string::npos) {
            auto db = open();
            auto m = make_migrator(*db);
            at = m.current();
            for (const auto& id : *at) {
                if (m_graph.get(id) == nullptr) {
                    throw revision_error(unknown_revision_message(id));
                }
            }
        }
        const auto ids = m_graph.range(range, at);
        for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
            print_revision(*m_graph.get(*it));
        }
        return 0;
    }

    int heads() {
        for (const auto& id : m_graph.heads()) {
            print_revision(*m_graph.get(id));
        }
        return 0;
    }

    int stamp() {
        if (m_cmd.positional.empty()) {
            throw usage_error(
                "stamp needs a TARGET, e.g. 'head' to adopt a database whose schema is already "
                "at head");
        }
        if (m_cmd.has("--ignore-checksums")) {
            throw usage_error("stamp runs no revision, so it checks no checksums and has "
                              "nothing to ignore; drop --ignore-checksums (upgrade and "
                              "downgrade take it)");
        }
        check_target(m_cmd.positional.front());
        // Like current, check and downgrade: stamping a file that is not there would leave
        // an empty database that claims to be at the target.
        auto db = open(false, true);
        auto m = make_migrator(*db);
        (void)m.stamp(m_cmd.positional.front(), m_cmd.has("--purge"));
        return 0;
    }

    static std::string unknown_revision_message(const std::string& id) {
        return fmt::format("the database is at revision '{}', which this application does not "
                           "know; deploy the build that has it, or stamp the database to a "
                           "revision this build knows",
                           id);
    }

    int check() {
        auto db = open();
        auto m = make_migrator(*db);
        const auto ids = m.current();
        for (const auto& id : ids) {
            if (m_graph.get(id) == nullptr) {
                throw revision_error(unknown_revision_message(id));
            }
        }
        const auto heads = m_graph.heads();
        std::vector<std::string> differences;
        if (m_graph.heads_of(m_graph.closure(ids)) != heads) {
            differences.push_back(fmt::format(
                "the database is at {}, the application's head is {}; run `{} upgrade`",
                ids.empty() ? std::string("base") : fmt::format("{}", fmt::join(ids, ", ")),
                heads.empty() ? std::string("base") : fmt::format("{}", fmt::join(heads, ", ")),
                m_options.program_name));
        }
        // Through the database's own spelling (SQLite keeps no comments, PostgreSQL
        // rewrites expressions), so a database strata just migrated shows no drift.
        const auto expected = canonical_form(*db, schema_at(m_graph, heads));
        const auto actual = introspect(*db, m_migrate.version_table);
        for (auto& line : schema_differences(expected, actual, db->sql_dialect())) {
            differences.push_back(std::move(line));
        }
        if (differences.empty()) {
            m_out << fmt::format("the database matches head ({} table(s))\n",
                                 expected.tables.size());
            return 0;
        }
        for (const auto& line : differences) {
            m_out << "  " << line << '\n';
        }
        throw error(fmt::format("the database differs from the application's head: {} "
                                "difference(s), listed above",
                                differences.size()));
    }

    const parsed_command& m_cmd;
    const migrate_cli_options& m_options;
    std::ostream& m_out;
    revision_graph m_graph;
    std::string m_url;
    std::string m_url_source = "strata.ini"; // where m_url came from, for the announcement
    migrate_options m_migrate;
};

} // namespace

int run_session(const parsed_command& cmd, const migrate_cli_options& options, std::ostream& out,
                std::string& url) {
    session s(cmd, options, out);
    url = s.url();
    return s.run();
}

} // namespace strata::cli
