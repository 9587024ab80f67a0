#!/usr/bin/env bash
# `syncsuite merge` and `syncsuite compare` through the real binary, on the committed load results
# files of tests/golden/load/ (kept valid by unit_reports' LoadFixtures): two shards merged into
# one run whose totals are the sums, an incomplete or corrupt set refused with exit 2 naming the
# shard or file and field, thresholds judged on the merged whole (a breach exits 3), and compare
# showing what got worse with --fail-on-regression as a gate. Also parses the Kubernetes example
# (examples/k8s/*.yaml) that runs load shards and the merge as jobs.
# Usage: bash load_results_cli.test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build_dir=${1:?usage: load_results_cli.test.sh BUILD_DIR SOURCE_DIR}
source_dir=${2:?usage: load_results_cli.test.sh BUILD_DIR SOURCE_DIR}
syncsuite="$build_dir/syncsuite"
fixtures="$source_dir/tests/golden/load"
python=/usr/bin/python3  # Debian's: the standard library and python3-yaml
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

# run NAME COMMAND ARGS...: `syncsuite COMMAND ARGS...` with a hard time limit; sets $rc, stdout and stderr in
# $work/NAME.log.
run() {
  local name=$1
  shift
  rc=0
  timeout 60 "$syncsuite" "$@" >"$work/$name.log" 2>&1 || rc=$?
}

# json_edit IN OUT PYTHON: OUT is IN's JSON after the statement PYTHON changed `r` in place.
json_edit() {
  "$python" -c 'import json, sys
r = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(r, open(sys.argv[2], "w"), indent=2)' "$1" "$2" "$3"
}

shard0=$fixtures/shard-0-of-2.json
shard1=$fixtures/shard-1-of-2.json

# --- the two shards merged -----------------------------------------------------------------------
run merge merge "$shard1" "$shard0" --json "$work/merged.json" --report "$work/report"
check "merge of both shards exits 0 (got $rc)" test "$rc" = 0
check "merge prints the k6-style summary with the thresholds judged" grep -q '✓ p99 < 500ms' "$work/merge.log"
check "merged JSON written" test -s "$work/merged.json"
check "merged report written to DIR/index.html" test -s "$work/report/index.html"
check "merged totals are the sums of the shards (requests, ok, records, errors, histogram counts, devices)" \
  "$python" -c '
import json, sys
a, b, m = (json.load(open(p)) for p in sys.argv[1:4])
assert m["shard"] == {"index": 0, "count": 1}, m["shard"]
for key in ("devices", "accounts"):
    assert m[key] == a[key] + b[key], key
def total(r, key):
    return sum(x[key] for x in r["actions"])
for key in ("requests", "ok", "records", "bytes"):
    assert total(m, key) == total(a, key) + total(b, key), key
def errors(r):
    return sum(sum(x["errors"].values()) for x in r["actions"])
assert errors(m) == errors(a) + errors(b)
def count(r):
    return sum(x["latency"]["count"] for x in r["actions"])
assert count(m) == count(a) + count(b) > 0
assert sum(i["requests"] for i in m["intervals"]) == total(m, "requests")
assert m["correctness"]["records_checked"] == a["correctness"]["records_checked"] + b["correctness"]["records_checked"]
assert len(m["threshold_results"]) == len(m["thresholds"]) > 0
assert all(t["passed"] for t in m["threshold_results"]), m["threshold_results"]
' "$shard0" "$shard1" "$work/merged.json"
check "the report loads no external asset" bash -c "! grep -Eq '(src|href)=\"https?://' '$work/report/index.html'"

# The merged file is itself a complete run: merging it alone gives it back.
run merge-again merge "$work/merged.json" --json "$work/merged-again.json"
check "merging the merged file alone exits 0 (got $rc)" test "$rc" = 0
check "... and writes the same file" cmp -s "$work/merged.json" "$work/merged-again.json"

# --- incomplete, duplicate, mixed and corrupt sets: exit 2, named ------------------------------
run missing merge "$shard0" --json "$work/missing.json"
check "merge with a shard missing exits 2 (got $rc)" test "$rc" = 2
check "... naming the missing shard" grep -q 'shard 1 of 2 is missing' "$work/missing.log"
check "... and writes nothing" test ! -e "$work/missing.json"

run twice merge "$shard0" "$shard0" "$shard1"
check "merge with a shard given twice exits 2 (got $rc)" test "$rc" = 2
check "... saying which" grep -q 'shard 0 of 2 is given more than once' "$work/twice.log"

json_edit "$shard1" "$work/other-profile.json" 'r["profile"] = "another-profile"'
run mixed merge "$shard0" "$work/other-profile.json"
check "merge of shards of different profiles exits 2 (got $rc)" test "$rc" = 2
check "... naming both profiles" grep -q "different profiles: 'fixture-mixed' and 'another-profile'" "$work/mixed.log"

json_edit "$shard1" "$work/corrupt.json" 'r["actions"][0]["latency"]["count"] += 1'
run corrupt merge "$shard0" "$work/corrupt.json"
check "merge with a corrupt file exits 2 (got $rc)" test "$rc" = 2
check "... naming the file and the field" \
  grep -q "corrupt.json: field 'actions\[0\].latency.count': differs from the bucket counts" "$work/corrupt.log"

printf '{"schema_version": 1, "kind": "load", "profile": ' >"$work/truncated.json"
run truncated merge "$shard0" "$work/truncated.json"
check "merge with a truncated file exits 2 (got $rc)" test "$rc" = 2
check "... naming it" grep -q 'truncated.json: not valid JSON' "$work/truncated.log"

run absent merge "$shard0" "$work/no-such-file.json"
check "merge with a file that does not exist exits 2 (got $rc)" test "$rc" = 2
check "... naming it" grep -q 'cannot read .*no-such-file.json' "$work/absent.log"

run no-files merge
check "merge without files is a usage error, exit 2 (got $rc)" test "$rc" = 2

# --- thresholds judged on the merged whole ------------------------------------------------------
# p99 of the whole run is above 1 ms, so this breaches; the same threshold in both shards, as a
# profile puts it there.
for i in 0 1; do
  json_edit "$fixtures/shard-$i-of-2.json" "$work/strict-$i.json" 'r["thresholds"] = ["p99 < 1ms", "error_rate < 50%"]'
done
run strict merge "$work/strict-0.json" "$work/strict-1.json" --json "$work/strict.json"
check "merge with a breached threshold exits 3 (got $rc)" test "$rc" = 3
check "... naming the threshold" grep -q 'merge: threshold failed: p99 < 1ms' "$work/strict.log"
check "... not the one that held" bash -c "! grep -q 'threshold failed: error_rate' '$work/strict.log'"
check "... and still writes the merged JSON with the verdicts" "$python" -c '
import json, sys
m = json.load(open(sys.argv[1]))
assert [t["passed"] for t in m["threshold_results"]] == [False, True], m["threshold_results"]' "$work/strict.json"

for i in 0 1; do
  json_edit "$fixtures/shard-$i-of-2.json" "$work/lost-$i.json" \
    "r['correctness']['lost'] = $i; r['correctness']['problems'] = ['account 1 record r-$i: lost'] * $i"
done
run lost merge "$work/lost-0.json" "$work/lost-1.json"
check "merge of a run that lost a record exits 1 (got $rc)" test "$rc" = 1
check "... naming the record" grep -q 'account 1 record r-1: lost' "$work/lost.log"

# --- compare ---------------------------------------------------------------------------------
run compare compare "$fixtures/a.json" "$fixtures/b.json"
check "compare without a limit exits 0 (got $rc)" test "$rc" = 0
check "compare prints the p99 of all actions as worse" grep -Eq '^all +p99_ms .* worse$' "$work/compare.log"
check "... and the throughput as worse" grep -Eq '^all +requests_per_s .* worse$' "$work/compare.log"
check "... with a row per action" grep -Eq '^push +p99_ms ' "$work/compare.log"

run compare-10 compare "$fixtures/a.json" "$fixtures/b.json" --fail-on-regression 10
check "compare --fail-on-regression 10 exits 3 (got $rc)" test "$rc" = 3
check "... marking the regressions" grep -Eq '^all +p99_ms .* worse REGRESSION$' "$work/compare-10.log"
check "... and counting them" grep -q 'compare: FAILED: .* worse by more than 10%' "$work/compare-10.log"

run compare-10pc compare "$fixtures/a.json" "$fixtures/b.json" --fail-on-regression 10%
check "compare --fail-on-regression 10% exits 3 too (got $rc)" test "$rc" = 3

run compare-1000 compare "$fixtures/a.json" "$fixtures/b.json" --fail-on-regression 1000
check "compare --fail-on-regression 1000 exits 0 (got $rc)" test "$rc" = 0
check "... with no regression marked" bash -c "! grep -q REGRESSION '$work/compare-1000.log'"

run compare-same compare "$fixtures/a.json" "$fixtures/a.json" --fail-on-regression 0
check "a run compared with itself has no regression even at 0% (got $rc)" test "$rc" = 0

run compare-corrupt compare "$fixtures/a.json" "$work/corrupt.json"
check "compare with a corrupt file exits 2 (got $rc)" test "$rc" = 2
check "... naming the file and the field" grep -q "corrupt.json: field 'actions\[0\].latency.count'" "$work/compare-corrupt.log"

run compare-bad-limit compare "$fixtures/a.json" "$fixtures/b.json" --fail-on-regression ten
check "compare with a malformed limit exits 2 (got $rc)" test "$rc" = 2
check "... saying so" grep -q "fail-on-regression: 'ten' is not a percentage" "$work/compare-bad-limit.log"

# --- the Kubernetes example parses ------------------------------------------------------------
for f in "$source_dir"/examples/k8s/*.yaml; do
  check "$(basename "$f") parses as YAML" "$python" -c 'import sys, yaml; list(yaml.safe_load_all(open(sys.argv[1])))' "$f"
done
check "the load Job is an Indexed Job whose shard is its completion index" "$python" -c '
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
job = next(d for d in docs if d["kind"] == "Job")
spec = job["spec"]
assert spec["completionMode"] == "Indexed" and spec["completions"] == spec["parallelism"], spec
args = " ".join(spec["template"]["spec"]["containers"][0]["args"])
assert "--shard $(JOB_COMPLETION_INDEX)/%d" % spec["completions"] in args, args
' "$source_dir/examples/k8s/load-job.yaml"

if ((failures)); then
  echo "$failures check(s) failed"
  for f in "$work"/*.log; do echo "== $f"; tail -n 40 "$f"; done
  exit 1
fi
echo "all checks passed"
