#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test syncsuite (run as root).
# Idempotent: packages already present are not touched, and apt is asked only when one is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates clang libclang-rt-14-dev
  libboost1.81-dev libboost-url1.81-dev libssl-dev
  libsodium-dev libsqlite3-dev sqlite3 nlohmann-json3-dev libsimdjson-dev libyaml-cpp-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium
  python3 python3-django python3-djangorestframework python3-nacl python3-yaml gunicorn
  curl openssl
  wrk  # bench/: the side-by-side throughput scripts
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Node.js may come from another source (NodeSource ships npm inside its nodejs package, which
# conflicts with Debian's npm): ask apt only when the commands are missing.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# JavaScript interop tests and the example JavaScript client (tweetnacl), each pinned by its
# package-lock.json.
here=$(cd "$(dirname "$0")/.." && pwd)
for js in tests/interop examples/js-client; do
  if [ -f "$here/$js/package-lock.json" ] && [ ! -d "$here/$js/node_modules/tweetnacl" ]; then
    (cd "$here/$js" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
