#!/usr/bin/env bash
# The conformance catalogue against the example Django + DRF server (examples/django-server, the
# product's own stack under gunicorn): every check must pass, as against the reference server.
# Usage: bash django_conformance.test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build_dir=${1:?usage: django_conformance.test.sh BUILD_DIR SOURCE_DIR}
source_dir=${2:?usage: django_conformance.test.sh BUILD_DIR SOURCE_DIR}
work=$(mktemp -d)
server_pid=""

cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

"$source_dir/examples/django-server/run.sh" --port 0 --db "$work/sync.sqlite3" --accounts 2 \
  --accounts-out "$work/accounts.yaml" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!

url=""
for _ in $(seq 1 300); do  # at most 30 s
  url=$(sed -n 's|^django-server: ready on \(http://127\.0\.0\.1:[0-9]*\)$|\1|p' "$work/server.out" | head -n 1)
  [[ -n "$url" ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z "$url" ]]; then
  echo "FAIL - the Django server did not start"; cat "$work/server.out" "$work/server.err"
  exit 1
fi

rc=0
timeout 900 "$build_dir/syncsuite" run --target "$url" --accounts "$work/accounts.yaml" \
  --junit "$work/junit.xml" >"$work/run.log" 2>&1 || rc=$?
tail -n 20 "$work/run.log"
if [[ "$rc" != 0 ]]; then
  echo "FAIL - the catalogue against the Django server exited $rc (0 expected)"
  grep -A 40 '^Failures' "$work/run.log" | head -n 200
  tail -n 30 "$work/server.err"
  exit 1
fi
if ! grep -q '<testcase' "$work/junit.xml" || grep -q '<failure' "$work/junit.xml"; then
  echo "FAIL - the JUnit report has no testcase or a failure"
  exit 1
fi
echo "ok - the catalogue passes against the Django example"
