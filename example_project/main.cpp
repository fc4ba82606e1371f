// sitebuilder: the example application. At start-up it brings its database (a SQLite file,
// or the URL given) to the newest revision (the revisions in migrations/versions are compiled into
// this program by add_migrations()), then adds a little content and shows what the database holds.

#include <strata/connection.hpp>
#include <strata/error.hpp>
#include <strata/introspect.hpp>
#include <strata/migrator.hpp>

#include <filesystem>
#include <iostream>
#include <string>

namespace {

void show_database(strata::connection& db) {
    std::cout << "\nschema now in " << db.display_url() << ":\n";
    for (const auto& table : strata::introspect(db).tables) {
        const auto rows = db.query("SELECT COUNT(*) FROM \"" + table.name + "\"");
        std::cout << "  " << table.name << " (" << rows.at(0).at(0).value_or("0") << " rows):";
        for (const auto& column : table.columns) {
            std::cout << ' ' << column.name;
        }
        std::cout << '\n';
    }
}

void add_sample_content(strata::connection& db) {
    if (db.query("SELECT COUNT(*) FROM users").at(0).at(0) != "0") {
        return;
    }
    db.execute("INSERT INTO users (id, email, display_name, bio) "
               "VALUES (1, 'ada@example.org', 'Ada', 'Writes the first page.')");
    db.execute("INSERT INTO sites (id, owner_id, title, published) VALUES (1, 1, 'Notes', 1)");
    db.execute("INSERT INTO pages (id, site_id, slug, body, position) "
               "VALUES (1, 1, 'index', 'Hello from strata.', 0)");
}

} // namespace

int main(int argc, char** argv) {
    // A file name (SQLite), or any database URL: mysql://user:pw@host/db, postgresql://...
    const std::string where = argc > 1 ? argv[1] : "sitebuilder.db";
    const std::string url = where.find("://") != std::string::npos ? where : "sqlite:///" + where;
    try {
        strata::migrate_options options;
        options.log = [](std::string_view line) { std::cout << "migrate: " << line << '\n'; };
        const auto report = strata::upgrade_to_head(url, options);
        if (report.steps.empty()) {
            std::cout << "migrate: database already at head\n";
        }
        std::cout << "migrate: database is at revision "
                  << (report.current.empty() ? std::string("<base>") : report.current.front())
                  << '\n';

        auto db = strata::connect(url);
        add_sample_content(*db);
        show_database(*db);
        return 0;
    } catch (const strata::error& e) {
        std::cerr << "sitebuilder: cannot start: " << e.what() << '\n';
        return 1;
    }
}
