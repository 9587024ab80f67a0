"""Django's SQLite backend with two changes for a concurrent sync server.

- Transactions start with BEGIN IMMEDIATE: a write transaction holds SQLite's write lock from its
  first statement, so commit sequence numbers are read and committed in one serial order, also
  across processes; waiting for the lock honours the connection timeout instead of failing with
  "database is locked" when a read transaction cannot be upgraded.
- WAL journal (readers do not block the writer) with synchronous=FULL: a commit is on disk
  before the answer that reports it.
"""
from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        conn = super().get_new_connection(conn_params)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        return conn

    def _start_transaction_under_autocommit(self):
        self.cursor().execute("BEGIN IMMEDIATE")
