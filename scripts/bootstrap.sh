#!/usr/bin/env bash
# The two Quick start commands of the README:
#   bash scripts/bootstrap.sh main   install what is missing, build, run the conformance
#                                    scenarios against the embedded reference server
#   bash scripts/bootstrap.sh test   install what is missing, build, run every test
# Extra arguments after `main` go to `syncsuite run`.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-main}
shift || true

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release ${SYNCSUITE_CMAKE_ARGS:-}
cmake --build build

case "$mode" in
  main) exec build/syncsuite run "$@" ;;
  test) exec ctest --test-dir build --output-on-failure --timeout 1200 -j2 ;;
  *) echo "usage: bash scripts/bootstrap.sh main|test" >&2; exit 2 ;;
esac
