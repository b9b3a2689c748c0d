"""`manage.py seed`: the Anhui platform at launch (522 enterprises, 129 published listings), demo logins,
and benchmark-scale catalogues.

    manage.py seed                      on an empty database: 522 enterprises with --seed 2023, the demo
                                        logins, the launch catalogue (129 published listings, 108 supply)
                                        and a small moderation queue (a draft, two awaiting review, one
                                        rejected); refuses if any enterprise exists
    manage.py seed --enterprises 60 --seed 7
    manage.py seed --if-empty           seeds each part only if it is empty: the enterprises if there is
                                        none, the launch catalogue if no demo enterprise has a listing
                                        (docker-compose and `make run`); always ensures the demo logins
    manage.py seed --reset              deletes the demo data first (accounts @demo.chainmatch.cn, the
                                        enterprises they own and those enterprises' listings), then seeds;
                                        other enterprises and their listings stay
    manage.py seed --listings 100000    adds 100,000 generated published listings (84% supply, all kinds,
                                        segments, provinces and price bands) to the verified demo
                                        enterprises. On an empty database the enterprises, logins and
                                        launch catalogue come first; on a seeded one it adds the listings
                                        and nothing else. Combines with --if-empty and --reset.

Whatever the case, the demo logins are ensured (created, or reset to the demo password) and printed,
except when `--listings` alone adds to a seeded database. The logins: admin@demo.chainmatch.cn, one owner
of a verified enterprise per theme (vehicle_maker@…, …) and pending@… whose enterprise waits for
verification. Their password is `chainmatch-demo`: the demo is for a local machine, so do not run the
seed on a server the public can reach.

Same --seed, same database state: same data (dates are relative to today). Everything happens in one
transaction: a failure leaves the database as it was.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from accounts.models import Enterprise, Region, User
from listings.choices import Kind, Side
from listings.models import Listing
from seeds import demo, plan
from seeds import listings as seed_listings
from seeds.financing import seed_offer_terms


class Command(BaseCommand):
    """Parse the options, run `seeds.demo` and `seeds.listings` in one transaction, print a summary."""

    help = (
        "Load the demo: enterprises (522 by default, as at the Anhui platform's launch), the demo logins, "
        "the launch catalogue of 129 listings, and optionally N generated listings (--listings N)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enterprises", type=int, default=demo.DEFAULT_COUNT, help="how many (default %(default)s)"
        )
        parser.add_argument(
            "--listings",
            type=int,
            default=0,
            metavar="N",
            help="also add N generated published listings (benchmarks); alone on a seeded database, "
            "adds only those",
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
            help="skip the enterprises if any exist, the launch listings if the demo has any "
            "(still ensure the demo logins)",
        )
        mode.add_argument("--reset", action="store_true", help="delete the previous demo data first")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        count: int = options["enterprises"]
        generate: int = options["listings"]
        seed: int = options["seed"]
        if count < 0:
            raise CommandError("--enterprises must be 0 or more.")
        if generate < 0:
            raise CommandError("--listings must be 0 or more.")
        if not Region.objects.exists():
            raise CommandError("The region table is empty: run `manage.py migrate` first.")
        created = launched = generated = 0
        logins: list[demo.DemoLogin] = []
        with transaction.atomic():
            if options["reset"]:
                enterprises, users, listings = demo.delete_demo_data()
                self.stdout.write(
                    f"Deleted the previous demo data: {enterprises} enterprises, {users} accounts, "
                    f"{listings} listings."
                )
            existing = Enterprise.objects.count()
            skip = existing > 0 and not options["reset"]
            listings_only = skip and not options["if_empty"] and generate > 0
            if skip and not options["if_empty"] and not listings_only:
                raise CommandError(
                    f"The database already has {existing} enterprises. Use --if-empty to leave them and only "
                    "ensure the demo logins, --reset to replace the demo data, or --listings N to add "
                    "listings."
                )
            if listings_only:
                admin = self._demo_admin()
            else:
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
                launched = self._launch(seed, admin, seeded_enterprises=not skip)
                if launched:
                    # The launch offers' product terms, before the rematch reads them.
                    seed_offer_terms()
            if generate:
                generated = self._generate(generate, seed, admin)
        if launched and not generate:
            # The demo's review queue starts with the launch catalogue's matches (a benchmark-scale
            # catalogue is left to `manage.py rematch`, which it measures).
            from matching.models import MatchRun
            from matching.services.matching import rematch_run_inline

            run = rematch_run_inline(trigger=MatchRun.Trigger.COMMAND)
            self.stdout.write(f"Matched the catalogue: {run.matches_written} matches await review.")
            from seeds.business import seed_demo_business
            from seeds.financing import seed_financing_applications
            from seeds.information import seed_information

            with transaction.atomic():
                business = seed_demo_business()
            self.stdout.write(
                f"Demo business: {business['orders']} orders, {business['quotes']} quotes, "
                f"{business['requests']} licence and talent requests."
            )
            with transaction.atomic():
                financing = seed_financing_applications()
            self.stdout.write(f"Demo financing: {financing['applications']} applications.")
            with transaction.atomic():
                information = seed_information()
            self.stdout.write(
                f"Demo information: {information['announcements']} announcements, "
                f"{information['events']} event."
            )
        # The statistics read what the seed wrote in bulk (no signals): compute them afresh.
        from stats.cache import clear as clear_statistics

        clear_statistics()
        if logins:
            self._print_logins(logins)
        self._print_summary()
        self._print_listings()
        done = "No enterprises seeded" if skip else f"Seeded {created} enterprises"
        self.stdout.write(
            self.style.SUCCESS(
                f"{done}; {launched} launch and {generated} generated listings; "
                f"finished in {time.perf_counter() - started:.1f} s."
            )
        )

    def _demo_admin(self) -> User:
        """The reviewer of generated listings: the demo admin, created if a database lacks it."""
        admin = User.objects.filter(email=demo.ADMIN_EMAIL).first()
        return admin or demo.ensure_demo_admin(password_hash=demo.demo_password_hash())

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

    def _launch(self, seed: int, admin: User, *, seeded_enterprises: bool) -> int:
        """The launch catalogue and the demo moderation queue, with new enterprises or into an empty demo.

        With --if-empty on a database whose demo enterprises have listings already, nothing is added: the
        demo may have moved on, and a second launch catalogue would double it.
        """
        if not seeded_enterprises and Listing.objects.filter(enterprise__in=demo.demo_enterprises()).exists():
            self.stdout.write("The demo enterprises have listings already: not seeding the launch catalogue.")
            return 0
        try:
            launched = seed_listings.seed_launch_listings(plan.rng_for(seed, "launch-listings"), admin=admin)
            seed_listings.seed_workflow_listings(plan.rng_for(seed, "workflow-listings"), admin=admin)
        except plan.SeedError as exc:
            raise CommandError(str(exc)) from exc
        return len(launched)

    def _generate(self, count: int, seed: int, admin: User) -> int:
        """N generated listings in batches, with a progress bar on a terminal; returns how many.

        The generator's seed includes how many listings exist, so that adding twice adds different ones.
        """
        rng = plan.rng_for(seed, f"generated-listings:{Listing.objects.count()}")
        with tqdm(total=count, desc="Listings", unit="listing", disable=not self.stdout.isatty()) as bar:
            try:
                return seed_listings.seed_generated_listings(rng, count, admin=admin, progress=bar.update)
            except plan.SeedError as exc:
                raise CommandError(str(exc)) from exc

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

    def _print_summary(self) -> None:
        """Enterprises in the database by theme and status."""
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

    def _print_listings(self) -> None:
        """Published listings by kind and side, the supply share, and the listings in other statuses."""
        summary = seed_listings.listing_summary()
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Published listings by kind and side:"))
        sides = [Side.SUPPLY, Side.DEMAND]
        self.stdout.write("  " + "kind".ljust(12) + "".join(s.rjust(10) for s in [*sides, "total"]))
        for kind in Kind.values:
            cells = [summary.published[kind].get(side, 0) for side in sides]
            self.stdout.write("  " + kind.ljust(12) + "".join(str(n).rjust(10) for n in [*cells, sum(cells)]))
        cells = [sum(summary.published[k].get(side, 0) for k in Kind.values) for side in sides]
        self.stdout.write("  " + "total".ljust(12) + "".join(str(n).rjust(10) for n in [*cells, sum(cells)]))
        others = ", ".join(
            f"{status} {n}"
            for status, n in sorted(summary.statuses.items())
            if status != Listing.Status.PUBLISHED
        )
        self.stdout.write(
            f"  {summary.total_published} published, {summary.supply_share:.1%} supply"
            + (f"; also {others}." if others else ".")
        )
        self.stdout.write("")
