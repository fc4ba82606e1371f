#!/usr/bin/env bash
# A strata shared library exports strata's public API and nothing else: every defined
# dynamic symbol is in namespace strata (functions, objects, and the typeinfo, vtables and
# thunks of its classes) or a backend's strata_link_<name> anchor, and none is in
# strata::detail or an anonymous namespace. Instantiations of std:: and fmt:: templates, the
# kind -fvisibility=hidden alone lets through, fail it. (cmake/strata-exports.map)
#
# usage: exported_symbols.sh <libstrata_*.so>...   (prints the count per library)
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$#" -gt 0 ] || fail "no library given"
allowed='^(_ZNK?6strata|_ZT[ISV]N6strata|_ZTh[n0-9_]*N6strata|_ZTv[n0-9_]*N6strata|strata_link_[a-z0-9_]+$)'
for lib in "$@"; do
    [ -f "$lib" ] || fail "no library '$lib'"
    symbols=$(nm -D --defined-only "$lib" | awk '{print $NF}')
    count=$(grep -c . <<<"$symbols" || true)
    [ "$count" -gt 0 ] || fail "$lib exports nothing (is it strata's?)"
    foreign=$(grep -Ev "$allowed" <<<"$symbols" || true)
    [ -z "$foreign" ] || fail "$lib exports $(grep -c . <<<"$foreign") symbols that are not strata's API, e.g.:
$(head -20 <<<"$foreign" | c++filt)"
    internal=$(grep -E '^_Z(NK?|T[ISV]N)6strata6detail|_GLOBAL__N_' <<<"$symbols" || true)
    [ -z "$internal" ] || fail "$lib exports strata's internals:
$(head -20 <<<"$internal" | c++filt)"
    echo "$(basename "$lib"): $count symbols, all strata's API"
done
