#!/usr/bin/env bash
# The bench/ scripts from a fresh build, each with one command, shortened: each must finish and
# end with its figures (push-vs.sh and vs-wrk.sh their ratio lines, seal.sh its three ratios,
# devices.sh its table and marginal cost). The figures themselves are measured, never judged here.
# Usage: bash bench_scripts.test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build_dir=${1:?usage: bench_scripts.test.sh BUILD_DIR SOURCE_DIR}
source_dir=${2:?usage: bench_scripts.test.sh BUILD_DIR SOURCE_DIR}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

failed=0
# expect FILE REGEX...: every regex matches a whole line of FILE.
expect() {
  local file=$1
  shift
  for pattern in "$@"; do
    if ! grep -Eq "^${pattern}\$" "$file"; then
      echo "FAIL: $(basename "$file"): no line matching /^${pattern}\$/" >&2
      failed=1
    fi
  done
}
number='[0-9]+(\.[0-9]+)?'

echo "== push-vs.sh"
WRK_ARGS="-t1 -c2 -d1s" FILL=2000 timeout 300 bash "$source_dir/bench/push-vs.sh" "$build_dir" \
  >"$out/push-vs.txt" 2>&1 || { cat "$out/push-vs.txt" >&2; failed=1; }
tail -6 "$out/push-vs.txt"
expect "$out/push-vs.txt" "syncsuite: [0-9]+ records/s" "django: [0-9]+ records/s" "ratio: $number" \
  "syncsuite pull: [0-9]+ records/s" "django pull: [0-9]+ records/s" "pull ratio: $number"

echo "== vs-wrk.sh"
DURATION=1 CONNECTIONS=4 timeout 300 bash "$source_dir/bench/vs-wrk.sh" "$build_dir" \
  >"$out/vs-wrk.txt" 2>&1 || { cat "$out/vs-wrk.txt" >&2; failed=1; }
tail -4 "$out/vs-wrk.txt"
expect "$out/vs-wrk.txt" "ratio: $number" "cpu ratio: $number"

if [[ -x "$build_dir/syncsuite_bench" ]]; then
  echo "== seal.sh"
  timeout 300 bash "$source_dir/bench/seal.sh" "$build_dir" >"$out/seal.txt" 2>/dev/null ||
    { cat "$out/seal.txt" >&2; failed=1; }
  cat "$out/seal.txt"
  expect "$out/seal.txt" "seal binary: ${number}× raw" "seal envelope: ${number}× raw" \
    "open envelope: ${number}× raw"
fi

echo "== devices.sh"
DEVICES="20 100" timeout 300 bash "$source_dir/bench/devices.sh" "$build_dir" 1s \
  >"$out/devices.txt" 2>&1 || { cat "$out/devices.txt" >&2; failed=1; }
cat "$out/devices.txt"
expect "$out/devices.txt" "20 +[0-9]+ MiB +$number +$number +$number +[0-9]+ +0" \
  "100 +[0-9]+ MiB +$number +$number +$number +[0-9]+ +0" "marginal: -?[0-9]+ KB per device \(20 -> 100\)"

exit "$failed"
