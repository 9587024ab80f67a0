#!/usr/bin/env bash
# The load report in a real browser: `syncsuite merge` joins the two committed shard files of
# tests/golden/load/ and writes the report of the whole run; headless Chromium renders it, and we
# check the rendered DOM (the verdict, the four charts each drawing its series, no external URL)
# and a screenshot (a real PNG, not a blank page). A breached threshold turns the verdict to fail.
# Usage: bash load_report_chromium.test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build_dir=${1:?usage: $0 BUILD_DIR SOURCE_DIR}
source_dir=${2:?usage: $0 BUILD_DIR SOURCE_DIR}
syncsuite=$build_dir/syncsuite
fixtures=$source_dir/tests/golden/load
checker=$source_dir/tests/scripts/html_report/check_load_report.py
python=/usr/bin/python3  # Debian's, not a pyenv shim: only the standard library is used
chromium=$(command -v chromium || true)

[ -x "$syncsuite" ] || { echo "FAIL: $syncsuite not built"; exit 1; }
[ -n "$chromium" ] || { echo "FAIL: chromium not installed (scripts/install-deps.sh installs it)"; exit 1; }

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"  # $work, removed at exit; run_chromium

rc=0
timeout 60 "$syncsuite" merge "$fixtures/shard-0-of-2.json" "$fixtures/shard-1-of-2.json" \
  --report "$work/report" >"$work/merge.log" 2>&1 || rc=$?
[ "$rc" = 0 ] || { echo "FAIL: merge exited $rc"; cat "$work/merge.log"; exit 1; }
echo "ok: merge wrote $work/report/index.html"

page="file://$work/report/index.html"
run_chromium --dump-dom "$page" >"$work/dom.html"
[ -s "$work/dom.html" ] || { echo "FAIL: Chromium dumped an empty DOM"; exit 1; }
"$python" "$checker" dom "$work/dom.html" pass

width=1280 height=2400
run_chromium --hide-scrollbars --window-size=$width,$height --screenshot="$work/report.png" "$page"
[ -s "$work/report.png" ] || { echo "FAIL: screenshot is empty"; exit 1; }
"$python" "$checker" png "$work/report.png" $width $height

# The same run judged against a threshold it breaches: the rendered verdict says fail.
for i in 0 1; do
  "$python" -c 'import json, sys
r = json.load(open(sys.argv[1])); r["thresholds"] = ["p99 < 1ms"]; json.dump(r, open(sys.argv[2], "w"))' \
    "$fixtures/shard-$i-of-2.json" "$work/strict-$i.json"
done
rc=0
timeout 60 "$syncsuite" merge "$work/strict-0.json" "$work/strict-1.json" --report "$work/strict" \
  >"$work/strict.log" 2>&1 || rc=$?
[ "$rc" = 3 ] || { echo "FAIL: merge with a breached threshold exited $rc, not 3"; cat "$work/strict.log"; exit 1; }
run_chromium --dump-dom "file://$work/strict/index.html" >"$work/strict-dom.html"
"$python" "$checker" dom "$work/strict-dom.html" fail
echo "load_report_chromium: all checks passed"
