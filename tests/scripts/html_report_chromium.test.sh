#!/usr/bin/env bash
# The HTML report in a real browser: headless Chromium loads the golden sample report (which
# unit_reports keeps byte-equal to html_writer's output), runs its inline script, and we check the
# rendered DOM (verdicts, the failing check, escaped wire text, the #problems filter) and a
# screenshot (a real PNG showing the verdict colours). Also parses the golden JUnit XML with expat
# and the golden JSON, the two other writers' outputs for the same run.
# Usage: bash html_report_chromium.test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build_dir=${1:?usage: $0 BUILD_DIR SOURCE_DIR}
source_dir=${2:?usage: $0 BUILD_DIR SOURCE_DIR}
golden=$(cd "$source_dir/tests/golden/reports" && pwd)  # absolute: it goes into a file:// URL
checker=$source_dir/tests/scripts/html_report/check_report.py
python=/usr/bin/python3  # Debian's, not a pyenv shim: only the standard library is used
chromium=$(command -v chromium || true)

[ -f "$golden/report.html" ] || { echo "FAIL: $golden/report.html missing"; exit 1; }
[ -n "$chromium" ] || { echo "FAIL: chromium not installed (scripts/install-deps.sh installs it)"; exit 1; }

# The golden must be what the writer produces now, or we would be testing a stale file.
unit=$build_dir/tests/unit_reports
if [ -x "$unit" ]; then
  "$unit" --gtest_filter='*WriterTest.MatchesGolden' --gtest_brief=1 >/dev/null ||
    { echo "FAIL: golden reports differ from the writers' output (run $unit for details)"; exit 1; }
  echo "ok: golden report.html, report.xml and report.json equal the writers' output"
else
  echo "note: $unit not built; checking the golden files as committed"
fi

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"  # $work, removed at exit; run_chromium

page="file://$golden/report.html"
run_chromium --dump-dom "$page" >"$work/dom.html"
"$python" "$checker" dom "$work/dom.html"
# Control: the same checks on the file as written (no browser, no script run) must fail.
if "$python" "$checker" dom "$golden/report.html" >"$work/control.log"; then
  echo "FAIL: the DOM check passes without a browser; it cannot tell whether the script ran"
  exit 1
fi
echo "ok: control: the unrendered file fails the DOM check ($(tail -1 "$work/control.log"))"

run_chromium --dump-dom "$page#problems" >"$work/problems.html"
"$python" "$checker" problems "$work/problems.html"

width=1280 height=1600
run_chromium --hide-scrollbars --window-size=$width,$height --screenshot="$work/report.png" "$page"
[ -s "$work/report.png" ] || { echo "FAIL: screenshot is empty"; exit 1; }
"$python" "$checker" png "$work/report.png" $width $height

"$python" "$checker" junit "$golden/report.xml"
"$python" "$checker" json "$golden/report.json"
echo "html_report_chromium: all checks passed"
