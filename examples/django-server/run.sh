#!/usr/bin/env bash
# Starts the example Django sync server: migrates the SQLite file, creates N test accounts and
# writes their tokens (contract section 10), then execs gunicorn on 127.0.0.1:PORT. When the
# server accepts requests it prints "django-server: ready on http://127.0.0.1:PORT"
# (--port 0 picks a free port; the line names it).
set -euo pipefail

usage() {
  echo "usage: $0 --port P --db PATH [--accounts N --accounts-out FILE] [--threads N]" >&2
  exit 2
}

port="" db="" accounts=0 accounts_out="" threads=4
while (($#)); do
  case "$1" in
    --port) port="${2-}"; shift 2 || usage ;;
    --db) db="${2-}"; shift 2 || usage ;;
    --accounts) accounts="${2-}"; shift 2 || usage ;;
    --accounts-out) accounts_out="${2-}"; shift 2 || usage ;;
    --threads) threads="${2-}"; shift 2 || usage ;;
    -h|--help) usage ;;
    *) echo "$0: unknown argument '$1'" >&2; usage ;;
  esac
done
[[ "$port" =~ ^[0-9]+$ ]] || { echo "$0: --port must be a number" >&2; usage; }
[[ -n "$db" ]] || { echo "$0: --db is required" >&2; usage; }
[[ "$accounts" =~ ^[0-9]+$ ]] || { echo "$0: --accounts must be a number" >&2; usage; }
[[ "$threads" =~ ^[1-9][0-9]*$ ]] || { echo "$0: --threads must be a positive number" >&2; usage; }
if ((accounts > 0)) && [[ -z "$accounts_out" ]]; then
  echo "$0: --accounts needs --accounts-out" >&2
  usage
fi

# Debian's interpreter, where python3-django, -djangorestframework and gunicorn are installed.
python=/usr/bin/python3
# Paths are the caller's; the commands below run in this folder (manage.py, gunicorn.conf.py).
db=$(realpath -m -- "$db")
[[ -z "$accounts_out" ]] || accounts_out=$(realpath -m -- "$accounts_out")
cd "$(dirname "$0")"
export SYNC_DB="$db" DJANGO_SETTINGS_MODULE=syncserver.settings PYTHONDONTWRITEBYTECODE=1
umask 077  # the database holds the account tokens: new files are the owner's only

"$python" manage.py migrate --no-input -v 0
if ((accounts > 0)); then
  "$python" manage.py create_test_accounts --count "$accounts" --out "$accounts_out"
fi
exec "$python" -m gunicorn --config gunicorn.conf.py --bind "127.0.0.1:$port" \
  --threads "$threads" syncserver.wsgi:application
