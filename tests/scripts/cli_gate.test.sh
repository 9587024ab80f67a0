#!/usr/bin/env bash
# The gate as a CI job uses it, through the real binary and real processes: `syncsuite serve`
# started on its own, `syncsuite run --target` against it twice in a row (no collisions), reports
# written, a mutant server failing the gate with a readable failure, a baseline turning known
# failures into a pass, HTTPS with a custom CA, and targets that are down, answer HTML or never
# answer: exit 2 in bounded time, never a crash or a hang; and a server with its records over
# three shard files passing the whole catalogue.
# Usage: bash cli_gate.test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build_dir=${1:?usage: cli_gate.test.sh BUILD_DIR SOURCE_DIR}
source_dir=${2:?usage: cli_gate.test.sh BUILD_DIR SOURCE_DIR}
syncsuite="$build_dir/syncsuite"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

# start_serve NAME ARGS...: `syncsuite serve --port 0 ARGS...`; sets $url and $server_pid.
start_serve() {
  local name=$1
  shift
  start_server "$name" 's|^listening on \(https\?://127\.0\.0\.1:[0-9]*\)$|\1|p' "$syncsuite" serve --port 0 "$@"
}

# run_gate NAME ARGS...: `syncsuite run` with a hard time limit; sets $rc, output in $work/NAME.log.
run_gate() {
  local name=$1
  shift
  rc=0
  timeout 600 "$syncsuite" run "$@" >"$work/$name.log" 2>&1 || rc=$?
}

# --- a clean server started separately, judged twice in a row ---------------------------------
start_serve clean --db "$work/clean.db" --accounts 2 --accounts-out "$work/accounts.yaml"
clean_pid=$server_pid
clean_url=$url
check "serve printed 'listening on http://127.0.0.1:P'" test -n "$clean_url"
check "accounts file has mode 0600" test "$(stat -c %a "$work/accounts.yaml")" = 600
check "accounts file names two tokens" test "$(grep -c 'token:' "$work/accounts.yaml")" = 2

run_gate first --target "$clean_url" --accounts "$work/accounts.yaml" \
  --junit "$work/junit.xml" --json "$work/results.json" --report "$work/html"
check "first run against the clean server exits 0 (got $rc)" test "$rc" = 0
check "first run ends with Result: PASS" grep -q '^Result: PASS' "$work/first.log"
check "JUnit report written" test -s "$work/junit.xml"
check "JUnit report has testcases and no failure" \
  bash -c "grep -q '<testcase' '$work/junit.xml' && ! grep -q '<failure' '$work/junit.xml'"
check "JSON report written and parses" /usr/bin/python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$work/results.json"
check "HTML report written" test -s "$work/html/report.html"
check "HTML report loads no external asset" bash -c "! grep -Eq '(src|href)=\"https?://' '$work/html/report.html'"

run_gate second --target "$clean_url" --accounts "$work/accounts.yaml"
check "second run on the same server exits 0 (got $rc)" test "$rc" = 0
check "the token never appears in the output" \
  bash -c "! grep -qF \"\$(sed -n 's/.*token: \"\\(.*\\)\"/\\1/p' '$work/accounts.yaml' | head -n 1)\" '$work/first.log' '$work/second.log'"

kill -TERM "$clean_pid"
stop_rc=0
wait "$clean_pid" || stop_rc=$?
check "serve stops on SIGTERM with exit 0 (got $stop_rc)" test "$stop_rc" = 0

# --- the same database after a restart: the tokens still work, earlier records stay ----------
start_serve restarted --db "$work/clean.db"
run_gate third --target "$url" --accounts "$work/accounts.yaml" --tag smoke
check "a run after a restart on the same database exits 0 (got $rc)" test "$rc" = 0

# --- records over three shard files: the whole catalogue passes; a restart needs the count ----
start_serve sharded --db "$work/sharded.db" --shards 3 --threads 4 --accounts 3 \
  --accounts-out "$work/sharded-accounts.yaml"
sharded_pid=$server_pid
run_gate sharded --target "$url" --accounts "$work/sharded-accounts.yaml"
check "the catalogue against serve --shards 3 exits 0 (got $rc)" test "$rc" = 0
check "serve --shards 3 made two shard files beside --db" \
  test -f "$work/sharded.db.shard-1" -a -f "$work/sharded.db.shard-2"
kill -TERM "$sharded_pid"
wait "$sharded_pid" || true
wrong_rc=0
timeout 30 "$syncsuite" serve --port 0 --db "$work/sharded.db" >"$work/wrong-count.log" 2>&1 || wrong_rc=$?
check "restarting a 3-shard database without --shards 3 is refused with exit 2 (got $wrong_rc)" \
  test "$wrong_rc" = 2
check "the refusal names the count the files were created with" \
  grep -q 'created with (3)' "$work/wrong-count.log"

# --- a mutant server fails the gate, naming the check, the rule and the exchange --------------
start_serve mutant --mutant tie-overwrites --accounts 2 --accounts-out "$work/mutant-accounts.yaml"
mutant_url=$url
run_gate mutant --target "$mutant_url" --accounts "$work/mutant-accounts.yaml" --junit "$work/mutant.xml"
check "run against the tie-overwrites mutant exits 1 (got $rc)" test "$rc" = 1
check "the failure names check 4.2/tie-is-conflict" grep -q '^FAIL 4.2/tie-is-conflict' "$work/mutant.log"
check "the failure quotes the contract sentence" grep -q 'contract: ' "$work/mutant.log"
check "the failure shows expected and actual" bash -c "grep -q 'expected:' '$work/mutant.log' && grep -q 'actual:' '$work/mutant.log'"
check "the failure carries a curl replay with the token from the environment" \
  grep -qF '${SYNCSUITE_TOKEN' "$work/mutant.log"
check "JUnit of the failed run has a failure" grep -q '<failure' "$work/mutant.xml"

# A baseline listing exactly the failed checks turns the gate green; without one it stays red.
grep -o '^FAIL [0-9.]*/[a-z0-9-]*' "$work/mutant.log" | sed 's/^FAIL /- /' | sort -u >"$work/baseline.yaml"
check "baseline lists the failed checks" test -s "$work/baseline.yaml"
run_gate baselined --target "$mutant_url" --accounts "$work/mutant-accounts.yaml" --baseline "$work/baseline.yaml"
check "run with the baseline of known failures exits 0 (got $rc)" test "$rc" = 0

# --- HTTPS with a custom CA -------------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
start_serve tls --tls-cert "$work/tls.crt" --tls-key "$work/tls.key" --accounts 2 --accounts-out "$work/tls-accounts.yaml"
check "serve with a certificate listens on https" bash -c "[[ '$url' == https://* ]]"
run_gate tls --target "$url" --accounts "$work/tls-accounts.yaml" --ca-file "$work/tls.crt" --tag smoke
check "https run trusting the CA file exits 0 (got $rc)" test "$rc" = 0
run_gate tls-untrusted --target "$url" --accounts "$work/tls-accounts.yaml" --tag smoke --timeout 3000
check "https run without the CA exits 2 (got $rc)" test "$rc" = 2

# --- targets that cannot be judged -------------------------------------------------------------
free_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
run_gate down --target "http://127.0.0.1:$free_port" --accounts "$work/accounts.yaml" --timeout 3000
check "a target that is down exits 2 (got $rc)" test "$rc" = 2
check "... and says it cannot connect" grep -qi 'connect' "$work/down.log"

: >"$work/html-server.out"  # exists before the first sed reads it (set -e)
/usr/bin/python3 -m http.server 0 --bind 127.0.0.1 --directory "$work" >"$work/html-server.out" 2>&1 &
pids+=($!)
html_port=""
for _ in $(seq 1 100); do
  html_port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$work/html-server.out" | head -n 1)
  [[ -n "$html_port" ]] && break
  sleep 0.1
done
run_gate html --target "http://127.0.0.1:$html_port" --accounts "$work/accounts.yaml" --timeout 3000
check "a target that answers HTML exits 2 (got $rc)" test "$rc" = 2
check "... and says it answered HTML" grep -qi 'html' "$work/html.log"

# A server that accepts connections and never answers.
/usr/bin/python3 - "$work/silent.port" <<'PY' &
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
held = []
deadline = time.time() + 120
s.settimeout(1)
while time.time() < deadline:
    try:
        held.append(s.accept()[0])
    except socket.timeout:
        pass
PY
pids+=($!)
for _ in $(seq 1 100); do [[ -s "$work/silent.port" ]] && break; sleep 0.1; done
run_gate silent --target "http://127.0.0.1:$(cat "$work/silent.port")" --accounts "$work/accounts.yaml" --timeout 2000
check "a target that never answers exits 2 (got $rc)" test "$rc" = 2
check "... and names the time-out" grep -qi 'time' "$work/silent.log"

# --- bad input to the CLI itself ---------------------------------------------------------------
mkdir -p "$work/bad"
printf 'scenario: bad/one\ndescription: d\nsections: ["4.2"]\nsteps:\n  - sync: phone\n    colour: red\n' >"$work/bad/bad.yaml"
run_gate bad-scenario "$work/bad" --checks "$source_dir/scenarios/checks.yaml"
check "a bad scenario file exits 2 (got $rc)" test "$rc" = 2
check "... naming file, line and field" grep -q "bad.yaml:6:[0-9]*: steps\[0\].colour" "$work/bad-scenario.log"

printf 'accounts:\n  - tokn: abc\n' >"$work/bad-accounts.yaml"
run_gate bad-accounts --target "$mutant_url" --accounts "$work/bad-accounts.yaml"
check "a bad accounts file exits 2 (got $rc)" test "$rc" = 2
check "... naming the file" grep -q 'bad-accounts.yaml' "$work/bad-accounts.log"

run_gate no-accounts --target "$mutant_url"
check "--target without --accounts exits 2 (got $rc)" test "$rc" = 2

serve_rc=0
timeout 10 "$syncsuite" serve --mutant no-such-mutant >"$work/bad-mutant.log" 2>&1 || serve_rc=$?
check "serve --mutant with an unknown name exits 2 (got $serve_rc)" test "$serve_rc" = 2

if ((failures)); then
  echo "$failures check(s) failed"
  for f in "$work"/*.log; do echo "== $f"; tail -n 40 "$f"; done
  exit 1
fi
echo "all checks passed"
