#!/usr/bin/env bash
# `syncsuite load` through the real binary and real processes: a smoke run against the embedded
# server with JSON and HTML written; every documented exit code with a clear message (3 a breached
# threshold, 2 a threshold on an unknown metric, a bad profile, an unreachable target, 1 a server
# that loses acknowledged writes); and two shards run as separate processes against one
# `syncsuite serve`, merged by `syncsuite merge` into exactly the sum of the shards.
# Usage: bash load_cli.test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build_dir=${1:?usage: load_cli.test.sh BUILD_DIR SOURCE_DIR}
source_dir=${2:?usage: load_cli.test.sh BUILD_DIR SOURCE_DIR}
syncsuite="$build_dir/syncsuite"
python=/usr/bin/python3
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

# run_load NAME ARGS...: `syncsuite load` with a hard time limit; sets $rc, output in $work/NAME.log.
run_load() {
  local name=$1
  shift
  rc=0
  timeout 300 "$syncsuite" load "$@" >"$work/$name.log" 2>&1 || rc=$?
}
# expect NAME CODE TEXT: the run NAME exited CODE and its output holds TEXT.
expect() {
  local name=$1 code=$2 text=$3
  if [[ "$rc" != "$code" ]]; then
    fail "$name: exit $rc, expected $code"
    tail -20 "$work/$name.log"
  elif ! grep -qF -- "$text" "$work/$name.log"; then
    fail "$name: exit $code but the output lacks '$text'"
    tail -20 "$work/$name.log"
  else
    pass "$name: exit $code, says '$text'"
  fi
}

small() {  # small NAME THRESHOLD...: a short closed profile with these thresholds
  local file=$work/$1.yaml
  shift
  cat >"$file" <<YAML
name: small
model: closed
devices: 6
devices_per_account: 3
records_per_account: 50
duration: 2s
think_time: {min: 0ms, max: 10ms}
mix:
  - {action: push, weight: 5, records: 3}
  - {action: pull, weight: 3}
  - {action: conflict, weight: 1}
  - {action: delete, weight: 1}
YAML
  (($#)) && echo "thresholds:" >>"$file"
  for t in "$@"; do echo "  - \"$t\"" >>"$file"; done
  echo "$file"
}

# --- the smoke profile, as documented -----------------------------------------------------------
run_load smoke "$source_dir/scenarios/load/smoke.yaml" --duration 2s --seed 3 \
  --json "$work/smoke.json" --report "$work/smoke-report"
expect smoke 0 "CORRECTNESS ✓"
check "smoke: results JSON written" test -s "$work/smoke.json"
check "smoke: HTML report written" test -s "$work/smoke-report/index.html"
check "smoke: JSON has schema 1, kind load, every action ran, nothing lost" "$python" - "$work/smoke.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["schema_version"] == 1 and r["kind"] == "load", r.get("kind")
assert r["devices"] == 20 and r["accounts"] == 5
names = [a["action"] for a in r["actions"]]
assert names == ["push", "pull", "status", "conflict", "delete"], names
for a in r["actions"]:
    assert a["requests"] > 0, a["action"]
c = r["correctness"]
assert c["passed"] and c["lost"] == 0 and c["acknowledged_writes"] > 0 and c["records_checked"] > 0, c
assert all(t["passed"] for t in r["threshold_results"]), r["threshold_results"]
PY

# --- exit codes ---------------------------------------------------------------------------------
run_load breach "$(small breach 'p99 < 1us')" -q
expect breach 3 "p99 < 1us"

run_load unknown-metric "$(small unknown-metric 'p98(push) < 1s')"
expect unknown-metric 2 "thresholds[0]"
check "unknown metric: named with file and line" grep -qE "unknown-metric.yaml:[0-9]+:[0-9]+: thresholds\[0\]" "$work/unknown-metric.log"

run_load unknown-action "$(small unknown-action 'p99(pusj) < 1s')"
expect unknown-action 2 "pusj"

printf 'name: bad\nmodel: closed\ndevices: 2\nduration: 1s\nmix:\n  - {action: push, recods: 3}\n' >"$work/bad.yaml"
run_load bad-profile "$work/bad.yaml"
expect bad-profile 2 "bad.yaml:6"

printf 'accounts:\n  - token: "aaaa"\n  - token: "bbbb"\n' >"$work/accounts.yaml"
run_load unreachable "$(small unreachable)" --target http://127.0.0.1:1 --accounts "$work/accounts.yaml"
expect unreachable 2 "127.0.0.1:1"

run_load lossy "$(small lossy)" --mutant no-conflict-check -q --json "$work/lossy.json"
expect lossy 1 "lost"
check "lossy: the JSON says which records" "$python" -c '
import json, sys
c = json.load(open(sys.argv[1]))["correctness"]
assert not c["passed"] and c["lost"] > 0 and any("record r" in p for p in c["problems"]), c' "$work/lossy.json"

# --- two shards as two processes, merged ------------------------------------------------------
start_server serve 's|^listening on \(https\?://127\.0\.0\.1:[0-9]*\)$|\1|p' \
  "$syncsuite" serve --port 0 --db "$work/serve.db" --accounts 4 --accounts-out "$work/serve-accounts.yaml"
cat >"$work/sharded.yaml" <<'YAML'
name: sharded
model: closed
devices: 8
devices_per_account: 2
records_per_account: 40
duration: 2s
think_time: {min: 5ms, max: 20ms}
mix:
  - {action: push, weight: 3, records: 2}
  - {action: pull, weight: 2}
  - {action: status}
thresholds:
  - "error_rate < 1%"
YAML
rc0=0 rc1=0
timeout 300 "$syncsuite" load "$work/sharded.yaml" --target "$url" --accounts "$work/serve-accounts.yaml" \
  --shard 0/2 --seed 1 -q --json "$work/shard-0.json" >"$work/shard-0.log" 2>&1 &
p0=$!
timeout 300 "$syncsuite" load "$work/sharded.yaml" --target "$url" --accounts "$work/serve-accounts.yaml" \
  --shard 1/2 --seed 1 -q --json "$work/shard-1.json" >"$work/shard-1.log" 2>&1 &
p1=$!
wait $p0 || rc0=$?
wait $p1 || rc1=$?
check "shard 0/2 exit 0 (is $rc0)" test "$rc0" = 0
check "shard 1/2 exit 0 (is $rc1)" test "$rc1" = 0
rc=0
timeout 120 "$syncsuite" merge "$work/shard-0.json" "$work/shard-1.json" --json "$work/merged.json" \
  --report "$work/merged-report" >"$work/merge.log" 2>&1 || rc=$?
expect merge 0 "error_rate"
check "merge: HTML report written" test -s "$work/merged-report/index.html"
check "merge: the merged run is exactly the sum of its shards" "$python" - "$work/shard-0.json" "$work/shard-1.json" "$work/merged.json" <<'PY'
import json, sys
a, b, m = (json.load(open(p)) for p in sys.argv[1:4])
assert (a["shard"]["index"], b["shard"]["index"]) == (0, 1) and a["shard"]["count"] == 2
assert m["shard"] == {"index": 0, "count": 1}, m["shard"]
assert a["devices"] == 4 and b["devices"] == 4 and m["devices"] == 8
assert m["accounts"] == a["accounts"] + b["accounts"] == 4
for x, y, z in zip(a["actions"], b["actions"], m["actions"]):
    assert x["action"] == y["action"] == z["action"]
    for key in ("requests", "ok", "records", "bytes", "dropped"):
        assert z[key] == x[key] + y[key], (z["action"], key)
    assert z["latency"]["count"] == x["latency"]["count"] + y["latency"]["count"]
    assert z["latency"]["max_us"] == max(x["latency"]["max_us"], y["latency"]["max_us"])
    buckets = {}
    for h in (x["latency"]["buckets"], y["latency"]["buckets"]):
        for i, n in h:
            buckets[i] = buckets.get(i, 0) + n
    assert sorted(buckets.items()) == sorted(map(tuple, z["latency"]["buckets"])), z["action"]
c = m["correctness"]
assert c["acknowledged_writes"] == a["correctness"]["acknowledged_writes"] + b["correctness"]["acknowledged_writes"]
assert c["passed"], c
PY

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
