"""Request validation with exactly the contract's rules (sections 2-7). A failure raises
InvalidRequest, a 400 whose detail names the field; nothing is stored before validation passes.

Types are checked strictly: a JSON string is not a number, 0/1 or "true" is not a boolean, and
text fields are kept as sent (no trimming), because they are stored and returned byte-exactly.
"""
import base64
import re
from dataclasses import dataclass
from typing import Optional

from rest_framework.exceptions import APIException

from . import cursor, timestamps

MAX_BATCH_RECORDS = 500
MAX_DEVICE_ID_LENGTH = 64
NONCE_BYTES = 24
MIN_CIPHERTEXT_BYTES = 16  # the MAC alone
MAX_CIPHERTEXT_BYTES = 1024 * 1024
PUBLIC_KEY_BYTES = 32
DEFAULT_PULL_LIMIT = 500
MAX_PULL_LIMIT = 1000
RESOLUTIONS = ("local", "server", "merged")

_TABLE = re.compile(r"[a-z][a-z0-9_]{0,63}")
_RECORD_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_LIMIT = re.compile(r"[0-9]{1,4}")


class InvalidRequest(APIException):
    status_code = 400
    default_detail = "invalid request"
    default_code = "invalid"


@dataclass(frozen=True)
class Envelope:
    """A pushed record as the device sent it (without version; unknown fields dropped)."""
    table: str
    id: str
    updated_at: str
    deleted: bool
    nonce: str
    ciphertext: str


@dataclass(frozen=True)
class PushRequest:
    device_id: str
    records: list


@dataclass(frozen=True)
class ResolveRequest:
    table: str
    id: str
    resolution: str
    expected_version: int
    record: Optional[Envelope]  # None for "server"


def decoded_base64_size(text, max_bytes):
    """Byte count of canonical standard base64 (with padding), or None. Text too long to decode
    to at most `max_bytes` is refused before decoding."""
    if len(text) % 4 or len(text) > (max_bytes + 2) // 3 * 4 or not _BASE64.fullmatch(text):
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        return None
    # Stray bits in the last symbol decode too; refuse them so equal bytes mean equal text.
    if len(raw) > max_bytes or base64.b64encode(raw).decode("ascii") != text:
        return None
    return len(raw)


def parse_envelope(value, where):
    if not isinstance(value, dict):
        raise InvalidRequest(f"{where}: must be a JSON object")
    prefix = f"{where}."
    table = value.get("table")
    if not isinstance(table, str) or not _TABLE.fullmatch(table):
        raise InvalidRequest(f"{prefix}table: must be a string matching ^[a-z][a-z0-9_]{{0,63}}$")
    record_id = value.get("id")
    if not isinstance(record_id, str) or not _RECORD_ID.fullmatch(record_id):
        raise InvalidRequest(f"{prefix}id: must be a string matching ^[A-Za-z0-9_-]{{1,64}}$")
    updated_at = value.get("updated_at")
    if not isinstance(updated_at, str) or not timestamps.valid(updated_at):
        raise InvalidRequest(f"{prefix}updated_at: must be RFC 3339 UTC with milliseconds, "
                             "e.g. 2026-11-24T10:00:00.123Z")
    deleted = value.get("deleted")
    if not isinstance(deleted, bool):
        raise InvalidRequest(f"{prefix}deleted: must be a boolean")
    nonce = value.get("nonce")
    if not isinstance(nonce, str) or decoded_base64_size(nonce, NONCE_BYTES) != NONCE_BYTES:
        raise InvalidRequest(f"{prefix}nonce: must be standard base64 of exactly 24 bytes")
    ciphertext = value.get("ciphertext")
    size = (decoded_base64_size(ciphertext, MAX_CIPHERTEXT_BYTES)
            if isinstance(ciphertext, str) else None)
    if size is None or size < MIN_CIPHERTEXT_BYTES:
        raise InvalidRequest(f"{prefix}ciphertext: must be standard base64 of 16 bytes to 1 MiB")
    return Envelope(table, record_id, updated_at, deleted, nonce, ciphertext)


def parse_push(body):
    if not isinstance(body, dict):
        raise InvalidRequest("body: must be a JSON object")
    device_id = body.get("device_id")
    if not isinstance(device_id, str) or not 1 <= len(device_id) <= MAX_DEVICE_ID_LENGTH:
        raise InvalidRequest("device_id: must be a string of 1 to 64 characters")
    items = body.get("records")
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_BATCH_RECORDS:
        raise InvalidRequest("records: must be an array of 1 to 500 records")
    records = []
    seen = set()
    for i, item in enumerate(items):
        env = parse_envelope(item, f"records[{i}]")
        if (env.table, env.id) in seen:
            raise InvalidRequest(f"records[{i}]: repeats table {env.table!r}, id {env.id!r}")
        seen.add((env.table, env.id))
        records.append(env)
    return PushRequest(device_id, records)


def parse_resolve(body):
    if not isinstance(body, dict):
        raise InvalidRequest("body: must be a JSON object")
    table = body.get("table")
    if not isinstance(table, str) or not _TABLE.fullmatch(table):
        raise InvalidRequest("table: must be a string matching ^[a-z][a-z0-9_]{0,63}$")
    record_id = body.get("id")
    if not isinstance(record_id, str) or not _RECORD_ID.fullmatch(record_id):
        raise InvalidRequest("id: must be a string matching ^[A-Za-z0-9_-]{1,64}$")
    resolution = body.get("resolution")
    if not isinstance(resolution, str) or resolution not in RESOLUTIONS:
        raise InvalidRequest('resolution: must be "local", "server" or "merged"')
    expected = body.get("expected_version")
    if not isinstance(expected, int) or isinstance(expected, bool):
        raise InvalidRequest("expected_version: must be an integer")
    record = None
    if resolution != "server":  # a record sent with "server" is ignored
        if "record" not in body:
            raise InvalidRequest(f"record: required for resolution {resolution!r}")
        record = parse_envelope(body["record"], "record")
        if (record.table, record.id) != (table, record_id):
            raise InvalidRequest("record: table and id must equal the resolved record's")
    return ResolveRequest(table, record_id, resolution, expected, record)


def parse_public_key(body):
    if not isinstance(body, dict):
        raise InvalidRequest("body: must be a JSON object")
    key = body.get("public_key")
    if not isinstance(key, str) or decoded_base64_size(key, PUBLIC_KEY_BYTES) != PUBLIC_KEY_BYTES:
        raise InvalidRequest("public_key: must be standard base64 of exactly 32 bytes")
    return key


def parse_limit(query):
    text = query.get("limit")
    if text is None:
        return DEFAULT_PULL_LIMIT
    if not _LIMIT.fullmatch(text) or not 1 <= int(text) <= MAX_PULL_LIMIT:
        raise InvalidRequest("limit: must be an integer from 1 to 1000")
    return int(text)


def parse_since(query, latest_seq):
    """The sequence number after which to pull; `latest_seq` bounds the cursors this server can
    have issued, so a larger one is unknown."""
    text = query.get("since", "")
    if text == "":
        return 0
    seq = cursor.decode(text)
    if seq is None or seq > latest_seq:
        raise InvalidRequest("since: unknown or malformed cursor")
    return seq
