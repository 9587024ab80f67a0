#!/usr/bin/env bash
# The JavaScript client (examples/js-client) against the real server over loopback: two
# `syncsuite serve` processes (a plain one, and one with --control whose faults the fault tests
# install), then the client's own tests with Node's test runner: unit tests, adapter processes
# of two devices of one account and one of another, the sync loop under faults, and the crypto
# interop. Fails if any test fails or is skipped.
# Usage: bash js_client.test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build_dir=${1:?usage: js_client.test.sh BUILD_DIR SOURCE_DIR}
source_dir=${2:?usage: js_client.test.sh BUILD_DIR SOURCE_DIR}
syncsuite="$build_dir/syncsuite"
client="$source_dir/examples/js-client"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

if ! command -v node >/dev/null; then
  echo "FAIL - node is not installed (Debian package nodejs; see scripts/install-deps.sh)"
  exit 1
fi
if [[ ! -f "$client/node_modules/tweetnacl/package.json" ]]; then
  echo "FAIL - tweetnacl is missing from $client/node_modules: run 'npm ci' there (scripts/install-deps.sh does)"
  exit 1
fi
if [[ ! -x "$syncsuite" ]]; then
  echo "FAIL - $syncsuite not built (cmake --build $build_dir --target syncsuite)"
  exit 1
fi
echo "node $(node --version), tweetnacl $(node -p "require('$client/node_modules/tweetnacl/package.json').version")"

listening='s|^listening on \(http://127\.0\.0\.1:[0-9]*\)$|\1|p'
start_server plain "$listening" "$syncsuite" serve --port 0 --accounts 2 --accounts-out "$work/accounts.yaml"
plain_url=$url
start_server control "$listening" "$syncsuite" serve --port 0 --control --accounts 3 \
  --accounts-out "$work/control-accounts.yaml"
control_url=$url
echo "servers at $plain_url and $control_url (control)"

# --- the adapter's framing, straight from a shell ----------------------------------------------
printf '%s\n' '{"op":"warp"}' '{"op":"quit"}' '{"op":"state"}' >"$work/framing.in"
framing_rc=0
(cd "$client" && timeout 30 node adapter.js <"$work/framing.in" >"$work/framing.out" 2>"$work/framing.err") || framing_rc=$?
check "adapter exits 0 after quit (got $framing_rc)" test "$framing_rc" = 0
check "adapter answers exactly the requests before quit, one line each" test "$(wc -l <"$work/framing.out")" = 2
check "an unknown op answers ok:false, error \"unknown op ...\"" \
  test "$(head -n 1 "$work/framing.out")" = '{"ok":false,"error":"unknown op \"warp\""}'
check "quit answers ok:true" test "$(sed -n 2p "$work/framing.out")" = '{"ok":true}'

# --- the client's tests -------------------------------------------------------------------------
tests_rc=0
(cd "$client" && SYNCSUITE_URL="$plain_url" SYNCSUITE_ACCOUNTS="$work/accounts.yaml" \
  SYNCSUITE_CONTROL_URL="$control_url" SYNCSUITE_CONTROL_ACCOUNTS="$work/control-accounts.yaml" \
  timeout 900 node --test --test-reporter=tap test/*.test.js >"$work/node-test.tap" 2>&1) || tests_rc=$?
grep -E '^(not ok|ok) |^# (tests|pass|fail|skipped|cancelled|duration_ms) ' "$work/node-test.tap" || true
passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$work/node-test.tap")
check "node --test exits 0 (got $tests_rc)" test "$tests_rc" = 0
check "no node test failed" grep -q '^# fail 0$' "$work/node-test.tap"
check "no node test skipped" grep -q '^# skipped 0$' "$work/node-test.tap"
check "node tests ran (${passed:-0} passed)" test "${passed:-0}" -gt 0
if ((failures)); then
  echo "--- node --test output ---"
  cat "$work/node-test.tap"
  echo "--- server stderr ---"
  tail -n 20 "$work/plain.err" "$work/control.err"
  echo "js_client: $failures check(s) failed"
  exit 1
fi
echo "js_client: all checks passed"
