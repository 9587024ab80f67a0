"""Reads and writes of records (contract sections 4-7), in commit order.

Every write transaction holds the process-wide commit lock and, from BEGIN IMMEDIATE on,
SQLite's write lock (syncserver/sqlite_backend). Sequence numbers are taken inside it, so
transactions commit in the order of their sequence numbers: once a reader sees seq N, every
smaller seq is committed too, and a cursor that stops at N never skips a later commit.
A write returns only after its transaction committed.
"""
import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Count, Max, Q

from . import cursor
from .models import Record, UserKey

# Orders this process's writers before they queue on SQLite's lock, which would otherwise poll.
_commit_lock = threading.Lock()


def latest_seq():
    """The highest commit sequence number committed so far (0 when there is no record)."""
    return Record.objects.aggregate(last=Max("seq"))["last"] or 0


class _Sequence:
    """Hands out the commit sequence numbers of one write transaction."""

    def __init__(self):
        self._last = None

    def next(self):
        if self._last is None:
            self._last = latest_seq()
        self._last += 1
        return self._last


@contextmanager
def _write_transaction():
    with _commit_lock, transaction.atomic():
        yield _Sequence()


def _same_content(row, env):
    return (row.updated_at == env.updated_at and row.deleted == env.deleted
            and row.nonce == env.nonce and row.ciphertext == env.ciphertext)


def _write(row, env, seq):
    row.updated_at = env.updated_at
    row.deleted = env.deleted
    row.nonce = env.nonce
    row.ciphertext = env.ciphertext
    row.version += 1
    row.seq = seq.next()
    row.conflicted = False
    row.save()


def _push_one(user, row, env, seq, new_rows):
    """The result for `env` against the stored `row` (None: no record yet). A new record is
    appended to `new_rows`; an overwrite or a conflict mark is saved at once."""
    if row is None:
        new_rows.append(Record(user=user, table=env.table, record_id=env.id,
                               updated_at=env.updated_at, deleted=env.deleted, nonce=env.nonce,
                               ciphertext=env.ciphertext, version=1, seq=seq.next()))
        version = 1
    elif _same_content(row, env):
        version = row.version  # a retry: nothing stored
    elif env.updated_at > row.updated_at:  # the fixed format sorts as text in time order
        _write(row, env, seq)
        version = row.version
    else:
        if not row.conflicted:
            row.conflicted = True
            row.save(update_fields=["conflicted"])
        return {"table": env.table, "id": env.id, "status": "conflict", "server": row.envelope()}
    return {"table": env.table, "id": env.id, "status": "accepted", "version": version}


def push(user, envelopes):
    """One result per envelope, in order; all of the batch commits together. (Validation
    guarantees that a batch names each (table, id) once.)"""
    with _write_transaction() as seq:
        stored = Record.objects.filter(user=user, record_id__in={env.id for env in envelopes})
        rows = {(row.table, row.record_id): row for row in stored}
        new_rows = []
        results = [_push_one(user, rows.get((env.table, env.id)), env, seq, new_rows)
                   for env in envelopes]
        Record.objects.bulk_create(new_rows)
        return results


RESOLVED, NOT_FOUND, STALE = "resolved", "not_found", "stale"


def resolve(user, request):
    """(outcome, row): RESOLVED with the stored row, NOT_FOUND with None, or STALE with the
    current row when expected_version is not its version (nothing stored)."""
    with _write_transaction() as seq:
        row = Record.objects.filter(user=user, table=request.table,
                                    record_id=request.id).first()
        if row is None:
            return NOT_FOUND, None
        if row.version != request.expected_version:
            return STALE, row
        if request.record is None:  # "server": keep S as it is
            if row.conflicted:
                row.conflicted = False
                row.save(update_fields=["conflicted"])
        else:  # "local" or "merged": the manual override, whatever its updated_at
            _write(row, request.record, seq)
        return RESOLVED, row


# A page stops early (has_more stays true) once its ciphertexts pass this many characters, so
# that 500 records of 1 MiB never build one answer of most of a gigabyte.
PAGE_CIPHERTEXT_CHARS = 16 * 1024 * 1024


def pull(user, since, limit):
    """(rows, cursor, has_more): up to `limit` records committed after `since`, in commit order,
    each at its latest version (one row per record, so at most once per page). One SELECT, so
    the page is one snapshot."""
    rows, chars, has_more = [], 0, False
    query = Record.objects.filter(user=user, seq__gt=since).order_by("seq")[:limit + 1]
    for row in query.iterator(chunk_size=100):
        if len(rows) == limit or (rows and chars + len(row.ciphertext) > PAGE_CIPHERTEXT_CHARS):
            has_more = True
            break
        rows.append(row)
        chars += len(row.ciphertext)
    return rows, cursor.encode(rows[-1].seq if rows else since), has_more


def status(user):
    counts = Record.objects.filter(user=user).aggregate(
        records=Count("id"), conflicts=Count("id", filter=Q(conflicted=True)), last=Max("seq"))
    key = UserKey.objects.filter(user=user).values_list("public_key", flat=True).first()
    return {
        "cursor": cursor.encode(counts["last"] or 0),
        "record_count": counts["records"],
        "conflict_count": counts["conflicts"],
        "public_key": key,
    }


def set_public_key(user, public_key):
    UserKey.objects.update_or_create(user=user, defaults={"public_key": public_key})
