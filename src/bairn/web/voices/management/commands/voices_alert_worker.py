"""Deliver queued safeguarding alerts: once (`--once`, for cron) or in a loop."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from bairn.web.voices.alerts import deliver_pending


class Command(BaseCommand):
    help = "Send pending safeguarding alerts to CPC safeguarding leads (retries with backoff)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between passes.")

    def handle(self, *args, once: bool = False, interval: float = 30.0, **options) -> None:
        while True:
            counts = deliver_pending()
            if any(counts.values()):
                self.stdout.write(
                    f"sent {counts['sent']}, retrying {counts['retry']}, failed {counts['failed']}"
                )
            if once:
                return
            time.sleep(interval)
