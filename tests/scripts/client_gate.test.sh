#!/usr/bin/env bash
# The client gate end to end, as a CI job runs it: `syncsuite client` against the reference
# adapter (passes), a client mutant (fails, naming the check), the JavaScript client of
# examples/js-client (passes), and adapters that crash, hang or write garbage (each a clear
# failure with its stderr tail, in bounded time, leaving no adapter process behind).
# Usage: bash client_gate.test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build_dir=$(cd "${1:?usage: $0 BUILD_DIR SOURCE_DIR}" && pwd)
source_dir=$(cd "${2:?usage: $0 BUILD_DIR SOURCE_DIR}" && pwd)
source "$source_dir/tests/scripts/lib.sh"
syncsuite=$build_dir/syncsuite
cd "$source_dir"

# gate NAME EXPECTED_EXIT ARGS...: runs `syncsuite client ARGS` (bounded), output in $work/NAME.out.
gate() {
  local name=$1 want=$2
  shift 2
  local got=0
  timeout 600 "$syncsuite" client "$@" >"$work/$name.out" 2>&1 || got=$?
  if [[ $got == "$want" ]]; then
    pass "$name: exit $got"
  else
    fail "$name: exit $got, expected $want"
    tail -n 40 "$work/$name.out"
  fi
}
contains() { grep -q -- "$2" "$work/$1.out"; }

gate list 0 --list
check "--list names the client scenarios" contains list "client/lost-answer-retry-is-idempotent"
gate no-adapter 2
check "a missing --adapter is explained" contains no-adapter "adapter is required"

gate reference 0 --adapter "$syncsuite adapter" --junit "$work/junit.xml" --json "$work/results.json" \
  --report "$work/report"
check "JUnit, JSON and HTML reports written" test -s "$work/junit.xml" -a -s "$work/results.json" -a -s "$work/report/report.html"
check "the JSON report carries the journal checks" grep -q '3/client-nonce-fresh' "$work/results.json"

gate mutant 1 --adapter "$syncsuite adapter --mutant nonce-reuse"
check "a reused nonce is named by its check" contains mutant "3/client-nonce-fresh"

if command -v node >/dev/null && [ -d "$source_dir/examples/js-client/node_modules/tweetnacl" ]; then
  gate js-client 0 --adapter "node $source_dir/examples/js-client/adapter.js"
else
  fail "node or examples/js-client/node_modules missing (scripts/install-deps.sh installs them)"
fi

# Misbehaving adapters, each a small script.
cat >"$work/crash-adapter.sh" <<'SH'
#!/usr/bin/env bash
echo $$ >>PIDS
read -r line
echo "crash-adapter: giving up on purpose" >&2
exit 3
SH
cat >"$work/hang-adapter.sh" <<'SH'
#!/usr/bin/env bash
echo $$ >>PIDS
echo "hang-adapter: reading and never answering" >&2
exec sleep 1000
SH
cat >"$work/garbage-adapter.sh" <<'SH'
#!/usr/bin/env bash
echo $$ >>PIDS
read -r line
echo "hello, this is not JSON"
exec sleep 1000
SH
sed -i "s|PIDS|$work/pids|" "$work"/*-adapter.sh
chmod +x "$work"/*-adapter.sh

gate crash 1 --adapter "$work/crash-adapter.sh" --id client/push-seals-and-syncs
check "a crashing adapter: exit status and stderr tail" contains crash "exited with status 3"
check "  ... its stderr tail shown" contains crash "giving up on purpose"
gate hang 1 --adapter "$work/hang-adapter.sh" --id client/push-seals-and-syncs --timeout 500
check "a hanging adapter: a timeout" contains hang "timeout"
check "  ... its stderr tail shown" contains hang "never answering"
gate garbage 1 --adapter "$work/garbage-adapter.sh" --id client/push-seals-and-syncs --timeout 5000
check "a garbage-writing adapter: named as such" contains garbage "garbage"

no_leftovers() {
  [ -s "$work/pids" ] || return 1
  while read -r pid; do
    if kill -0 "$pid" 2>/dev/null; then return 1; fi
  done <"$work/pids"
}
check "no adapter process outlives the run" no_leftovers

if ((failures)); then
  echo "$failures failed"
  exit 1
fi
echo "client gate: all checks passed"
