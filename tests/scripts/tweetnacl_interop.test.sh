#!/usr/bin/env bash
# Byte compatibility of the reference crypto with tweetnacl (contract section 3).
# Runs the TweetnaclInterop GoogleTest cases and fails if tweetnacl is not installed or if any of
# them failed or was skipped (the unit test skips without tweetnacl; this script must not).
#   usage: bash tests/scripts/tweetnacl_interop.test.sh BUILD_DIR SOURCE_DIR
set -uo pipefail

build_dir=${1:?usage: $0 BUILD_DIR SOURCE_DIR}
source_dir=${2:?usage: $0 BUILD_DIR SOURCE_DIR}
interop="$source_dir/tests/interop"
binary="$build_dir/tests/unit_reference"

fail() { echo "tweetnacl_interop: FAIL: $*"; exit 1; }

command -v node > /dev/null || fail "node is not installed (Debian package nodejs; see scripts/install-deps.sh)"
[ -f "$interop/node_modules/tweetnacl/package.json" ] ||
  fail "tweetnacl is missing from $interop/node_modules: run 'npm ci' in $interop (scripts/install-deps.sh does)"
installed=$(node -p "require('$interop/node_modules/tweetnacl/package.json').version") ||
  fail "cannot read the installed tweetnacl version"
[ "$installed" = "1.0.3" ] || fail "tweetnacl $installed installed, package-lock.json pins 1.0.3: run 'npm ci' in $interop"
echo "tweetnacl_interop: checked node $(node --version) and tweetnacl $installed in $interop"
[ -x "$binary" ] || fail "$binary not built (cmake --build $build_dir --target unit_reference)"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$binary" --gtest_filter='*Tweetnacl*' --gtest_color=no > "$log" 2>&1
status=$?
cat "$log"

passed=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) tests\{0,1\}\.$/\1/p' "$log")
skipped=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) tests\{0,1\}, listed below:$/\1/p' "$log")
[ "$status" -eq 0 ] || fail "unit_reference --gtest_filter='*Tweetnacl*' exited $status"
[ -z "$skipped" ] || fail "$skipped tweetnacl test(s) skipped"
[ -n "$passed" ] && [ "$passed" -gt 0 ] || fail "no tweetnacl test ran"
echo "tweetnacl_interop: $passed tweetnacl interop tests passed, none skipped"
