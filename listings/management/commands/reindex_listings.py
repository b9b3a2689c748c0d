"""`manage.py reindex_listings`: rebuild every listing's search tokens, after `seeds/aliases.json` or the
tokeniser changed (stored tokens are computed when a listing is saved, so old listings keep old ones)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from tqdm import tqdm

from listings.models import Listing
from listings.search.index import index_listing


class Command(BaseCommand):
    help = "Rebuild the search tokens of every listing (after the alias dictionary changed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        size = max(1, options["batch_size"])
        ids = list(Listing.objects.order_by("pk").values_list("pk", flat=True))
        with tqdm(total=len(ids), unit="listing", disable=options["verbosity"] == 0) as progress:
            for start in range(0, len(ids), size):
                batch = list(
                    Listing.objects.filter(pk__in=ids[start : start + size]).prefetch_related(
                        "certifications"
                    )
                )
                for listing in batch:
                    index_listing(listing, [c.standard for c in listing.certifications.all()])
                with transaction.atomic():
                    Listing.objects.bulk_update(batch, ["search_title", "search_body"])
                progress.update(len(batch))
        self.stdout.write(f"Reindexed {len(ids)} listings.")
