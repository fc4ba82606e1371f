// Crash-safe revisions without transactional DDL (progress.hpp).

#include "progress.hpp"

#include "bookkeeping.hpp"
#include "strata/detail/overloaded.hpp"
#include "strata/detail/progress_table.hpp"
#include "strata/error.hpp"
#include "strata/introspect.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace strata::detail {
namespace {

// The statement text kept for the operator: the first 500 characters, cut at a UTF-8
// character boundary (a strict server refuses half a character).
std::string excerpt(const std::string& sql) {
    constexpr std::size_t limit = 500;
    if (sql.size() <= limit) {
        return sql;
    }
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(sql[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    return sql.substr(0, cut);
}

// The first keyword of @p sql, upper-cased, after white space, comments and parentheses.
std::string first_keyword(std::string_view sql) {
    std::size_t i = 0;
    while (i < sql.size()) {
        const char c = sql[i];
        if (std::isspace(static_cast<unsigned char>(c)) || c == '(') {
            ++i;
        } else if (sql.substr(i, 2) == "--" || c == '#') {
            const auto end = sql.find('\n', i);
            i = end == std::string_view::npos ? sql.size() : end + 1;
        } else if (sql.substr(i, 2) == "/*") {
            const auto end = sql.find("*/", i + 2);
            i = end == std::string_view::npos ? sql.size() : end + 2;
        } else {
            break;
        }
    }
    std::string word;
    for (; i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])); ++i) {
        word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
    }
    return word;
}

// Whether @p sql holds more than one statement (text after a ';' outside quotes).
bool several_statements(std::string_view sql) {
    char quote = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (quote != 0) {
            if (c == '\\' && quote != '`') {
                ++i;
            } else if (c == quote) {
                quote = 0;
            }
        } else if (c == '\'' || c == '"' || c == '`') {
            quote = c;
        } else if (c == ';') {
            const auto rest = sql.substr(i + 1);
            if (rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
                return true;
            }
        }
    }
    return false;
}

template <class List, class Name>
bool has_named(const List& list, std::string_view name, Name name_of) {
    return std::any_of(list.begin(), list.end(), [&](const auto& x) { return name_of(x) == name; });
}

effect presence(bool present) {
    return present ? effect::present : effect::absent;
}

bool has_index(const table& t, std::string_view name) {
    return has_named(t.indexes, name, [](const index& i) { return i.name; }) ||
           has_named(t.uniques, name, [](const unique_constraint& u) { return u.name; });
}

// A column compared as the database stores it; the key flag belongs to alter_primary_key.
bool same_column(column a, column b) {
    a.primary_key = b.primary_key = false;
    return a == b;
}

// @p definition as the database behind @p db stores it, or nothing when it cannot say.
std::optional<column> stored_form(connection& db, const std::string& table_name,
                                  column definition) {
    try {
        definition.primary_key = definition.primary_key || definition.autoincrement;
        schema probe{{table{table_name, {definition}}}};
        const auto canonical = canonical_form(db, probe);
        if (canonical.tables.size() == 1 && canonical.tables[0].columns.size() == 1) {
            return canonical.tables[0].columns[0];
        }
    } catch (const error&) {
        // No stored form to compare with: the caller reports the state as unknown.
    }
    return std::nullopt;
}

// alter_column's effect: the column reads back as its new definition, or still as its old.
effect altered(connection& db, const ops::alter_column& o, const table& t) {
    const column* now_to = t.find_column(o.to.name);
    const column* now_from = t.find_column(o.from.name);
    const auto to = stored_form(db, o.table_name, o.to);
    const auto from = stored_form(db, o.table_name, o.from);
    if (now_to != nullptr && to && same_column(*now_to, *to) &&
        (o.from.name == o.to.name || now_from == nullptr)) {
        return effect::present;
    }
    if (now_from != nullptr && from && same_column(*now_from, *from) &&
        (o.from.name == o.to.name || now_to == nullptr)) {
        return effect::absent;
    }
    return effect::unknown;
}

// A rename's effect: the new name there and the old one gone, or the other way round.
effect renamed(bool old_there, bool new_there) {
    if (new_there && !old_there) {
        return effect::present;
    }
    return old_there && !new_there ? effect::absent : effect::unknown;
}
} // namespace

std::string create_progress_table_sql(const dialect& d, std::string_view table) {
    return fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                       "    revision VARCHAR(32) NOT NULL,\n"
                       "    direction VARCHAR(9) NOT NULL,\n"
                       "    statement_index INT NOT NULL,\n"
                       "    state VARCHAR(8) NOT NULL,\n"
                       "    checksum VARCHAR(64) NOT NULL,\n"
                       "    statement_text VARCHAR(500) NOT NULL,\n"
                       "    PRIMARY KEY (revision, direction, statement_index)\n"
                       ")",
                       d.quote_identifier(table));
}

void refuse_interrupted(connection& db, const bookkeeping_tables& tables) {
    const auto table = progress_table_name(tables.version_table);
    if (!db.has_table(table)) {
        return;
    }
    const auto rows = db.query(
        fmt::format("SELECT revision, direction, COUNT(*) FROM {} GROUP BY revision, direction",
                    db.sql_dialect().quote_identifier(table)));
    if (rows.empty()) {
        return;
    }
    const auto& r = rows.front();
    throw revision_error(fmt::format(
        "the {0} of revision '{1}' was interrupted ({2} statement(s) recorded in '{3}') and "
        "this run has nothing to do that would finish it; finish it first: {0} to '{1}'{4}",
        r.at(1).value_or(""), r.at(0).value_or(""), r.at(2).value_or("0"), table,
        r.at(1) == "upgrade" ? "" : "'s parent"));
}

bool is_data_statement(std::string_view sql) {
    static const std::vector<std::string> data = {"INSERT", "UPDATE", "DELETE", "REPLACE",
                                                  "SELECT", "WITH",   "DO"};
    const auto keyword = first_keyword(sql);
    return std::find(data.begin(), data.end(), keyword) != data.end() && !several_statements(sql);
}

effect effect_of(connection& db, const operation& op, const schema& now) {
    const auto table_of = [&](std::string_view name) { return now.find_table(name); };
    return std::visit(
        detail::overloaded{
            [&](const ops::create_table& o) { return presence(table_of(o.definition.name)); },
            [&](const ops::drop_table& o) { return presence(!table_of(o.table_name)); },
            [&](const ops::rename_table& o) {
                return renamed(table_of(o.old_name), table_of(o.new_name));
            },
            [&](const ops::execute_sql&) { return effect::unknown; },
            [&](const auto& o) {
                const table* t = table_of(o.table_name);
                if (t == nullptr) {
                    return effect::unknown;
                }
                using op_type = std::decay_t<decltype(o)>;
                if constexpr (std::is_same_v<op_type, ops::add_column>) {
                    return presence(t->find_column(o.definition.name));
                } else if constexpr (std::is_same_v<op_type, ops::drop_column>) {
                    return presence(!t->find_column(o.column_name));
                } else if constexpr (std::is_same_v<op_type, ops::rename_column>) {
                    return renamed(t->find_column(o.old_name), t->find_column(o.new_name));
                } else if constexpr (std::is_same_v<op_type, ops::alter_column>) {
                    return altered(db, o, *t);
                } else if constexpr (std::is_same_v<op_type, ops::alter_primary_key>) {
                    if (t->primary_key() == o.to_columns) {
                        return effect::present;
                    }
                    return t->primary_key() == o.from_columns ? effect::absent : effect::unknown;
                } else if constexpr (std::is_same_v<op_type, ops::create_index>) {
                    return presence(has_index(*t, o.definition.name));
                } else if constexpr (std::is_same_v<op_type, ops::drop_index>) {
                    return presence(!has_index(*t, o.index_name));
                } else if constexpr (std::is_same_v<op_type, ops::add_unique>) {
                    return presence(has_index(*t, o.definition.name));
                } else if constexpr (std::is_same_v<op_type, ops::drop_unique>) {
                    return presence(!has_index(*t, o.constraint_name));
                } else if constexpr (std::is_same_v<op_type, ops::add_foreign_key>) {
                    return presence(has_named(t->foreign_keys, o.definition.name,
                                              [](const foreign_key& k) { return k.name; }));
                } else if constexpr (std::is_same_v<op_type, ops::drop_foreign_key>) {
                    return presence(!has_named(t->foreign_keys, o.constraint_name,
                                               [](const foreign_key& k) { return k.name; }));
                } else if constexpr (std::is_same_v<op_type, ops::add_check>) {
                    return presence(has_named(t->checks, o.definition.name,
                                              [](const check_constraint& c) { return c.name; }));
                } else if constexpr (std::is_same_v<op_type, ops::drop_check>) {
                    return presence(!has_named(t->checks, o.constraint_name,
                                               [](const check_constraint& c) { return c.name; }));
                } else {
                    static_assert(std::is_same_v<op_type, ops::set_table_comment>);
                    // Setting a comment again changes nothing: done or not, it may run.
                    return presence(t->comment == o.comment);
                }
            },
        },
        op);
}

progress_sink::progress_sink(statement_sink& inner, connection& db, const revision_step& step,
                             const bookkeeping_tables& tables, const migrate_options& options,
                             bool prepared)
    : m_inner(inner), m_db(db), m_step(step), m_table(progress_table_name(tables.version_table)),
      m_version_table(tables.version_table), m_options(options), m_prepared(prepared) {}

std::string progress_sink::where_revision() const {
    const auto& d = m_db.sql_dialect();
    return fmt::format("revision = {} AND direction = {}", d.quote_literal(m_step.rev->id),
                       d.quote_literal(m_step.is_upgrade ? "upgrade" : "downgrade"));
}

void progress_sink::log(const std::string& line) const {
    if (m_options.log) {
        m_options.log(line);
    }
}

void progress_sink::begin_revision(const revision& rev) {
    m_inner.begin_revision(rev);
    const auto& d = m_db.sql_dialect();
    // Once per run: CREATE TABLE commits on MySQL even when the table exists, and no other
    // instance can write a digest while this run holds the migration lock (a start-up's
    // try_begin_exclusive() takes the same lock), so one clearing lasts until a step of
    // this run writes one itself (migrator::run_state::progress_prepared).
    if (!m_prepared) {
        m_db.execute(create_progress_table_sql(d, m_table));
        // Until the revision's bookkeeping commits, the database is not what any build's
        // digest describes: the one-query start-up (migrator::at_build_head()) must look.
        if (m_db.has_table(m_version_table)) {
            m_db.execute(clear_digest_sql(d, m_version_table));
        }
    }
    const auto rows =
        m_db.query(fmt::format("SELECT revision, direction, statement_index, state, checksum, "
                               "statement_text FROM {} ORDER BY statement_index",
                               d.quote_identifier(m_table)));
    const std::string direction = m_step.is_upgrade ? "upgrade" : "downgrade";
    m_recorded = {};
    for (const auto& r : rows) {
        const std::string id = r.at(0).value_or("");
        const std::string their_direction = r.at(1).value_or("");
        if (id != rev.id || their_direction != direction) {
            throw revision_error(fmt::format(
                "the {} of revision '{}' was interrupted (its statement {} is recorded '{}' in "
                "'{}'), and this run would {} {} first; finish the interrupted revision first: "
                "{} to '{}'{}",
                their_direction, id, std::stoul(r.at(2).value_or("0")) + 1, r.at(3).value_or(""),
                m_table, direction, describe(rev), their_direction, id,
                their_direction == "upgrade" ? "" : "'s parent"));
        }
        if (r.at(4).value_or("") != m_step.checksum) {
            throw revision_error(fmt::format(
                "{} was interrupted half-way, and its operations changed since (checksum {} "
                "then, {} now): strata cannot continue an edited revision; restore the revision "
                "as it was, migrate, and put the change in a new revision",
                describe(rev), r.at(4).value_or("").substr(0, 12), m_step.checksum.substr(0, 12)));
        }
        const auto index = static_cast<std::size_t>(std::stoul(r.at(2).value_or("0")));
        if (r.at(3) == "done") {
            m_recorded.done.push_back(index);
        } else {
            m_recorded.running = index;
            m_recorded.running_sql = r.at(5).value_or("");
        }
    }
    if (!rows.empty()) {
        log(fmt::format("{}: continuing the {} a previous run left after {} statement(s){}",
                        describe(rev), direction, m_recorded.done.size(),
                        m_recorded.running
                            ? fmt::format(" (statement {} was running)", *m_recorded.running + 1)
                            : std::string()));
    }
}

bool progress_sink::was_done(std::size_t index) const {
    return std::find(m_recorded.done.begin(), m_recorded.done.end(), index) !=
           m_recorded.done.end();
}

void progress_sink::write_state(std::size_t index, std::string_view state, const std::string& sql) {
    const auto& d = m_db.sql_dialect();
    const auto values = [&](std::size_t i, std::string_view st, const std::string& text) {
        return fmt::format("({}, {}, {}, {}, {}, {})", d.quote_literal(m_step.rev->id),
                           d.quote_literal(m_step.is_upgrade ? "upgrade" : "downgrade"), i,
                           d.quote_literal(st), d.quote_literal(m_step.checksum),
                           d.quote_literal(excerpt(text)));
    };
    std::string rows = values(index, state, sql);
    if (m_pending_done) {
        rows += ", " + values(*m_pending_done, "done", m_pending_sql);
    }
    // One statement, so one commit: the row replaces one a run left for the same statement,
    // and the previous DDL statement's 'done' travels with it. (The progress table exists
    // only where DDL is not transactional: MySQL and MariaDB, whose syntax this is.)
    m_db.execute(fmt::format("INSERT INTO {} (revision, direction, statement_index, state, "
                             "checksum, statement_text) VALUES {} ON DUPLICATE KEY UPDATE "
                             "state = VALUES(state), checksum = VALUES(checksum), "
                             "statement_text = VALUES(statement_text)",
                             d.quote_identifier(m_table), rows));
    m_pending_done.reset();
}

bool progress_sink::effect_is_decidable(std::size_t index, const std::string& sql) const {
    // One statement per operation on this dialect (see running_took_effect()).
    return index < m_step.ops.size() &&
           !std::holds_alternative<ops::execute_sql>(m_step.ops[index]) && !sql.empty();
}

void progress_sink::write_pending_done() {
    // Where no record of its own carries it (write_state() does when it can).
    if (m_pending_done) {
        const std::size_t pending = *m_pending_done;
        m_pending_done.reset();
        mark_done(pending);
    }
}

void progress_sink::mark_done(std::size_t index) {
    write_pending_done();
    m_db.execute(fmt::format("UPDATE {} SET state = 'done' WHERE {} AND statement_index = {}",
                             m_db.sql_dialect().quote_identifier(m_table), where_revision(),
                             index));
}

void progress_sink::forget(std::size_t index) {
    write_pending_done();
    m_db.execute(fmt::format("DELETE FROM {} WHERE {} AND statement_index = {}",
                             m_db.sql_dialect().quote_identifier(m_table), where_revision(),
                             index));
}

std::string progress_sink::resolve_hint(std::size_t index) const {
    const auto table = m_db.sql_dialect().quote_identifier(m_table);
    return fmt::format("\n    if it took effect:   UPDATE {0} SET state = 'done' WHERE {1} AND "
                       "statement_index = {2};"
                       "\n    if it did not:       DELETE FROM {0} WHERE {1} AND "
                       "statement_index = {2};",
                       table, where_revision(), index);
}

bool progress_sink::running_took_effect(std::size_t index, const std::string& sql) {
    const auto& ops = m_step.ops;
    // One statement per operation on a dialect without transactional DDL (the MySQL
    // dialect's rule), so statement i is operation i; hand-written SQL is checked to be so.
    effect found = effect::unknown;
    if (index < ops.size()) {
        const auto* text = std::get_if<ops::execute_sql>(&ops[index]);
        if (text == nullptr || text->sql == sql) {
            const auto now = introspect(m_db, m_options.version_table, m_options.history_table);
            found = effect_of(m_db, ops[index], now);
        }
    }
    if (found == effect::unknown) {
        throw migration_error(
            fmt::format("{} was interrupted: its statement {} was running when the previous "
                        "migrator stopped, and whether it took effect cannot be read from the "
                        "database (hand-written SQL). The statements before it are done and "
                        "never run again. Look at the database, record what happened in '{}', "
                        "and start again:{}",
                        describe(*m_step.rev), index + 1, m_table, resolve_hint(index)),
            m_step.rev->id, sql);
    }
    log(fmt::format("{}: statement {} {} before the interruption", describe(*m_step.rev), index + 1,
                    found == effect::present ? "had taken effect" : "had not run"));
    return found == effect::present;
}

void progress_sink::statement(std::size_t index, const std::string& sql) {
    if (was_done(index)) {
        return; // ran before the interruption
    }
    if (m_recorded.running == index && running_took_effect(index, sql)) {
        mark_done(index);
        return;
    }
    if (is_data_statement(sql)) {
        // Rows roll back: the statement and its record commit together.
        m_db.begin_exclusive();
        try {
            m_inner.statement(index, sql);
            write_state(index, "done", sql);
            m_db.commit();
        } catch (...) {
            m_db.rollback();
            throw;
        }
        return;
    }
    write_state(index, "running", sql);
    try {
        m_inner.statement(index, sql);
    } catch (const connection_error&) {
        throw; // the outcome is unknown: the record stays 'running' for the next start
    } catch (const database_error&) {
        // The server refused it: a DDL statement is atomic (MariaDB 10.6+, MySQL 8), so it
        // did not run, and the next start runs it again.
        forget(index);
        throw;
    }
    if (effect_is_decidable(index, sql)) {
        // Its 'done' goes with the next record, or is made moot by end_revision(), which
        // deletes the revision's rows with the bookkeeping: one commit fewer per statement.
        // A kill before either leaves it 'running', and the next start finds its effect.
        m_pending_done = index;
        m_pending_sql = sql;
        return;
    }
    mark_done(index); // hand-written DDL: its effect cannot be looked for
}

void progress_sink::end_revision(const revision& rev) {
    // In the bookkeeping's transaction: the version rows and the end of the record commit
    // together.
    m_db.execute(fmt::format("DELETE FROM {} WHERE {}",
                             m_db.sql_dialect().quote_identifier(m_table), where_revision()));
    m_pending_done.reset(); // deleted with the rest, in the same transaction
    m_inner.end_revision(rev);
}

} // namespace strata::detail
