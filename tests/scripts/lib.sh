# Shared by the script tests (sourced, not run): a scratch folder removed at exit with every
# background process, TAP-like check lines, servers started on a free loopback port, and headless
# Chromium runs.

work=$(mktemp -d)
pids=()
failures=0

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

pass() { echo "ok   - $*"; }
fail() { echo "FAIL - $*"; failures=$((failures + 1)); }
# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() {
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

# start_server NAME SED_PATTERN COMMAND...: runs COMMAND in the background (output in
# $work/NAME.out and .err), waits at most 30 s for a stdout line that SED_PATTERN (a sed
# substitution printing the URL) matches; sets $url and $server_pid, or exits 1.
start_server() {
  local name=$1 pattern=$2
  shift 2
  # Created before the child starts: under load the first sed can run before the child's
  # redirection does, and a missing file would end the caller (set -e, pipefail).
  : >"$work/$name.out"
  : >"$work/$name.err"
  "$@" >"$work/$name.out" 2>"$work/$name.err" &
  server_pid=$!
  pids+=("$server_pid")
  url=""
  for _ in $(seq 1 300); do
    url=$(sed -n "$pattern" "$work/$name.out" | head -n 1)
    [[ -n "$url" ]] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "FAIL - $name did not become ready"
  cat "$work/$name.out" "$work/$name.err"
  exit 1
}

# start_django: the example Django server with two accounts in $work/accounts.yaml.
start_django() {
  start_server django 's|^django-server: ready on \(http://127\.0\.0\.1:[0-9]*\)$|\1|p' \
    "$source_dir/examples/django-server/run.sh" --port 0 --db "$work/sync.sqlite3" --accounts 2 \
    --accounts-out "$work/accounts.yaml"
}

# run_chromium ARGS...: one headless Chromium run with ARGS (e.g. --dump-dom URL), bounded, with no
# network side channels and a throwaway profile under $work; its stdout is the caller's. Exits 1
# with Chromium's log when it fails. Needs $chromium (its path).
run_chromium() {
  local log=$work/chromium.log
  if ! timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --disable-dev-shm-usage --user-data-dir="$(mktemp -d -p "$work")" "$@" 2>"$log"; then
    echo "FAIL: chromium $* failed; its log:"
    tail -20 "$log"
    exit 1
  fi
}
