#!/usr/bin/env bash
# Seal/open path versus raw crypto_box_*_afternm at 256 B: medians of 5 repetitions, as ratios.
# Usage: bench/seal.sh [BUILD_DIR]   (build the syncsuite_bench target first)
set -euo pipefail
build=${1:-build}
out=$(timeout 300 "$build/syncsuite_bench" \
  --benchmark_filter='^BM_(RawAfternm|SealBinary|SealEnvelope|RawOpenAfternm|OpenEnvelope)/256' \
  --benchmark_repetitions=5 --benchmark_report_aggregates_only=true --benchmark_format=csv 2>/dev/null)
echo "$out" | grep '_median"' | cut -d, -f1,4 >&2 || true
# items_per_second (column "items_per_second" of the CSV) of each benchmark's median row.
rate() {
  echo "$out" | awk -F, -v name="\"BM_$1/256_median\"" '
    NR == 1 || /^name,/ { for (i = 1; i <= NF; i++) if ($i == "items_per_second") col = i; next }
    $1 == name { print $col }'
}
ratio() { awk -v a="$(rate "$1")" -v b="$(rate "$2")" 'BEGIN { printf "%.2f", a / b }'; }
echo "seal binary: $(ratio SealBinary RawAfternm)× raw"
echo "seal envelope: $(ratio SealEnvelope RawAfternm)× raw"
echo "open envelope: $(ratio OpenEnvelope RawOpenAfternm)× raw"
