"""`manage.py seed`: demo enterprises at the Anhui platform's launch scale, plus demo logins.

    manage.py seed                      522 enterprises with --seed 2023; refuses if any enterprise exists
    manage.py seed --enterprises 60 --seed 7
    manage.py seed --if-empty           seeds only an empty database (docker-compose and `make run`)
    manage.py seed --reset              deletes the demo data first (accounts @demo.chainmatch.cn and the
                                        enterprises they own), then seeds; other enterprises stay

Whatever the case, the demo logins are ensured (created, or reset to the demo password) and printed:
admin@demo.chainmatch.cn, one owner of a verified enterprise per theme (vehicle_maker@…, …) and
pending@… whose enterprise waits for verification. Their password is `chainmatch-demo`: the demo is for a
local machine, so do not run the seed on a server the public can reach.

Everything happens in one transaction: a failure leaves the database as it was.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from accounts.models import Enterprise, Region, User
from seeds import demo, plan


class Command(BaseCommand):
    """Parse the options, run `seeds.demo` in one transaction, print the logins and a summary."""

    help = "Load demo enterprises (522 by default, as at the Anhui platform's launch) and the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enterprises", type=int, default=demo.DEFAULT_COUNT, help="how many (default %(default)s)"
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=demo.DEFAULT_SEED,
            help="random seed; same seed, same data (default %(default)s)",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--if-empty",
            action="store_true",
            help="skip the enterprises if any exist (still ensure the demo logins)",
        )
        mode.add_argument("--reset", action="store_true", help="delete the previous demo data first")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        count: int = options["enterprises"]
        seed: int = options["seed"]
        if count < 0:
            raise CommandError("--enterprises must be 0 or more.")
        if not Region.objects.exists():
            raise CommandError("The region table is empty: run `manage.py migrate` first.")
        created = 0
        with transaction.atomic():
            if options["reset"]:
                enterprises, users = demo.delete_demo_data()
                self.stdout.write(
                    f"Deleted the previous demo data: {enterprises} enterprises, {users} accounts."
                )
            existing = Enterprise.objects.count()
            skip = existing > 0 and not options["reset"]
            if skip and not options["if_empty"]:
                raise CommandError(
                    f"The database already has {existing} enterprises. Use --if-empty to leave them and only "
                    "ensure the demo logins, or --reset to replace the demo data."
                )
            # One hash for all demo logins: PBKDF2 takes about half a second per call.
            password_hash = demo.demo_password_hash()
            admin = demo.ensure_demo_admin(password_hash=password_hash)
            if skip:
                self.stdout.write(
                    f"{existing} enterprises exist already (--if-empty): not seeding enterprises."
                )
            else:
                created = self._seed(count, seed, admin)
            # A generator of its own, so the demo members' enterprises barely change with --enterprises.
            logins = demo.ensure_demo_logins(
                plan.rng_for(seed, "demo-logins"), admin=admin, password_hash=password_hash
            )
        self._print_logins(logins)
        self._print_summary(created, skip, time.perf_counter() - started)

    def _seed(self, count: int, seed: int, admin: User) -> int:
        """Seed the enterprises, with a progress bar on a terminal; returns how many."""
        with tqdm(total=count, desc="Enterprises", unit="ent", disable=not self.stdout.isatty()) as bar:
            try:
                enterprises = demo.seed_enterprises(
                    plan.rng_for(seed), count, admin=admin, progress=bar.update
                )
            except plan.SeedError as exc:
                raise CommandError(str(exc)) from exc
        return len(enterprises)

    def _print_logins(self, logins: list[demo.DemoLogin]) -> None:
        """The table of demo accounts: e-mail, password, role and enterprise."""
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins (for local use only):"))
        rows = [("e-mail", "password", "role", "enterprise")]
        for login in logins:
            enterprise = login.enterprise
            described = f"{enterprise.name_zh} ({enterprise.status})" if enterprise else "-"
            rows.append((login.email, demo.DEMO_PASSWORD, login.role, described))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            # The enterprise goes last: Chinese characters are two columns wide and would skew alignment.
            self.stdout.write(
                "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[3]
            )

    def _print_summary(self, created: int, skipped: bool, seconds: float) -> None:
        """Enterprises in the database by theme and status, and how long the run took."""
        table = demo.summary()
        statuses = [Enterprise.Status.VERIFIED, Enterprise.Status.PENDING, Enterprise.Status.REJECTED]
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Enterprises by theme and status:"))
        width = max(len(theme) for theme in table) + 2
        self.stdout.write("  " + "theme".ljust(width) + "".join(s.rjust(10) for s in [*statuses, "total"]))
        totals = dict.fromkeys(statuses, 0)
        for theme, counts in table.items():
            for status in statuses:
                totals[status] += counts.get(status, 0)
            cells = [counts.get(s, 0) for s in statuses]
            self.stdout.write(
                "  " + theme.ljust(width) + "".join(str(n).rjust(10) for n in [*cells, sum(cells)])
            )
        cells = [totals[s] for s in statuses]
        self.stdout.write(
            "  " + "total".ljust(width) + "".join(str(n).rjust(10) for n in [*cells, sum(cells)])
        )
        self.stdout.write("")
        done = "No enterprises seeded" if skipped else f"Seeded {created} enterprises"
        self.stdout.write(self.style.SUCCESS(f"{done}; finished in {seconds:.1f} s."))
