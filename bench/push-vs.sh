#!/usr/bin/env bash
# Push and pull throughput of `syncsuite serve` beside the example Django server, same wrk settings
# against both in one run. Push: 500-record batches of fresh ids (bench/push.lua); every answer must
# be 200; requests take four accounts in turn, as many users would. Pull: a fifth account filled
# with FILL records, then 1,000-record pages from cursors spread over the data (bench/pull.lua).
# serve runs with --shards 4 --threads 4 (one SQLite file, so one writer, per pushing account;
# a thread per shard so that one shard's fsync never idles the others); Django with run.sh's
# defaults (gunicorn, one worker of 4 threads). Ends with the lines
#   syncsuite: N records/s / django: M records/s / ratio: R / syncsuite pull: N records/s /
#   django pull: M records/s / pull ratio: R
# Usage: bash bench/push-vs.sh [BUILD_DIR]   (env: WRK_ARGS, default "-t2 -c4 -d10s"; FILL, 20000;
#   SERVE_ARGS, default "--shards 4 --threads 4")
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(dirname "$here")
build_dir=$(realpath -- "${1:-build}")
syncsuite=$build_dir/syncsuite
wrk_args=${WRK_ARGS:--t2 -c4 -d10s}
fill=${FILL:-20000}
read -r -a serve_args <<<"${SERVE_ARGS:---shards 4 --threads 4}"
python=/usr/bin/python3
[[ -x "$syncsuite" ]] || { echo "push-vs: no $syncsuite (build the syncsuite target)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "push-vs: wrk is not installed" >&2; exit 2; }

# The scratch folder, background servers cleaned up at exit, and start_server (sets $url).
# shellcheck source=../tests/scripts/lib.sh
source "$source_dir/tests/scripts/lib.sh"

tokens_of() { sed -n 's/^ *- token: *"\([^"]*\)".*/\1/p' "$1" | paste -sd, -; }

start_server serve 's|^listening on \(http://127\.0\.0\.1:[0-9]*\).*$|\1|p' \
  "$syncsuite" serve --address 127.0.0.1 --port 0 --db "$work/serve.sqlite3" "${serve_args[@]}" \
  --accounts 5 --accounts-out "$work/serve-accounts.yaml"
serve_url=$url
start_server django 's|^django-server: ready on \(http://127\.0\.0\.1:[0-9]*\)$|\1|p' \
  "$source_dir/examples/django-server/run.sh" --port 0 --db "$work/django.sqlite3" --accounts 5 \
  --accounts-out "$work/django-accounts.yaml"
django_url=$url
echo "syncsuite serve at $serve_url, django at $django_url; wrk $wrk_args"

failed=0
# bench NAME URL SCRIPT ENV...: one wrk run; prints its summary, sets $rate (records/s).
bench() {
  local name=$1 target=$2 script=$3
  shift 3
  echo "== $name"
  env "$@" wrk $wrk_args --timeout 30s -s "$script" "$target" | tee "$work/$name.wrk"
  rate=$(sed -n 's/^records_per_s=//p' "$work/$name.wrk")
  local bad
  bad=$(sed -n 's/^\(push\|pull\)_non200=//p' "$work/$name.wrk")
  if [[ -z "$rate" || "$bad" != 0 ]]; then
    echo "push-vs: $name: ${bad:-?} answers were not 200" >&2
    failed=1
  fi
}

run_id=$(date +%s)
push_tokens() { tokens_of "$1" | cut -d, -f1-4; }  # the fifth is pull's
bench "syncsuite push" "$serve_url" "$here/push.lua" TOKENS="$(push_tokens "$work/serve-accounts.yaml")" RUN="s$run_id"
serve_push=$rate
bench "django push" "$django_url" "$here/push.lua" TOKENS="$(push_tokens "$work/django-accounts.yaml")" RUN="d$run_id"
django_push=$rate

# Pull: the fifth account, which no push used, gets $fill records; the cursors of its full pages
# are what wrk pulls from.
cursors_of() { # URL TOKEN: fills the account, prints the comma-separated URL-encoded cursors
  "$python" - "$1" "$2" "$fill" <<'PY'
import json, sys, urllib.parse, urllib.request
url, token, fill = sys.argv[1], sys.argv[2], int(sys.argv[3])
headers = {"Authorization": "Token " + token, "Content-Type": "application/json"}
def call(method, path, body=None):
    req = urllib.request.Request(url + path, data=body, headers=headers, method=method)
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.load(r)
for start in range(0, fill, 500):
    records = [{"table": "pull", "id": f"p{i}", "updated_at": "2026-11-24T10:00:00.123Z",
                "deleted": False, "nonce": "A" * 32, "ciphertext": "B" * 64}
               for i in range(start, min(fill, start + 500))]
    call("POST", "/api/v1/sync/push/", json.dumps({"device_id": "filler", "records": records}).encode())
cursors, since = [], ""
while True:
    page = call("GET", "/api/v1/sync/pull/?limit=1000&since=" + urllib.parse.quote(since, safe=""))
    if len(page["records"]) == 1000:
        cursors.append(urllib.parse.quote(since, safe=""))
    if not page["has_more"]:
        break
    since = page["cursor"]
assert len(cursors) >= fill // 1000 - 1, cursors
print(",".join(cursors))
PY
}
last_token() { tokens_of "$1" | tr , '\n' | tail -n 1; }
serve_token=$(last_token "$work/serve-accounts.yaml")
django_token=$(last_token "$work/django-accounts.yaml")
serve_cursors=$(cursors_of "$serve_url" "$serve_token")
bench "syncsuite pull" "$serve_url" "$here/pull.lua" TOKEN="$serve_token" CURSORS="$serve_cursors"
serve_pull=$rate
django_cursors=$(cursors_of "$django_url" "$django_token")
bench "django pull" "$django_url" "$here/pull.lua" TOKEN="$django_token" CURSORS="$django_cursors"
django_pull=$rate

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f\n", a / b; else print "inf" }'; }
echo "syncsuite: ${serve_push:-0} records/s"
echo "django: ${django_push:-0} records/s"
echo "ratio: $(ratio "${serve_push:-0}" "${django_push:-0}")"
echo "syncsuite pull: ${serve_pull:-0} records/s"
echo "django pull: ${django_pull:-0} records/s"
echo "pull ratio: $(ratio "${serve_pull:-0}" "${django_pull:-0}")"
exit "$failed"
