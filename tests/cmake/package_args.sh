# Sourced by the consumer scripts: how to find strata in $1 (an install prefix, or a build
# directory used through its build-tree export), and the helpers every script uses.
#   sets: package_args (cmake arguments), strata_bin (the generator), fail, count_revisions
if [ -f "$1/strataConfig.cmake" ]; then
    package_args=(-Dstrata_DIR="$1")
    strata_bin=$1/generator/strata
else
    package_args=(-DCMAKE_PREFIX_PATH="$1")
    strata_bin=$1/bin/strata
fi

fail() { echo "FAIL: $*" >&2; exit 1; }
count_revisions() { find "$work/app/migrations/versions" -name '*.cpp' | wc -l; }
