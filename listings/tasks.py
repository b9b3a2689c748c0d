"""Celery tasks of listings: thin wrappers that call one service each."""

from __future__ import annotations

from celery import shared_task

from listings import saved_searches, services


@shared_task(name="listings.expire_listings", soft_time_limit=240, time_limit=300)
def expire_listings() -> int:
    """Hourly: expire published listings past their validity date."""
    return services.listings_expire()


@shared_task(name="listings.warn_expiring_listings", soft_time_limit=240, time_limit=300)
def warn_expiring_listings() -> int:
    """Every six hours: warn owners a week before their listings expire (once per validity date)."""
    return services.listings_warn_expiring()


@shared_task(
    name="listings.notify_saved_searches",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=120,
    time_limit=180,
)
def notify_saved_searches(listing_id: int) -> int:
    """Tell the members whose saved searches a newly published listing matches."""
    return saved_searches.saved_searches_notify(listing_id=listing_id)
