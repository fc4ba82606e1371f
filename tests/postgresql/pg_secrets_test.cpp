// Issue 15: no spelling of a password ever appears in an error, a log line or the migrate
// tool's output. Every URL and DSN form libpq accepts is fed through every error path
// (server down, wrong password, bad host, bad DSN), through connect() and through the
// migrate tool; and a password holding '/', '?', '@' and ':' unencoded really logs in.

#include "pg_test_server.hpp"

#include "strata/cli.hpp"
#include "strata/connection.hpp"
#include "strata/detail/url.hpp"
#include "strata/error.hpp"

#include <cstdlib>
#include <gtest/gtest.h>
#include <sstream>
#include <unistd.h>

namespace {

// Each piece between the URI delimiters is long enough to be recognised when a parser
// splits the password at one of them (libpq ends it at the first '@').
const std::string secret = "Tiger7/Lion8?Bear9@Wolf6:Hawk5";
const std::vector<std::string> pieces{"Tiger7", "Lion8", "Bear9", "Wolf6", "Hawk5"};

void expect_no_secret(const std::string& text, const std::string& context) {
    for (const auto& piece : pieces) {
        EXPECT_EQ(text.find(piece), std::string::npos) << context << "\n  printed: " << text;
    }
}

struct endpoint {
    std::string host;
    std::string port;
    std::string database;
    std::string user;
};

// Every form libpq accepts, carrying @p password for @p at.
std::vector<std::string> forms(const endpoint& at, const std::string& password) {
    const std::string encoded = strata::detail::percent_encode(password);
    const std::string host_port = at.host + ":" + at.port;
    return {
        "postgresql://" + at.user + ":" + password + "@" + host_port + "/" + at.database,
        "postgresql://" + at.user + ":" + encoded + "@" + host_port + "/" + at.database,
        "postgres://" + at.user + "@" + host_port + "/" + at.database + "?password=" + encoded,
        "postgresql://" + host_port + "/" + at.database + "?user=" + at.user +
            "&PASSWORD=" + encoded,
        "host=" + at.host + " port=" + at.port + " dbname=" + at.database + " user=" + at.user +
            " password='" + password + "'",
        "host=" + at.host + " password=" + password,
        // A user who forgot the `@host`: libpq would read the password as the port. The
        // password here holds no '/', ':' or '@' (with them the text has other forms).
        "postgresql://" + at.user + ":" + pieces[0] + pieces[1] + "/" + at.database,
        "postgresql://" + at.user + ":" + pieces[0] + pieces[1],
        "postgres://" + at.user + ":" + pieces[0] + pieces[1] + ":" + at.port + "/" + at.database,
    };
}

endpoint server_endpoint(const std::string& url) {
    const auto at = url.rfind('@');
    const auto colon = url.find(':', at);
    const auto slash = url.find('/', at);
    const auto user_begin = url.find("://") + 3;
    return {url.substr(at + 1, colon - at - 1), url.substr(colon + 1, slash - colon - 1),
            url.substr(slash + 1, url.find('?', slash) - slash - 1),
            url.substr(user_begin, url.find(':', user_begin) - user_begin)};
}

struct cli_result {
    int code;
    std::string printed;
};

cli_result run_cli(std::vector<std::string> args) {
    std::ostringstream out;
    std::ostringstream err;
    strata::migrate_cli_options options;
    options.program_name = "app_migrate";
    options.out = &out;
    options.err = &err;
    const int code = strata::migrate_main(args, options);
    return {code, out.str() + err.str()};
}

class PgSecrets : public strata::testing::postgres_test {};

TEST_F(PgSecrets, NoErrorPathPrintsThePassword) {
    const endpoint server = server_endpoint(server_url());
    struct error_path {
        std::string name;
        endpoint at;
    };
    const std::vector<error_path> paths{
        {"server down", {"127.0.0.1", "1", server.database, server.user}},
        {"wrong password", server},
        {"bad host", {"no-such-host.invalid", server.port, server.database, server.user}},
        {"bad DSN", {server.host, "not-a-port", server.database, server.user}},
    };
    for (const auto& path : paths) {
        for (const auto& url : forms(path.at, secret)) {
            const std::string context = path.name + ": " + url;
            try {
                (void)strata::connect(url);
                ADD_FAILURE() << "connected: " << context;
            } catch (const std::exception& e) {
                expect_no_secret(e.what(), context);
            }
            for (const std::string command : {"upgrade", "current", "downgrade"}) {
                const auto r = run_cli({command, "--url", url});
                EXPECT_NE(r.code, 0) << context;
                expect_no_secret(r.printed, command + " " + context);
            }
            ::setenv("STRATA_DATABASE_URL", url.c_str(), 1);
            const auto env = run_cli({"stamp", "head"});
            ::unsetenv("STRATA_DATABASE_URL");
            EXPECT_NE(env.code, 0) << context;
            expect_no_secret(env.printed, "stamp " + context);
        }
    }
}

// strata ends the credentials at the last '@' and sends libpq the password re-encoded, so
// what is masked is exactly the password that logs in.
TEST_F(PgSecrets, APasswordWithUriDelimitersLogsIn) {
    const std::string role = "strata_tricky_" + std::to_string(::getpid());
    auto admin = strata::connect(server_url());
    const auto& d = admin->sql_dialect();
    admin->execute("DROP ROLE IF EXISTS " + d.quote_identifier(role));
    admin->execute("CREATE ROLE " + d.quote_identifier(role) + " LOGIN PASSWORD " +
                   d.quote_literal(secret));
    endpoint at = server_endpoint(db().url());
    at.user = role;
    const auto all = forms(at, secret);
    for (std::size_t i = 0; i < 3; ++i) { // the URI forms libpq takes as written
        auto conn = strata::connect(all[i]);
        EXPECT_EQ(conn->query("SELECT current_user"), (std::vector<strata::row>{{role}})) << all[i];
        expect_no_secret(conn->display_url(), all[i]);
        const auto r = run_cli({"current", "--url", all[i]});
        EXPECT_EQ(r.code, 0) << r.printed;
        expect_no_secret(r.printed, all[i]);
    }
    admin->execute("DROP ROLE " + d.quote_identifier(role));
}

} // namespace
