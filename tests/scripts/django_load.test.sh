#!/usr/bin/env bash
# A short load run against the example Django + DRF server (examples/django-server, under
# gunicorn): every action, devices of one account conflicting, and the final check that every
# acknowledged write is on the server and decrypts (with PyNaCl's crypto_box on the server side
# never touching plaintext). The contract's independent implementation must pass as the
# reference server does.
# Usage: bash django_load.test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build_dir=${1:?usage: django_load.test.sh BUILD_DIR SOURCE_DIR}
source_dir=${2:?usage: django_load.test.sh BUILD_DIR SOURCE_DIR}
syncsuite="$build_dir/syncsuite"
python=/usr/bin/python3
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

start_server django 's|^django-server: ready on \(http://127\.0\.0\.1:[0-9]*\)$|\1|p' \
  "$source_dir/examples/django-server/run.sh" --port 0 --db "$work/sync.sqlite3" --accounts 4 \
  --accounts-out "$work/accounts.yaml"
echo "django ready at $url"

cat >"$work/django.yaml" <<'YAML'
name: django-short
description: 12 devices on 4 accounts, every action, 4 s after a 1 s warm-up.
model: closed
devices: 12
devices_per_account: 3
records_per_account: 60
warmup: 1s
duration: 4s
think_time: {min: 20ms, max: 80ms}
timeout: 10s
mix:
  - {action: push, weight: 40, records: 5, bytes: 256}
  - {action: pull, weight: 30, limit: 20}
  - {action: status, weight: 10}
  - {action: conflict, weight: 10, resolution: merged}
  - {action: delete, weight: 10, records: 2}
thresholds:
  - "error_rate < 1%"
YAML

rc=0
timeout 300 "$syncsuite" load "$work/django.yaml" --target "$url" --accounts "$work/accounts.yaml" \
  --seed 5 --json "$work/django.json" --report "$work/report" >"$work/load.log" 2>&1 || rc=$?
cat "$work/load.log"
check "load against Django exits 0 (is $rc)" test "$rc" = 0
check "report written" test -s "$work/report/index.html"
check "every action ran without server or protocol errors, every write kept" "$python" - "$work/django.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for a in r["actions"]:
    # A resolve that met a newer write four times running is a race of the workload, not a fault.
    others = {k: n for k, n in a["errors"].items() if k != "conflict"}
    assert a["requests"] > 0 and not others, (a["action"], a["requests"], a["errors"])
c = r["correctness"]
assert c["passed"] and c["acknowledged_writes"] > 0 and c["records_checked"] > 0, c
assert r["target"].startswith("http://127.0.0.1:"), r["target"]
PY

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
