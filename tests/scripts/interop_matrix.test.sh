#!/usr/bin/env bash
# The interop matrix (`syncsuite matrix`), as a CI job runs it: two clients (the reference client
# behind its adapter, and the JavaScript tweetnacl client of examples/js-client) against two
# servers (the embedded reference server and the example Django + DRF server): every pairing
# passes; the console, JSON, JUnit and HTML show the 2 × 2 grid. Then a broken client (a mutant that
# ignores has_more) fails in both of its pairings, and the matrix exits 1 naming the check.
# Usage: bash interop_matrix.test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build_dir=$(cd "${1:?usage: $0 BUILD_DIR SOURCE_DIR}" && pwd)
source_dir=$(cd "${2:?usage: $0 BUILD_DIR SOURCE_DIR}" && pwd)
source "$source_dir/tests/scripts/lib.sh"
syncsuite=$build_dir/syncsuite
cd "$source_dir"

if [[ ! -f examples/js-client/node_modules/tweetnacl/package.json ]]; then
  echo "FAIL - tweetnacl is missing from examples/js-client/node_modules: run scripts/install-deps.sh"
  exit 1
fi
start_django
django_url=$url

# matrix NAME EXPECTED_EXIT ARGS...: runs `syncsuite matrix ARGS` (bounded), output in $work/NAME.out.
matrix() {
  local name=$1 want=$2
  shift 2
  local got=0
  timeout 900 "$syncsuite" matrix --no-reference-client --target "$django_url" \
    --accounts "$work/accounts.yaml" "$@" >"$work/$name.out" 2>&1 || got=$?
  if [[ $got == "$want" ]]; then
    pass "$name: exit $got"
  else
    fail "$name: exit $got, expected $want"
    tail -n 60 "$work/$name.out"
  fi
}

matrix clean 0 --adapter "$syncsuite adapter" --client-name "reference adapter" \
  --adapter "node examples/js-client/adapter.js" --client-name "js-client" \
  --json "$work/clean.json" --junit "$work/clean.xml" --report "$work/clean-report"
check "clean: the console grid ends PASS with 4 pairings" grep -q "^matrix: PASS (4 pairings" "$work/clean.out"
check "clean: the JSON has 4 cells, each passing with 5 scenarios" python3 - "$work/clean.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
cells = doc["cells"]
assert doc["schema_version"] == 1 and doc["verdict"] == "pass", doc["verdict"]
assert len(cells) == 4, len(cells)
assert {c["client"] for c in cells} == {"reference adapter", "js-client"}
assert len({c["server"] for c in cells}) == 2
for c in cells:
    s = c["run"]["summary"]["scenarios"]
    assert c["outcome"] == "pass" and s["total"] == 5 and s["pass"] == 5, (c["client"], c["server"], s)
PY
check "clean: the JUnit report has 20 testcases and no failure" bash -c \
  "[[ \$(grep -c '<testcase' '$work/clean.xml') == 20 ]] && ! grep -q '<failure' '$work/clean.xml'"
check "clean: the HTML grid has 4 passing cells, each linking its report" bash -c \
  "[[ \$(grep -o 'class=\"cell\"[^>]*data-outcome=\"pass\"' '$work/clean-report/index.html' | wc -l) == 4 ]] &&
   [[ \$(grep -o 'class=\"cell-report\"' '$work/clean-report/index.html' | wc -l) == 4 ]] &&
   [[ -f '$work/clean-report/cell-2-2/report.html' ]]"

matrix broken 1 --adapter "$syncsuite adapter --mutant ignore-has-more" --client-name "mutant ignore-has-more" \
  --adapter "node examples/js-client/adapter.js" --client-name "js-client" --json "$work/broken.json"
check "broken: the console names the failing check" grep -q "FAIL 8/interop-records-cross" "$work/broken.out"
check "broken: the mutant fails on both servers, the JS client passes on both" python3 - "$work/broken.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
outcome = {(c["client"], c["server"]): c["outcome"] for c in doc["cells"]}
assert doc["verdict"] == "fail", doc["verdict"]
for (client, server), o in outcome.items():
    want = "fail" if client.startswith("mutant") else "pass"
    assert o == want, (client, server, o)
PY

exit $((failures > 0))
