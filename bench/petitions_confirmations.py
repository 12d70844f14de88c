"""Confirmations per second on PostgreSQL, with an exact count at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/petitions_dev \\
        .venv/bin/python bench/petitions_confirmations.py [--signatures 5000] [--workers 8]

Creates a petition with N signatures awaiting confirmation, then W processes confirm
them all at once through petitions.services.confirm_signature() -- the same code the
confirm button runs: verify the signed link, load the signature, the conditional
UPDATE, the count UPDATE, the cache invalidation -- every link twice (--repeat), so
half the calls must count nothing. It prints the rate and checks that the stored
count equals N and the confirmed rows. The petition is deleted afterwards.
"""

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "truthsite.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/petitions_dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

from petitions import services  # noqa: E402
from petitions.models import Petition, Signature  # noqa: E402
from petitions.tokens import CONFIRM, make_token  # noqa: E402


def report(line):
    sys.stdout.write(line + "\n")


def confirm_all(tokens, start, results):
    start.wait()
    counted = sum(services.confirm_signature(token=token).counted_now for token in tokens)
    results.put(counted)
    connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signatures", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=2, help="clicks per link (default 2)")
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")

    call_command("migrate", verbosity=0)
    petition = Petition.objects.create(
        title=f"Benchmark {time.time()}", summary="Benchmark.", recipient="Nobody",
        status=Petition.Status.OPEN, goal=options.signatures,
    )  # fmt: skip
    try:
        Signature.objects.bulk_create(
            Signature(petition=petition, name=f"Bench Signer{n}", email=f"bench{n}@example.org",
                      email_normalised=f"bench{n}@example.org", country="US")
            for n in range(options.signatures)
        )  # fmt: skip
        tokens = [
            make_token(signature, purpose=CONFIRM)
            for signature in Signature.objects.filter(petition=petition).only("pk", "nonce")
        ] * options.repeat
        connections.close_all()  # each process opens its own

        context = multiprocessing.get_context("fork")
        start, results = context.Event(), context.Queue()
        workers = [
            context.Process(target=confirm_all, args=(tokens[n :: options.workers], start, results))
            for n in range(options.workers)
        ]
        for worker in workers:
            worker.start()
        time.sleep(0.5)  # let every process get to the start line
        began = time.perf_counter()
        start.set()
        counted = sum(results.get() for _ in workers)
        elapsed = time.perf_counter() - began
        for worker in workers:
            worker.join()

        stored = Petition.objects.get(pk=petition.pk).signature_count
        rows = Signature.objects.filter(petition=petition, state="confirmed").count()
        calls = len(tokens)
        report(
            f"{options.signatures} signatures, {calls} confirm calls, {options.workers} processes: "
            f"{elapsed:.2f} s, {calls / elapsed:.0f} calls/s, "
            f"{counted / elapsed:.0f} counted confirmations/s"
        )
        exact = stored == rows == counted == options.signatures
        report(f"count stored {stored}, confirmed rows {rows}, counted {counted}: "
              f"{'EXACT' if exact else 'WRONG'}")  # fmt: skip
        return 0 if exact else 1
    finally:
        Petition.objects.filter(pk=petition.pk).delete()


if __name__ == "__main__":
    sys.exit(main())
