# Shell helpers the end-to-end scripts share: failing with a message, expecting a command
# to fail with a given exit code and message, the users model, and a new git project whose
# application upgrades the database named on its command line. Source it; it runs nothing.
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_fail() {
    local code=$1 message=$2; shift 2
    local out rc
    out=$("$@" 2>&1); rc=$?
    [ "$rc" -eq "$code" ] || fail "'$*' exited $rc, expected $code: $out"
    grep -qF -- "$message" <<<"$out" || fail "'$*' did not say '$message': $out"
}
user_model() { # the users model with the given extra members
    printf '#pragma once\n#include <strata/annotations.hpp>\n#include <cstdint>\n#include <optional>\n#include <string>\n'
    printf 'struct STRATA_TABLE(name = "users") User {\n    STRATA_COLUMN(primary_key) std::int64_t id;\n    std::string email;\n'
    for member in "$@"; do printf '    %s\n' "$member"; done
    printf '};\n'
}
new_project() { # $1: directory; the app upgrades the database named on its command line
    rm -rf "$1" && mkdir -p "$1/models" && cd "$1" || exit 1
    git init -q -b main . && git config user.email test@example.com && git config user.name test
    cat > main.cpp <<'C'
#include <strata/migrator.hpp>
#include <exception>
#include <iostream>
int main(int argc, char** argv) {
    try {
        auto report = strata::upgrade_to_head(argv[1]);
        std::cout << "applied " << report.steps.size() << " revision(s)\n";
    } catch (const std::exception& e) {
        std::cerr << "start-up failed: " << e.what() << '\n';
        return 1;
    }
}
C
    printf 'build/\n*.db\n' > .gitignore
}
