#include "strata/migrator.hpp"

#include "bookkeeping.hpp"
#include "progress.hpp"
#include "strata/detail/text.hpp"
#include "strata/dialect.hpp"
#include "strata/error.hpp"
#include "strata/fingerprint.hpp"
#include "strata/introspect.hpp"
#include "strata/revision.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <optional>
#include <unordered_set>

namespace strata {
namespace {
using detail::describe;
using detail::operations_of;
using detail::parents_or_base;
using detail::quoted_list;

std::string first_chars(const std::string& checksum) {
    return checksum.substr(0, 12);
}
} // namespace

migrator::migrator(connection& db, migrate_options options)
    : m_db(db), m_registered(&registered_revisions()), m_manifest(registered_build_manifest()),
      m_options(std::move(options)) {
    if (m_manifest == nullptr) {
        (void)graph(); // unchecked by a build: check now, as the other constructor does
    } else if (!m_manifest->version_table.empty() &&
               m_options.version_table == migrate_options{}.version_table) {
        m_options.version_table = m_manifest->version_table; // strata.ini's
    }
    if (!m_options.schema.empty()) {
        m_db.use_schema(m_options.schema);
    }
}

migrator::migrator(connection& db, std::vector<revision> revisions, migrate_options options)
    : m_db(db), m_graph(std::in_place, std::move(revisions)), m_options(std::move(options)) {
    if (!m_options.schema.empty()) {
        m_db.use_schema(m_options.schema);
    }
}

const revision_graph& migrator::graph() const {
    if (!m_graph) {
        m_graph.emplace(*m_registered);
    }
    return *m_graph;
}

std::vector<std::string> migrator::current() {
    if (!m_db.has_table(m_options.version_table)) {
        return {};
    }
    return read_versions(false).ids;
}

migrator::stored_versions migrator::read_versions(bool with_digest) {
    stored_versions result;
    const auto table = m_db.sql_dialect().quote_identifier(m_options.version_table);
    const auto rows =
        m_db.query(with_digest ? fmt::format("SELECT version_num, chain_digest FROM {}", table)
                               : fmt::format("SELECT version_num FROM {}", table));
    result.digest_matches = with_digest && m_manifest != nullptr && !rows.empty();
    for (const auto& r : rows) {
        if (!r.empty() && r.front()) {
            result.ids.push_back(*r.front());
        }
        if (result.digest_matches && (r.size() < 2 || r[1] != m_manifest->digest)) {
            result.digest_matches = false;
        }
    }
    std::sort(result.ids.begin(), result.ids.end());
    return result;
}

bool migrator::at_build_head() {
    if (m_manifest == nullptr) {
        return false;
    }
    stored_versions stored;
    try {
        // No has_table() first: one query is the whole cost when the answer is yes. A
        // missing table, or one from before the digest column, fails; the full way then
        // finds out what is there.
        stored = read_versions(true);
    } catch (const database_error&) {
        return false;
    }
    return stored.digest_matches && stored.ids == m_manifest->heads;
}

std::optional<std::string> migrator::digest_for(std::vector<std::string> after) const {
    std::sort(after.begin(), after.end());
    if (m_manifest == nullptr || after != m_manifest->heads) {
        return std::nullopt;
    }
    return m_manifest->digest;
}

std::vector<std::string> migrator::applied_revisions() {
    return applied_revisions(current());
}

std::vector<std::string> migrator::applied_revisions(const std::vector<std::string>& stored) {
    // A row naming a revision a squash replaced (and whose file is gone) means the squash.
    std::vector<std::string> versions;
    versions.reserve(stored.size());
    for (const auto& id : stored) {
        versions.push_back(graph().canonical(id));
    }
    for (const auto& id : versions) {
        if (const auto squash = graph().replaced_by(id)) {
            throw revision_error(fmt::format(
                "database is at revision '{}', in the middle of the revisions squash '{}' "
                "replaced, and their files were deleted before every database had passed them; "
                "restore them (`git log --diff-filter=D -- <migrations>/versions` finds them), "
                "upgrade this database, then delete them again",
                id, *squash));
        }
        if (graph().get(id) == nullptr) {
            // Never guess a downgrade path: the revision's code is not in this build.
            throw revision_error(fmt::format(
                "database is at revision '{}', which this application does not know: its file "
                "was deleted from versions/ after the database applied it, or the code is older "
                "than the database; restore the revision file (`git log --diff-filter=D -- "
                "<migrations>/versions` finds it) or deploy the newer build, or stamp the "
                "database to a revision this build knows if that is really intended",
                id));
        }
    }
    return graph().closure(versions);
}

void migrator::take_migration_lock() {
    if (!m_options.log) {
        m_db.lock_migrations(m_options.lock_timeout);
        return;
    }
    try {
        m_db.lock_migrations(std::chrono::milliseconds(0));
    } catch (const lock_timeout_error&) {
        log_wait("the migration lock");
        m_db.lock_migrations(m_options.lock_timeout);
    }
}

void migrator::log_wait(std::string_view what) {
    if (m_said_waiting || !m_options.log) {
        return;
    }
    m_said_waiting = true;
    m_options.log(fmt::format("waiting for {} on '{}': another instance is migrating it "
                              "(waiting up to {:g} s; lock_timeout sets the limit)",
                              what, m_db.display_url(),
                              static_cast<double>(m_options.lock_timeout.count()) / 1000.0));
}

void migrator::lock() {
    try {
        // Tried without waiting first, so that a starter that must wait says so once.
        if (m_options.log && !m_said_waiting && m_db.try_begin_exclusive()) {
            return;
        }
        if (m_options.log) {
            log_wait("the write lock");
        }
        m_db.begin_exclusive();
    } catch (const database_error& e) {
        throw database_error(
            fmt::format("cannot lock database '{}' for migrating: {}; another instance is "
                        "probably migrating it and held the lock longer than the lock timeout: "
                        "try again, or raise the lock timeout (--lock-timeout SECONDS, "
                        "lock_timeout in strata.ini, or migrate_options::lock_timeout)",
                        m_db.display_url(), e.what()),
            e.statement(), e.code());
    }
}

bool migrator::ensure_bookkeeping(bool is_upgrade) {
    const dialect& d = m_db.sql_dialect();
    const bool has_versions = m_db.has_table(m_options.version_table);
    if (is_upgrade && !has_versions) {
        m_db.execute(detail::create_version_table_sql(d, m_options.version_table));
    } else if (has_versions && !m_db.has_column(m_options.version_table, "chain_digest")) {
        // A version table from before build manifests gets the column at its next run.
        m_db.execute(detail::add_digest_column_sql(d, m_options.version_table));
    }
    // A database from before the history table gets one at its next migration.
    if ((is_upgrade || has_versions) && !m_db.has_table(m_options.history_table)) {
        m_db.execute(detail::create_history_table_sql(d, m_options.history_table));
    }
    return is_upgrade || has_versions;
}

const std::string& migrator::upgrade_checksum(const revision& rev) {
    auto it = m_checksums.find(rev.id);
    if (it == m_checksums.end()) {
        it = m_checksums.emplace(rev.id, fingerprint(operations_of(rev, true))).first;
    }
    return it->second;
}

void migrator::record_history(const std::string& revision_id, std::string_view direction,
                              const std::string& checksum, std::chrono::milliseconds duration) {
    m_db.execute(detail::history_row_sql(m_db.sql_dialect(), m_options.history_table, revision_id,
                                         direction, checksum, duration));
}

void migrator::verify_checksums(const std::vector<std::string>& applied) {
    if (!m_db.has_table(m_options.history_table)) {
        return;
    }
    // The latest upgrade or acceptance of each revision is what the database was given.
    std::map<std::string, std::pair<std::string, std::string>, std::less<>> recorded;
    // The latest row of each revision, to find one applied and never reverted.
    std::map<std::string, std::string, std::less<>> last_direction;
    for (const auto& r : m_db.query(
             fmt::format("SELECT revision, checksum, applied_at, direction FROM {} ORDER BY seq",
                         m_db.sql_dialect().quote_identifier(m_options.history_table)))) {
        const auto direction = r.at(3).value_or("");
        last_direction[r.at(0).value_or("")] = direction;
        if (direction == "upgrade" || direction == "accept") {
            recorded[r.at(0).value_or("")] = {r.at(1).value_or(""), r.at(2).value_or("")};
        }
    }
    // A revision the database applied and still has, whose code this build lacks: its file
    // was deleted (and the history rewired around it), so the schema has changes no
    // revision of this build describes.
    for (const auto& [id, direction] : last_direction) {
        // A revision a squash replaced is in the build as the squash.
        if ((direction == "upgrade" || direction == "accept") && graph().get(id) == nullptr &&
            !graph().replaced(id)) {
            if (!m_options.verify_checksums) {
                // Accepted: a 'forget' row ends the revision's record, so the next start with
                // the check on passes.
                record_history(id, "forget", "", std::chrono::milliseconds(0));
                m_db.execute(detail::clear_digest_sql(m_db.sql_dialect(), m_options.version_table));
                if (m_options.log) {
                    m_options.log(fmt::format("forgot revision '{}', applied at {} but missing "
                                              "from this build",
                                              id, recorded[id].second));
                }
                continue;
            }
            throw revision_error(fmt::format(
                "the database applied revision '{}' at {}, which is missing from this build: "
                "its file was deleted from versions/ after the database applied it; restore the "
                "revision file (`git log --diff-filter=D -- <migrations>/versions` finds it), or, "
                "if the database really matches this build, migrate once with "
                "migrate_options::verify_checksums = false to accept it",
                id, recorded[id].second));
        }
    }
    for (const auto& id : applied) {
        const auto it = recorded.find(id);
        const revision* rev = graph().get(id);
        if (it == recorded.end() || rev == nullptr) {
            continue; // applied before the history table existed, or stamped
        }
        const std::string& now = upgrade_checksum(*rev);
        if (now == it->second.first) {
            continue;
        }
        if (!m_options.verify_checksums) {
            record_history(id, "accept", now, std::chrono::milliseconds(0));
            // The digest no longer describes what was verified; this run records its own
            // build's digest at the end if it has one.
            m_db.execute(detail::clear_digest_sql(m_db.sql_dialect(), m_options.version_table));
            if (m_options.log) {
                m_options.log(fmt::format("accepted the changed operations of revision '{}' "
                                          "(checksum {} -> {})",
                                          id, first_chars(it->second.first), first_chars(now)));
            }
            continue;
        }
        throw revision_error(fmt::format(
            "{} was changed after it was applied: its operations now have checksum {}, but "
            "the database recorded {} when it was applied at {}; restore the revision as it "
            "was and put the change in a new revision, or, if the database really matches the "
            "edited revision, {} to accept it",
            describe(*rev), first_chars(now), first_chars(it->second.first), it->second.second,
            m_options.checksum_override));
    }
}

void migrator::write_version_rows(const std::vector<std::string>& before,
                                  const std::vector<std::string>& after,
                                  const std::optional<std::string>& digest) {
    for (const auto& sql : detail::version_rows_sql(m_db.sql_dialect(), m_options.version_table,
                                                    before, after, digest)) {
        m_db.execute(sql);
    }
}

void migrator::try_record_digest(const std::vector<std::string>& verified) {
    const auto digest = digest_for(verified);
    if (!digest) {
        return;
    }
    try {
        if (!m_db.try_begin_exclusive()) {
            return; // a migrator is at work: it records the digest itself, or the next start
        }
    } catch (const database_error&) {
        return; // a read-only file, say: the start-up goes on without
    }
    try {
        (void)ensure_bookkeeping(false); // the digest column, on a table from before it
        // Only the rows just verified: another instance may have moved on since.
        if (read_versions(false).ids == verified) {
            write_version_rows(verified, verified, digest);
        }
        m_db.commit();
    } catch (const database_error& e) {
        m_db.rollback();
        if (m_options.log) {
            m_options.log(fmt::format("could not record the build digest in '{}' ({}); the next "
                                      "start verifies the revisions' checksums again",
                                      m_options.version_table, e.what()));
        }
    }
}

migration_report migrator::upgrade(std::string_view target) {
    // The common start-up: a database brought to the build's heads by byte-identical
    // revision files (see build_manifest) needs neither the graph nor the checksums.
    if (m_manifest != nullptr && m_options.verify_checksums &&
        (target == "heads" || (target == "head" && m_manifest->heads.size() == 1)) &&
        at_build_head()) {
        return migration_report{{}, m_manifest->heads};
    }
    std::vector<std::string> wanted;
    if (target == "head") {
        wanted = graph().heads();
        if (wanted.size() > 1) {
            throw revision_error(fmt::format(
                "cannot upgrade to 'head': there are {} heads ({}); create a merge revision "
                "that joins them, or upgrade to 'heads'",
                wanted.size(), quoted_list(wanted)));
        }
    } else {
        // Relative targets count from the database's revisions.
        wanted = graph().resolve(target, graph().heads_of(applied_revisions()));
    }
    // Already at the target, without a build's digest to go by: reads only, without the
    // write lock: the versions, then the checksums of what was applied (which refuses an
    // edited revision here too). Accepting changed checksums writes, so that goes the
    // locked way below. Recording this build's digest is attempted, never waited for.
    if (auto sorted_wanted = wanted; !sorted_wanted.empty() && m_options.verify_checksums) {
        std::sort(sorted_wanted.begin(), sorted_wanted.end());
        if (auto versions = current(); versions == sorted_wanted) {
            if (!m_db.sql_dialect().transactional_ddl()) {
                // A downgrade interrupted half-way leaves the version rows as they were.
                detail::refuse_interrupted(m_db,
                                           {m_options.version_table, m_options.history_table});
            }
            verify_checksums(graph().closure(versions));
            try_record_digest(versions);
            return migration_report{{}, std::move(versions)};
        }
    }
    const auto required = graph().closure(wanted);
    if (auto created = create_at_head(required)) {
        return std::move(*created);
    }
    return run(true, [&](const std::vector<std::string>& applied) -> const revision* {
        // Hashed: this runs once per step over everything applied.
        const std::unordered_set<std::string_view> done(applied.begin(), applied.end());
        // required is in topological order, so the first missing one has its parents.
        for (const auto& id : required) {
            if (!done.contains(id)) {
                return squash_or(graph().get(id), done, required);
            }
        }
        return nullptr;
    });
}

const revision* migrator::squash_or(const revision* next,
                                    const std::unordered_set<std::string_view>& applied,
                                    const std::vector<std::string>& required) const {
    // A squash whose originals are all present runs instead of them on a database that has
    // none of them, when the target needs them all (docs/commands.md, "Squash").
    const revision* squash = graph().squash_step_for(next->id);
    if (squash == nullptr) {
        return next;
    }
    for (const auto& id : squash->replaces) {
        if (applied.contains(id) ||
            std::find(required.begin(), required.end(), id) == required.end()) {
            return next;
        }
    }
    return squash;
}

migration_report migrator::downgrade(std::string_view target) {
    // The revisions that stay applied; everything else applied is reverted.
    std::vector<std::string> keep;
    if (target == "base") {
        // keep nothing
    } else if (target.starts_with('-')) {
        std::size_t steps = 0;
        const auto* end = target.data() + target.size();
        const auto [ptr, ec] = std::from_chars(target.data() + 1, end, steps);
        if (ec != std::errc() || ptr != end || steps == 0) {
            throw revision_error(fmt::format(
                "invalid downgrade target '{}': expected 'base', '-N' with N >= 1, or a "
                "revision id",
                target));
        }
        const auto heads = current();
        if (heads.size() > 1) {
            throw revision_error(fmt::format(
                "cannot downgrade '{}': the database is at several heads ({}); give a revision "
                "id instead",
                target, quoted_list(heads)));
        }
        keep = applied_revisions();
        if (steps > keep.size()) {
            throw revision_error(
                fmt::format("cannot downgrade '{}': the database is only {} revision(s) above base",
                            target, keep.size()));
        }
        // The last revisions in topological order are the newest; none of them is an
        // ancestor of one that stays, so what is left is still a valid history.
        keep.resize(keep.size() - steps);
    } else {
        const auto applied = applied_revisions();
        const auto wanted = graph().resolve(target, graph().heads_of(applied));
        for (const auto& id : wanted) {
            if (std::find(applied.begin(), applied.end(), id) == applied.end()) {
                throw revision_error(fmt::format(
                    "cannot downgrade to revision '{}': it is not applied to the database", id));
            }
        }
        keep = graph().closure(wanted);
    }
    return run(false, [&](const std::vector<std::string>& applied) -> const revision* {
        const std::unordered_set<std::string_view> kept(keep.begin(), keep.end());
        // Newest first: walk the applied revisions backwards in topological order.
        for (auto it = applied.rbegin(); it != applied.rend(); ++it) {
            if (!kept.contains(*it)) {
                return graph().get(*it);
            }
        }
        return nullptr;
    });
}

migration_report upgrade_to_head(std::string_view url, migrate_options options) {
    auto db = connect(url, connect_options{options.lock_timeout, options.ddl_lock_timeout});
    migrator m(*db, std::move(options));
    // Several heads in a build are declared independent branches (the build refuses any
    // other kind), so each of them is wanted.
    const auto* manifest = registered_build_manifest();
    return m.upgrade(manifest != nullptr && manifest->heads.size() > 1 ? "heads" : "head");
}

} // namespace strata
