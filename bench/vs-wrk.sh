#!/usr/bin/env bash
# The load generator against wrk: how lean is `syncsuite load` when it does nothing but send one
# cheap request in a loop? Starts `syncsuite serve` on 127.0.0.1 and runs, one after the other
# against its GET /healthz (no token check, no storage), `syncsuite load` with a raw closed profile
# (CONNECTIONS devices = connections, zero think time, no warm-up) and wrk with the same number of
# connections and threads for the same time. Prints both request rates and both client CPU times
# per request (user + system of the client process, from /usr/bin/time), and ends with
#   ratio: R        syncsuite req/s / wrk req/s          (goal >= 0.9)
#   cpu ratio: C    syncsuite CPU/request / wrk's        (goal <= 1.1)
#
# Usage: bash bench/vs-wrk.sh [BUILD_DIR]     (default: build)
# Settings (environment): CONNECTIONS=16 THREADS=1 DURATION=10 (seconds) SERVE_THREADS=1
#   PERF=1 also records `perf record -g` of the load process into $WORK/load.perf.data (its CPU
#   then includes perf's own: judge the ratios on a run without it).
# Both clients share the machine with the server: on 2 cores, 1 client thread + 1 server thread
# keeps each on a core of its own. PIN=1 (the default when there are 2 cores or more) makes that
# so with taskset: the server on CPU 0, the client on CPU 1; unpinned, the scheduler sometimes
# puts both on one core and a run's rate drops by a third, for either client.
set -euo pipefail

build_dir=${1:-build}
syncsuite="$build_dir/syncsuite"
connections=${CONNECTIONS:-16}
threads=${THREADS:-1}
duration=${DURATION:-10}
serve_threads=${SERVE_THREADS:-1}
[[ -x "$syncsuite" ]] || { echo "vs-wrk: no $syncsuite (build the syncsuite target)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "vs-wrk: wrk is not installed" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "vs-wrk: /usr/bin/time is not installed (package time)" >&2; exit 2; }

work=${WORK:-$(mktemp -d)}
server_pid=
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [[ -n "${WORK:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT

server_cpu=() client_cpu=()
if [[ "${PIN:-$(( $(nproc) >= 2 ))}" == 1 ]] && command -v taskset >/dev/null; then
  server_cpu=(taskset -c 0) client_cpu=(taskset -c 1)
fi
: >"$work/serve.out"  # exists before the first sed reads it (set -e)
"${server_cpu[@]}" "$syncsuite" serve --port 0 --threads "$serve_threads" --db "$work/serve.db" --accounts 1 \
  --accounts-out "$work/accounts.yaml" >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
url=
for _ in $(seq 1 200); do
  url=$(sed -n 's|^listening on \(http://127\.0\.0\.1:[0-9]*\)$|\1|p' "$work/serve.out")
  [[ -n "$url" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 2; }
  sleep 0.05
done
[[ -n "$url" ]] || { echo "vs-wrk: serve did not start" >&2; exit 2; }
token=$(sed -n 's/^ *- token: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$work/accounts.yaml" | head -1)
[[ -n "$token" ]] || { echo "vs-wrk: no token in $work/accounts.yaml" >&2; exit 2; }

cat >"$work/raw.yaml" <<YAML
name: vs-wrk
model: closed
devices: $connections
devices_per_account: $connections
warmup: 0s
duration: ${duration}s
timeout: 5s
mix:
  - {action: raw, method: GET, path: /healthz}
YAML

# --- syncsuite load ------------------------------------------------------------------------------
load_cmd=("$syncsuite" load "$work/raw.yaml" --target "$url" --accounts "$work/accounts.yaml"
  --threads "$threads" --seed 1 --quiet --json "$work/load.json")
if [[ "${PERF:-0}" == 1 ]]; then
  load_cmd=(perf record -g -o "$work/load.perf.data" -- "${load_cmd[@]}")
fi
timeout $((duration + 120)) "${client_cpu[@]}" /usr/bin/time -f '%U %S' -o "$work/load.time" "${load_cmd[@]}" \
  >"$work/load.out" 2>"$work/load.err" || {
  echo "vs-wrk: syncsuite load failed:" >&2
  tail -20 "$work/load.err" "$work/load.out" >&2
  exit 1
}

# --- wrk -----------------------------------------------------------------------------------------
timeout $((duration + 60)) "${client_cpu[@]}" /usr/bin/time -f '%U %S' -o "$work/wrk.time" \
  wrk -t"$threads" -c"$connections" -d"${duration}s" -H "Authorization: Token $token" \
  "$url/healthz" >"$work/wrk.out" 2>"$work/wrk.err" || {
  echo "vs-wrk: wrk failed:" >&2
  cat "$work/wrk.err" "$work/wrk.out" >&2
  exit 1
}

pinned=$([[ ${#client_cpu[@]} -gt 0 ]] && echo "serve on CPU 0, client on CPU 1" || echo "not pinned")
python3 - "$work" "$connections" "$threads" "$duration" "$serve_threads" "$pinned" <<'PY'
import json, re, sys
work, connections, threads, duration, serve_threads, pinned = sys.argv[1:]

def cpu(name):
    user, system = open(f"{work}/{name}.time").read().split()[-2:]
    return float(user) + float(system)

load = json.load(open(f"{work}/load.json"))
action = load["actions"][0]
load_requests = action["requests"]
load_errors = load_requests - action["ok"]
load_rate = load_requests / load["duration_s"]
load_cpu = cpu("load")

wrk = open(f"{work}/wrk.out").read()
wrk_requests = int(re.search(r"(\d+) requests in", wrk).group(1))
wrk_rate = float(re.search(r"Requests/sec:\s*([\d.]+)", wrk).group(1))
m = re.search(r"Non-2xx or 3xx responses: (\d+)", wrk)
wrk_errors = int(m.group(1)) if m else 0
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", wrk)
wrk_errors += sum(int(x) for x in m.groups()) if m else 0
wrk_cpu = cpu("wrk")

per_load = load_cpu / max(load_requests, 1) * 1e6
per_wrk = wrk_cpu / max(wrk_requests, 1) * 1e6
print(f"GET /healthz, {connections} connections, {threads} client thread(s), {duration} s, "
      f"serve --threads {serve_threads}, {pinned}")
print(f"syncsuite load: {load_rate:10.0f} req/s  {load_requests} requests, {load_errors} errors, "
      f"CPU {load_cpu:.2f} s = {per_load:.2f} us/request")
print(f"wrk:            {wrk_rate:10.0f} req/s  {wrk_requests} requests, {wrk_errors} errors, "
      f"CPU {wrk_cpu:.2f} s = {per_wrk:.2f} us/request")
print(f"ratio: {load_rate / wrk_rate:.2f}")
print(f"cpu ratio: {per_load / per_wrk:.2f}")
PY
