#!/usr/bin/env bash
# The conformance catalogue against the example Django + DRF server (examples/django-server, the
# product's own stack under gunicorn): every check must pass, as against the reference server.
# Usage: bash django_conformance.test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build_dir=${1:?usage: django_conformance.test.sh BUILD_DIR SOURCE_DIR}
source_dir=${2:?usage: django_conformance.test.sh BUILD_DIR SOURCE_DIR}
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
start_django

rc=0
timeout 900 "$build_dir/syncsuite" run --target "$url" --accounts "$work/accounts.yaml" \
  --junit "$work/junit.xml" >"$work/run.log" 2>&1 || rc=$?
tail -n 20 "$work/run.log"
if [[ "$rc" != 0 ]]; then
  echo "FAIL - the catalogue against the Django server exited $rc (0 expected)"
  grep -A 40 '^Failures' "$work/run.log" | head -n 200
  tail -n 30 "$work/django.err"
  exit 1
fi
if ! grep -q '<testcase' "$work/junit.xml" || grep -q '<failure' "$work/junit.xml"; then
  echo "FAIL - the JUnit report has no testcase or a failure"
  exit 1
fi
echo "ok - the catalogue passes against the Django example"
