"""What the server keeps: one row per (user, table, id) holding the latest accepted envelope,
and each user's public key. The server never sees plaintext."""
from django.conf import settings
from django.db import models


class Record(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="sync_records")
    table = models.CharField(max_length=64)
    record_id = models.CharField(max_length=64)
    # updated_at, nonce and ciphertext are the exact text the device sent (contract section 2);
    # updated_at compares as text because its one fixed format sorts in time order.
    updated_at = models.CharField(max_length=24)
    deleted = models.BooleanField()
    nonce = models.CharField(max_length=32)
    ciphertext = models.TextField()
    # 1 on the first accepted write, +1 on each later one.
    version = models.PositiveBigIntegerField()
    # Commit sequence of the latest write, unique across all users: commit order == seq order,
    # so a pull cursor (the last seq a device received) never skips a later commit.
    seq = models.BigIntegerField(unique=True)
    # A push lost to this record and it has not since been resolved or overwritten.
    conflicted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "table", "record_id"],
                                    name="sync_record_user_table_id"),
        ]
        indexes = [models.Index(fields=["user", "seq"], name="sync_record_user_seq")]

    def envelope(self):
        """The full envelope with version, as every response carries it."""
        return {
            "table": self.table,
            "id": self.record_id,
            "updated_at": self.updated_at,
            "deleted": self.deleted,
            "nonce": self.nonce,
            "ciphertext": self.ciphertext,
            "version": self.version,
        }


class UserKey(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="sync_key")
    public_key = models.CharField(max_length=44)  # standard base64 of 32 bytes, as uploaded
