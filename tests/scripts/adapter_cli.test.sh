#!/usr/bin/env bash
# `syncsuite adapter` as `syncsuite client` will use it: real processes speaking contract section 9
# over pipes to a `syncsuite serve` started on its own. Two adapters of one account exchange a
# record and resolve a conflict; clock, foreground and state answer; an unknown op and a line
# that is not JSON each get one ok:false answer; quit, end of input and SIGTERM exit 0 and leave
# no device directory behind; nothing but answers ever reaches stdout.
# Usage: bash adapter_cli.test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build_dir=${1:?usage: adapter_cli.test.sh BUILD_DIR SOURCE_DIR}
source_dir=${2:?usage: adapter_cli.test.sh BUILD_DIR SOURCE_DIR}
syncsuite="$build_dir/syncsuite"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

# start_adapter NAME ARGS...: `syncsuite adapter ARGS...` with stdin and stdout on fifos; sets
# NAME_pid, NAME_in (fd to write requests) and NAME_out (fd to read answers).
start_adapter() {
  local name=$1
  shift
  mkfifo "$work/$name.in" "$work/$name.out"
  "$syncsuite" adapter --dir "$work/devices" "$@" <"$work/$name.in" >"$work/$name.out" 2>"$work/$name.err" &
  pids+=("$!")
  printf -v "${name}_pid" '%s' "$!"
  local fd_in fd_out
  exec {fd_in}>"$work/$name.in"
  exec {fd_out}<"$work/$name.out"
  printf -v "${name}_in" '%s' "$fd_in"
  printf -v "${name}_out" '%s' "$fd_out"
}

# send NAME LINE: writes one request line, reads one answer line (60 s limit) into $answer.
send() {
  local in="${1}_in" out="${1}_out"
  printf '%s\n' "$2" >&"${!in}"
  answer=""
  if ! IFS= read -r -t 60 -u "${!out}" answer; then
    fail "$1 gave no answer line to: $2"
  fi
}

# value EXPR: the Python expression EXPR over the last answer `a`, as JSON text.
value() {
  python3 -c 'import json, sys; a = json.loads(sys.argv[1]); print(json.dumps(eval(sys.argv[2])))' \
    "$answer" "$1" 2>/dev/null || echo "<unparsable: $answer>"
}
# expect DESCRIPTION EXPR JSON: the answer's EXPR equals JSON.
expect() {
  local got
  got=$(value "$2")
  if [[ "$got" == "$3" ]]; then pass "$1"; else fail "$1: $2 is $got, wanted $3 (answer: $answer)"; fi
}

mkdir -p "$work/devices"
start_server serve 's|^listening on \(http://127\.0\.0\.1:[0-9]*\)$|\1|p' \
  "$syncsuite" serve --port 0 --accounts 2 --accounts-out "$work/accounts.yaml"
token=$(sed -n 's/.*token: "\(.*\)"/\1/p' "$work/accounts.yaml" | head -n 1)
openssl genpkey -algorithm X25519 -out "$work/user.pem" 2>/dev/null
secret_key=$(openssl pkey -in "$work/user.pem" -outform DER | tail -c 32 | base64)
public_key=$(openssl pkey -in "$work/user.pem" -pubout -outform DER | tail -c 32 | base64)
init() {
  printf '{"op":"init","server":"%s","token":"%s","public_key":"%s","secret_key":"%s","device_id":"%s"}' \
    "$url" "$token" "$public_key" "$secret_key" "$1"
}

# --- the command line ----------------------------------------------------------------------------
mutants=$("$syncsuite" adapter --list-mutants | wc -l)
check "--list-mutants lists at least 12 client mutants (got $mutants)" test "$mutants" -ge 12
rc=0
"$syncsuite" adapter --mutant no-such-slip </dev/null >"$work/bad.out" 2>"$work/bad.err" || rc=$?
check "an unknown --mutant exits 2 (got $rc)" test "$rc" = 2
check "the error names the valid mutants" grep -q 'nonce-reuse' "$work/bad.err"
check "an unknown --mutant writes nothing to stdout" test ! -s "$work/bad.out"

# --- two devices of one account ------------------------------------------------------------------
start_adapter phone
start_adapter tablet
send phone "$(init phone)"
expect "phone init uploads the key and answers ok" 'a' '{"ok": true}'
send tablet "$(init tablet)"
expect "tablet init answers ok" 'a["ok"]' true
send phone '{"op":"put","table":"transactions","id":"t1","data":{"amount":12},"updated_at":"2026-11-24T10:00:00.123Z"}'
expect "put answers ok" 'a' '{"ok": true}'
send phone '{"op":"records"}'
expect "the put record is pending" 'a["records"][0]["sync_status"]' '"pending"'
send phone '{"op":"sync"}'
expect "phone sync answers ok" 'a' '{"ok": true}'
send tablet '{"op":"sync"}'
expect "tablet sync answers ok" 'a' '{"ok": true}'
send tablet '{"op":"records"}'
expect "tablet holds the phone's record, exactly the section-9 fields" 'a["records"]' \
  '[{"data": {"amount": 12}, "deleted": false, "id": "t1", "sync_status": "synced", "table": "transactions", "updated_at": "2026-11-24T10:00:00.123Z"}]'

# --- a conflict, resolved merged -----------------------------------------------------------------
send phone '{"op":"put","table":"budgets","id":"b","data":{"v":"phone"},"updated_at":"2026-11-24T11:00:00.000Z"}'
send phone '{"op":"sync"}'
expect "phone pushes the later copy" 'a["ok"]' true
send tablet '{"op":"put","table":"budgets","id":"b","data":{"v":"tablet"},"updated_at":"2026-11-24T10:30:00.000Z"}'
send tablet '{"op":"sync"}'
expect "tablet sync with a conflict still answers ok" 'a["ok"]' true
send tablet '{"op":"records"}'
expect "tablet's earlier copy is in conflict" '[r["sync_status"] for r in a["records"] if r["id"] == "b"]' '["conflict"]'
send tablet '{"op":"state"}'
expect "state counts the conflict" 'a["state"]["conflicts"]' 1
send tablet '{"op":"resolve","table":"budgets","id":"b","choice":"merged","data":{"v":"both"}}'
expect "resolve merged answers ok" 'a' '{"ok": true}'
send tablet '{"op":"records"}'
expect "the merged record is synced" '[(r["data"], r["sync_status"]) for r in a["records"] if r["id"] == "b"]' \
  '[[{"v": "both"}, "synced"]]'
expect "the merged record is later than both copies" \
  '[r["updated_at"] > "2026-11-24T11:00:00.000Z" for r in a["records"] if r["id"] == "b"]' '[true]'
send phone '{"op":"sync"}'
send phone '{"op":"records"}'
expect "phone takes the merged record" '[r["data"] for r in a["records"] if r["id"] == "b"]' '[{"v": "both"}]'

# --- clock, foreground, state --------------------------------------------------------------------
send phone '{"op":"clock","now":"2030-01-01T00:00:00.000Z"}'
expect "clock answers ok" 'a' '{"ok": true}'
send phone '{"op":"foreground"}'
expect "foreground syncs when the last sync is over 5 minutes old" 'a' '{"ok": true, "synced": true}'
send phone '{"op":"foreground"}'
expect "foreground right after a sync does not sync" 'a' '{"ok": true, "synced": false}'
send phone '{"op":"state"}'
expect "state after a successful sync" \
  '[a["state"]["syncing"], a["state"]["last_sync_at"][:16], a["state"]["pending"], a["state"]["conflicts"], a["state"]["error"]]' \
  '[false, "2030-01-01T00:00", 0, 0, null]'
send phone '{"op":"clock","now":"yesterday"}'
expect "a clock that is not RFC 3339 is refused" 'a["ok"]' false

# --- bad requests --------------------------------------------------------------------------------
send phone '{"op":"fly"}'
expect "an unknown op is named" 'a' '{"error": "unknown op fly", "ok": false}'
send phone 'this is not json'
expect "a line that is not JSON gets ok:false" 'a["ok"]' false
send phone '{"op":"put","table":"transactions","id":"t2"}'
expect "a missing field is named" 'a["error"]' '"put: field \"data\" is missing"'

# --- the end -------------------------------------------------------------------------------------
send phone '{"op":"quit"}'
expect "quit answers ok" 'a' '{"ok": true}'
rc=0
wait "$phone_pid" || rc=$?
check "phone exits 0 after quit (got $rc)" test "$rc" = 0
extra=""
IFS= read -r -t 5 -u "$phone_out" extra || true
check "nothing after the quit answer on stdout" test -z "$extra"
exec {tablet_in}>&-
rc=0
wait "$tablet_pid" || rc=$?
check "tablet exits 0 at the end of its input (got $rc)" test "$rc" = 0
IFS= read -r -t 5 -u "$tablet_out" extra || true
check "nothing unasked on tablet's stdout" test -z "$extra"

start_adapter idle
send idle '{"op":"state"}'
expect "a request before init gets ok:false" 'a["ok"]' false
kill -TERM "$idle_pid"
rc=0
wait "$idle_pid" || rc=$?
check "SIGTERM between requests exits 0 (got $rc)" test "$rc" = 0
check "no device directory is left behind" test -z "$(ls -A "$work/devices")"
check "neither the token nor the secret key reaches stderr" \
  bash -c "! grep -qF -e '$token' -e '$secret_key' '$work/phone.err' '$work/tablet.err' '$work/idle.err'"

echo "adapter_cli: $failures failure(s)"
test "$failures" = 0
