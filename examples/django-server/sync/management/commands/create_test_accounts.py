"""Creates (or reuses) N test users with DRF tokens and writes the accounts file of contract
section 10. Users are named syncsuite-1..N, so a long-lived server keeps the same tokens."""
import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Create N test accounts with tokens and write them as accounts YAML (mode 0600)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--out", required=True, help="accounts YAML file to write")

    def handle(self, *args, count, out, **options):
        if count < 1:
            raise CommandError("--count must be at least 1")
        users = get_user_model()
        tokens = []
        for i in range(1, count + 1):
            user, created = users.objects.get_or_create(username=f"syncsuite-{i}")
            if created:
                user.set_unusable_password()
                user.save()
            tokens.append(Token.objects.get_or_create(user=user)[0].key)
        text = "accounts:\n" + "".join(f'  - token: "{key}"\n' for key in tokens)
        # Tokens are secrets: the file is created 0600, and narrowed if it already existed.
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(text)
        self.stdout.write(f"{count} accounts written to {out}")
