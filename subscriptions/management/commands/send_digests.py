import signal

from django.core.management.base import BaseCommand

from subscriptions import digests, tasks


class Command(BaseCommand):
    help = (
        "Send each active subscriber whose period has come the digest of new articles. "
        "Safe to stop and run again: nobody gets a period's digest twice, nobody is skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true",
            help="Plan, then hand the sending to task workers (manage.py db_worker).",
        )  # fmt: skip
        parser.add_argument(
            "--schedule", action="store_true",
            help="Start the periodic background run (needs a worker backend with run_after).",
        )  # fmt: skip
        parser.add_argument(
            "--no-plan", action="store_true", help="Only send what is already queued."
        )
        parser.add_argument("--limit", type=int, default=None, help="Stop after N deliveries.")
        parser.add_argument("--workers", type=int, default=None, help="Batches to enqueue.")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options):
        if options["schedule"]:
            result = tasks.run_digests.enqueue()
            self.stdout.write(f"periodic digest run enqueued ({result.id})")
            return
        if options["enqueue"]:
            planned = tasks.start_digest_run(
                workers=options["workers"], batch_size=options["batch_size"]
            )
            self.stdout.write(f"planned {planned} digests; sending handed to task workers")
            return
        planned = 0 if options["no_plan"] else digests.plan_digests()
        # Ctrl-C or SIGTERM: finish the message in hand, then stop cleanly.
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_args: digests.STOP.set())
        counts = digests.send_queued_digests(limit=options["limit"])
        summary = ", ".join(f"{key} {value}" for key, value in sorted(counts.items())) or "none"
        stopped = " (stopped early)" if digests.STOP.is_set() else ""
        self.stdout.write(f"planned {planned}; settled: {summary}{stopped}")
