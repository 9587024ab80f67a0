#!/usr/bin/env bash
# Devices per process: resident memory and CPU per encrypting virtual device, at 1,000 and 10,000
# devices against `syncsuite serve` (scenarios/load/scale-10k.yaml: four devices per account, each
# a real client sealing with its account's keys over its own keep-alive connection, one action
# every ~10 s). The figures are the load process's own (its JSON `resources`): peak RSS and the
# CPU seconds it spent, so the server's share is not counted.
# Usage: bash bench/devices.sh [BUILD_DIR] [DURATION]   (default: build, 30s)
#   DEVICES="1000 10000" (environment): the device counts, smallest first; the marginal cost per
#   device is taken between the first and the last.
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-$source_dir/build}
duration=${2:-30s}
read -r -a counts <<<"${DEVICES:-1000 10000}"
syncsuite="$build_dir/syncsuite"
python=/usr/bin/python3
[[ -x "$syncsuite" ]] || { echo "devices.sh: no $syncsuite; build first (cmake --build build)" >&2; exit 2; }
# shellcheck source=../tests/scripts/lib.sh
source "$source_dir/tests/scripts/lib.sh"

# 10,000 connections on each side of loopback.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

start_server serve 's|^listening on \(http://127\.0\.0\.1:[0-9]*\)$|\1|p' \
  "$syncsuite" serve --port 0 --db "$work/serve.db" --accounts 2500 \
  --accounts-out "$work/accounts.yaml"

printf '%-8s %12s %12s %14s %16s %10s %8s\n' devices "peak RSS" "KB/device" "CPU s" "CPU ms/device·s" "req/s" errors
declare -A rss
for devices in "${counts[@]}"; do
  json=$work/devices-$devices.json
  if ! timeout 600 "$syncsuite" load "$source_dir/scenarios/load/scale-10k.yaml" --target "$url" \
      --accounts "$work/accounts.yaml" --devices "$devices" --duration "$duration" --seed 1 -q \
      --json "$json" >"$work/load-$devices.log" 2>&1; then
    echo "devices.sh: the $devices-device run failed:" >&2
    tail -20 "$work/load-$devices.log" >&2
    exit 1
  fi
  read -r peak kb cpu per_device rate errors < <("$python" - "$json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
res = r["resources"]
devices = r["devices"]
# Warm-up plus the measured part: the CPU was spent over both.
seconds = r["duration_s"] + r.get("warmup_s", 0)
requests = sum(a["requests"] for a in r["actions"])
errors = sum(sum(a.get("errors", {}).values()) for a in r["actions"])
print(res["peak_rss_bytes"], round(res["peak_rss_bytes"] / devices / 1024, 1), round(res["cpu_seconds"], 2),
      round(res["cpu_seconds"] * 1000 / devices / seconds, 3), round(requests / r["duration_s"]), errors)
PY
)
  rss[$devices]=$peak
  printf '%-8s %9s MiB %12s %14s %16s %10s %8s\n' "$devices" "$((peak / 1048576))" "$kb" "$cpu" "$per_device" "$rate" "$errors"
done
# What one more device costs, with the process's fixed part (code, server threads, buffers) removed.
first=${counts[0]} last=${counts[${#counts[@]} - 1]}
if (( last > first )); then
  echo "marginal: $(( (rss[$last] - rss[$first]) / (last - first) / 1024 )) KB per device ($first -> $last)"
fi
