"""Celery tasks of orders: thin periodic wrappers around one service each."""

from __future__ import annotations

from celery import shared_task

from orders.services import orders, quotes


@shared_task(name="orders.expire_orders", soft_time_limit=300, time_limit=330)
def expire_orders() -> int:
    """Periodic: expire placed orders the seller did not answer in time."""
    return orders.orders_expire()


@shared_task(name="orders.close_quote_requests", soft_time_limit=300, time_limit=330)
def close_quote_requests() -> int:
    """Periodic: close requests for quotes whose deadline has passed."""
    return quotes.quote_requests_close_due()
