#!/usr/bin/env bash
# Smoke test of the example Django + DRF sync server (examples/django-server): starts it on a free
# loopback port with a fresh SQLite file, then checks the contract end to end with curl (error
# answers) and PyNaCl (sealed records, conflicts, resolve, status, concurrent pushes and pulls).
# The conformance catalogue is the full check; this proves the example runs and answers sanely.
# Usage: bash django_smoke.test.sh BUILD_DIR SOURCE_DIR   (BUILD_DIR is not used)
set -euo pipefail

source_dir=${2:?usage: django_smoke.test.sh BUILD_DIR SOURCE_DIR}
python=/usr/bin/python3  # Debian's interpreter, with python3-django, -djangorestframework, -nacl
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

# --port 0: the server binds a free port and names it in its ready line.
start_django
echo "server ready at $url"

mode=$(stat -c %a "$work/accounts.yaml")
check "accounts file has mode 0600 (is $mode)" test "$mode" = 600
mode=$(stat -c %a "$work/sync.sqlite3")
check "database file (it holds the tokens) has mode 0600 (is $mode)" test "$mode" = 600
token=$(sed -n 's/^  - token: "\([0-9a-f]*\)"$/\1/p' "$work/accounts.yaml" | head -n 1)
check "accounts file names a 40-character token" test "${#token}" -eq 40

# expect_json_error STATUS DESCRIPTION CURL_ARGS...: the answer has STATUS and a JSON body with
# a string "detail" (contract section 1: every error, never an HTML page).
expect_json_error() {
  local want=$1 what=$2
  shift 2
  local got
  got=$(curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' "$@") || got="curl-error"
  if [[ "$got" != "$want" ]]; then
    fail "$what: status $got, expected $want ($(head -c 200 "$work/body"))"
  elif ! grep -qi '^content-type: application/json' "$work/headers"; then
    fail "$what: Content-Type is not application/json"
  elif ! "$python" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d["detail"], str) and d["detail"]' "$work/body" 2>/dev/null; then
    fail "$what: body is not a JSON object with a detail string: $(head -c 200 "$work/body")"
  else
    pass "$what -> $want JSON detail"
  fi
}

auth=(-H "Authorization: Token $token")
json=(-H "Content-Type: application/json")
api="$url/api/v1/sync"

expect_json_error 401 "status without a token" "$api/status/"
check "401 names the Token scheme in WWW-Authenticate" grep -qi '^www-authenticate: Token' "$work/headers"
expect_json_error 401 "status with an unknown token" -H "Authorization: Token 0000000000000000000000000000000000000000" "$api/status/"
expect_json_error 401 "push without a token" -X POST "${json[@]}" -d '{}' "$api/push/"
expect_json_error 404 "unknown path" "${auth[@]}" "$url/api/v1/nothing/"
expect_json_error 404 "unknown path asking for HTML" "${auth[@]}" -H "Accept: text/html" "$url/admin/"
expect_json_error 404 "POST to push without the trailing slash" -X POST "${auth[@]}" "${json[@]}" -d '{}' "$api/push"
expect_json_error 405 "GET on push" "${auth[@]}" "$api/push/"
expect_json_error 405 "DELETE on key" -X DELETE "${auth[@]}" "$api/key/"
expect_json_error 405 "POST on pull" -X POST "${auth[@]}" "${json[@]}" -d '{}' "$api/pull/"
expect_json_error 400 "push body that is not JSON" "${auth[@]}" "${json[@]}" -d 'not json' "$api/push/"
expect_json_error 400 "push body that is not JSON, sent as text/plain" "${auth[@]}" -H "Content-Type: text/plain" -d '{"device_id":' "$api/push/"
expect_json_error 400 "push body that is a JSON array" "${auth[@]}" "${json[@]}" -d '[]' "$api/push/"
expect_json_error 400 "push body of JSON nested 5000 deep" "${auth[@]}" "${json[@]}" --data-binary "$(printf '%.0s[' $(seq 1 5000))" "$api/push/"
expect_json_error 400 "resolve body that is not JSON" "${auth[@]}" "${json[@]}" -d '{' "$api/resolve/"
code=$(curl -s -o "$work/body" -w '%{http_code}' "${auth[@]}" -H "Accept: text/html" "$api/status/")
check "status asked for text/html still answers 200 (got $code)" test "$code" = 200
check "status asked for text/html still answers JSON" \
  "$python" -c 'import json,sys; json.load(open(sys.argv[1]))["record_count"]' "$work/body"
expect_json_error 400 "pull limit=0" "${auth[@]}" "$api/pull/?limit=0"
expect_json_error 400 "pull limit=1001" "${auth[@]}" "$api/pull/?limit=1001"
expect_json_error 400 "pull limit=abc" "${auth[@]}" "$api/pull/?limit=abc"
expect_json_error 400 "pull limit=1.5" "${auth[@]}" "$api/pull/?limit=1.5"
expect_json_error 400 "pull with a malformed cursor" "${auth[@]}" "$api/pull/?since=garbage"
expect_json_error 400 "pull with a cursor the server never issued" "${auth[@]}" "$api/pull/?since=v1.999999999"

# Bodies: one byte over 16 MiB is refused with 413; exactly 16 MiB reaches validation (400).
"$python" - "$work" <<'PY'
import sys
limit = 16 * 1024 * 1024
with open(f"{sys.argv[1]}/over.json", "wb") as f:
    f.write(b" " * (limit + 1))
head = b'{"device_id": "d", "records": []}'
with open(f"{sys.argv[1]}/exact.json", "wb") as f:
    f.write(head + b" " * (limit - len(head)))
PY
expect_json_error 413 "push body of 16 MiB + 1 byte" "${auth[@]}" "${json[@]}" --data-binary "@$work/over.json" "$api/push/"
expect_json_error 413 "chunked push body over 16 MiB" "${auth[@]}" "${json[@]}" -H "Transfer-Encoding: chunked" --data-binary "@$work/over.json" "$api/push/"
expect_json_error 400 "push body of exactly 16 MiB with an empty batch" "${auth[@]}" "${json[@]}" --data-binary "@$work/exact.json" "$api/push/"

# The protocol flow with real sealed records (PyNaCl crypto_box), plus HTTP-level edge cases.
"$python" - "$url" "$work/accounts.yaml" <<'PY' || failures=$((failures + 1))
import base64
import http.client
import json
import re
import socket
import sys
import threading
import urllib.parse

from nacl.public import Box, PrivateKey
from nacl.utils import random as random_bytes

url, accounts_file = sys.argv[1], sys.argv[2]
host, port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
tokens = re.findall(r'token: "([0-9a-f]{40})"', open(accounts_file).read())
failures = 0


def check(cond, what):
    global failures
    print(("ok   - " if cond else "FAIL - ") + what)
    if not cond:
        failures += 1
    return cond


def call(method, path, body=None, token=None, raw=None):
    """(status, parsed JSON body or None) over a fresh connection."""
    conn = http.client.HTTPConnection(host, port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Token {token}"
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    conn.request(method, "/api/v1/sync" + path, body=data, headers=headers)
    resp = conn.getresponse()
    text = resp.read()
    conn.close()
    try:
        return resp.status, json.loads(text)
    except ValueError:
        return resp.status, None


def is_error(status, body, want):
    return status == want and isinstance(body, dict) and isinstance(body.get("detail"), str)


key = PrivateKey.generate()
box = Box(key, key.public_key)
b64 = lambda raw: base64.b64encode(raw).decode()
public_b64 = b64(bytes(key.public_key))


def seal(table, rid, data, updated_at, deleted=False):
    nonce = random_bytes(Box.NONCE_SIZE)
    sealed = box.encrypt(json.dumps(data).encode(), nonce)
    return {"table": table, "id": rid, "updated_at": updated_at, "deleted": deleted,
            "nonce": b64(nonce), "ciphertext": b64(sealed.ciphertext)}


def open_record(env):
    return json.loads(box.decrypt(base64.b64decode(env["ciphertext"]),
                                  base64.b64decode(env["nonce"])))


def push(records, token=tokens[0]):
    return call("POST", "/push/", {"device_id": "smoke-device", "records": records}, token)


def pull_all(token=tokens[0], since="", limit=500):
    """Every record after `since`, following the cursor; (records, last cursor, pages)."""
    records, pages = [], 0
    while True:
        query = urllib.parse.urlencode({"since": since, "limit": limit})
        status, page = call("GET", f"/pull/?{query}", token=token)
        if status != 200:
            raise AssertionError(f"pull answered {status}: {page}")
        records += page["records"]
        since, pages = page["cursor"], pages + 1
        if not page["has_more"]:
            return records, since, pages


def envelope_fields(env):
    return {k: env[k] for k in ("table", "id", "updated_at", "deleted", "nonce", "ciphertext")}


# Key (section 3).
status, body = call("PUT", "/key/", {"public_key": public_b64}, tokens[0])
check(status == 200 and body == {"public_key": public_b64}, "PUT key echoes the public key")
status, body = call("PUT", "/key/", {"public_key": b64(bytes(31))}, tokens[0])
check(is_error(status, body, 400), "PUT key of 31 bytes -> 400")
status, body = call("GET", "/status/", token=tokens[0])
check(status == 200 and body["public_key"] == public_b64, "status returns the uploaded key")

# Push and pull two sealed records, byte-exactly (sections 2, 4, 5).
t1 = seal("transactions", "t-1", {"amount": 12.5, "memo": "coffee"}, "2026-11-24T10:00:00.123Z")
a1 = seal("accounts", "a-1", {"name": "Checking"}, "2026-11-24T10:00:01.000Z")
status, body = push([dict(t1, unknown_field="ignored"), a1])
check(status == 200 and [r["status"] for r in body["results"]] == ["accepted", "accepted"]
      and [r["version"] for r in body["results"]] == [1, 1]
      and [(r["table"], r["id"]) for r in body["results"]] == [("transactions", "t-1"), ("accounts", "a-1")],
      "push two sealed records -> accepted, version 1, in request order")
check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", body.get("server_time", "")) is not None,
      "push answers server_time in RFC 3339 ms")
status, body = push([t1])
check(status == 200 and body["results"][0] == {"table": "transactions", "id": "t-1", "status": "accepted", "version": 1},
      "identical retry -> accepted with the same version")
records, cursor_end, _ = pull_all()
by_key = {(r["table"], r["id"]): r for r in records}
check(len(records) == 2 and envelope_fields(by_key[("transactions", "t-1")]) == t1
      and envelope_fields(by_key[("accounts", "a-1")]) == a1,
      "pull returns both envelopes byte-exactly")
check("unknown_field" not in by_key[("transactions", "t-1")], "unknown envelope fields are not stored")
check(open_record(by_key[("transactions", "t-1")]) == {"amount": 12.5, "memo": "coffee"},
      "pulled record opens with the user's key")
paged, _, pages = pull_all(limit=1)
check([(r["table"], r["id"]) for r in paged] == [("transactions", "t-1"), ("accounts", "a-1")] and pages == 2,
      "pull with limit=1 pages in commit order following the cursor")
status, body = call("GET", "/pull/?since=" + urllib.parse.quote(cursor_end), token=tokens[0])
check(status == 200 and body["records"] == [] and body["cursor"] == cursor_end and body["has_more"] is False,
      "pull from the last cursor is empty and keeps the cursor")

# Atomic validation: one bad record refuses the whole batch (section 4.1).
good = seal("budgets", "b-1", {"limit": 100}, "2026-11-24T11:00:00.000Z")
bad = dict(seal("budgets", "b-2", {}, "2026-11-24T11:00:00.000Z"), nonce=b64(bytes(23)))
status, body = push([good, bad])
check(is_error(status, body, 400) and "records[1].nonce" in body["detail"],
      "batch with a 23-byte nonce -> 400 naming records[1].nonce")
records, _, _ = pull_all(since=cursor_end)
check(records == [], "nothing of the refused batch was stored")
invalid = {
    "deleted as string": dict(good, deleted="true"),
    "deleted as 1": dict(good, deleted=1),
    "updated_at without ms": dict(good, updated_at="2026-11-24T11:00:00Z"),
    "updated_at with offset": dict(good, updated_at="2026-11-24T11:00:00.000+00:00"),
    "updated_at Feb 30": dict(good, updated_at="2026-02-30T11:00:00.000Z"),
    "table with capital": dict(good, table="Budgets"),
    "id with a dot": dict(good, id="b.1"),
    "nonce of 33 characters": dict(good, nonce=good["nonce"] + "A"),
    "nonce url-safe alphabet": dict(good, nonce=b64(bytes([0xfb] * 24)).replace("+", "-")),
    "nonce with padding inside": dict(good, nonce=good["nonce"][:-4] + "AA=A"),
    "ciphertext with stray bits": dict(good, ciphertext=b64(bytes(16))[:-3] + "B=="),
    "ciphertext 15 bytes": dict(good, ciphertext=b64(bytes(15))),
    "ciphertext missing": {k: v for k, v in good.items() if k != "ciphertext"},
    "ciphertext over 1 MiB": dict(good, ciphertext=b64(bytes(1024 * 1024 + 1))),
}
for name, env in invalid.items():
    status, body = push([env])
    check(is_error(status, body, 400), f"envelope with {name} -> 400")
for name, payload in {
    "no records": {"device_id": "d", "records": []},
    "501 records": {"device_id": "d", "records": [dict(good, id=f"r{i}") for i in range(501)]},
    "a repeated (table, id)": {"device_id": "d", "records": [good, good]},
    "device_id of 65 characters": {"device_id": "x" * 65, "records": [good]},
    "device_id as a number": {"device_id": 7, "records": [good]},
}.items():
    status, body = call("POST", "/push/", payload, tokens[0])
    check(is_error(status, body, 400), f"push with {name} -> 400")
status, body = push([dict(good, ciphertext=b64(random_bytes(1024 * 1024)))])
check(status == 200 and body["results"][0]["status"] == "accepted", "ciphertext of exactly 1 MiB -> accepted")

# Last write wins, conflicts and their count (sections 4, 7).
t1_v2 = seal("transactions", "t-1", {"amount": 13}, "2026-11-24T10:05:00.000Z")
status, body = push([t1_v2])
check(status == 200 and body["results"][0]["version"] == 2, "later updated_at -> accepted, version 2")
older = seal("transactions", "t-1", {"amount": 1}, "2026-11-24T09:00:00.000Z")
status, body = push([older])
result = body["results"][0] if status == 200 else {}
check(result.get("status") == "conflict" and result.get("server") == dict(t1_v2, version=2),
      "earlier updated_at -> conflict carrying the server envelope with version")
tie = seal("transactions", "t-1", {"amount": 2}, t1_v2["updated_at"])
status, body = push([tie])
check(status == 200 and body["results"][0]["status"] == "conflict", "equal updated_at, other content -> conflict")
status, body = call("GET", "/status/", token=tokens[0])
check(status == 200 and body["record_count"] == 3 and body["conflict_count"] == 1,
      f"status counts 3 records and 1 conflict (got {body.get('record_count')}, {body.get('conflict_count')})")
_, all_cursor, _ = pull_all()
check(body["cursor"] == all_cursor, "status cursor is where a pull from the beginning ends")

# Resolve (section 6).
mine = seal("transactions", "t-1", {"amount": 14}, "2026-11-24T10:05:00.001Z")
status, body = call("POST", "/resolve/", {"table": "transactions", "id": "t-1", "resolution": "local",
                                          "expected_version": 1, "record": mine}, tokens[0])
check(is_error(status, body, 409) and body.get("server") == dict(t1_v2, version=2),
      "resolve with a stale expected_version -> 409 with the current server record")
status, body = call("POST", "/resolve/", {"table": "transactions", "id": "nope", "resolution": "server",
                                          "expected_version": 1}, tokens[0])
check(is_error(status, body, 404), "resolve of an unknown record -> 404")
status, body = call("POST", "/resolve/", {"table": "transactions", "id": "t-1", "resolution": "local",
                                          "expected_version": 2}, tokens[0])
check(is_error(status, body, 400), "resolve local without a record -> 400")
status, body = call("POST", "/resolve/", {"table": "transactions", "id": "t-1", "resolution": "mine",
                                          "expected_version": 2}, tokens[0])
check(is_error(status, body, 400), "resolve with an unknown resolution -> 400")
status, body = call("POST", "/resolve/", {"table": "transactions", "id": "t-1", "resolution": "local",
                                          "expected_version": 2, "record": mine}, tokens[0])
check(status == 200 and body["record"] == dict(mine, version=3), "resolve local stores the record as version 3")
status, body = call("GET", "/status/", token=tokens[0])
check(body["conflict_count"] == 0, "resolved record is no longer counted as conflicted")
status, body = push([seal("accounts", "a-1", {"name": "old"}, "2026-11-24T09:00:00.000Z")])
check(body["results"][0]["status"] == "conflict", "second conflict, on accounts/a-1")
status, body = call("POST", "/resolve/", {"table": "accounts", "id": "a-1", "resolution": "server",
                                          "expected_version": 1}, tokens[0])
check(status == 200 and body["record"] == dict(a1, version=1), "resolve server keeps the server record unchanged")
status, body = call("GET", "/status/", token=tokens[0])
check(body["conflict_count"] == 0, "conflict count back to 0 after resolve server")
records, _, _ = pull_all(since=all_cursor)
check([(r["table"], r["id"], r["version"]) for r in records] == [("transactions", "t-1", 3)],
      "after resolve, a pull from the earlier cursor delivers only the overwritten record")

# Tombstones and isolation.
gone = seal("accounts", "a-1", {}, "2026-11-24T12:00:00.000Z", deleted=True)
status, body = push([gone])
check(status == 200 and body["results"][0]["version"] == 2, "tombstone accepted as version 2")
records, _, _ = pull_all()
check(dict(gone, version=2) in records, "pull includes the tombstone")
status, body = call("GET", "/status/", token=tokens[0])
check(body["record_count"] == 3, "record_count includes tombstones")
records, _, _ = pull_all(token=tokens[1])
status, body = call("GET", "/status/", token=tokens[1])
check(records == [] and body["record_count"] == 0 and body["public_key"] is None,
      "second account sees none of the first account's records")

# Concurrency: pushers and a puller at once; the cursor must not skip anything (section 5).
writers, per_writer = 4, 15
errors, seen = [], {}
pushing_done = threading.Event()


def writer(w):
    for i in range(per_writer):
        env = seal("receipts", f"w{w}-{i}", {"i": i}, f"2026-11-24T13:00:{i:02d}.000Z")
        status, body = push([env])
        if status != 200:
            errors.append(f"push {status} {body}")


def puller():
    since = ""
    while True:
        finished = pushing_done.is_set()
        records, since, _ = pull_all(since=since, limit=7)
        for r in records:
            seen[(r["table"], r["id"])] = r["version"]
        if finished:
            return


threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
reader = threading.Thread(target=puller)
reader.start()
for t in threads:
    t.start()
for t in threads:
    t.join()
pushing_done.set()
reader.join()
check(errors == [], f"{writers * per_writer} concurrent pushes all answered 200 ({errors[:1]})")
receipts = {k for k in seen if k[0] == "receipts"}
check(len(receipts) == writers * per_writer,
      f"concurrent puller following the cursor received all {writers * per_writer} records (got {len(receipts)})")

# HTTP the framework never sees: still a JSON 4xx, not gunicorn's HTML page.
with socket.create_connection((host, port), timeout=10) as s:
    s.sendall(b"GARBAGE\r\n\r\n")
    reply = b""
    while chunk := s.recv(4096):
        reply += chunk
head, _, payload = reply.partition(b"\r\n\r\n")
check(head.startswith(b"HTTP/1.1 400") and b"application/json" in head
      and isinstance(json.loads(payload).get("detail"), str),
      "malformed request line -> 400 JSON from the HTTP front end")
long_path = "/api/v1/sync/" + "x" * (8190 - len("GET /api/v1/sync/ HTTP/1.1"))
status, body = call("GET", long_path[len("/api/v1/sync"):], token=tokens[0])
check(is_error(status, body, 404), "request line of 8 KiB reaches the application (404 JSON)")

print(f"{failures} protocol check(s) failed" if failures else "protocol checks passed")
sys.exit(1 if failures else 0)
PY

if grep -q "Traceback" "$work/django.err"; then
  fail "server logged a traceback"; cat "$work/django.err"
else
  pass "server logged no traceback"
fi

if ((failures)); then
  echo "django smoke test: FAILED (see the FAIL lines above)"
  exit 1
fi
echo "django smoke test: all checks passed"
