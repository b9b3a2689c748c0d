"""Panels other apps add to an order's page (finance this order): `order_panels.register(fn)`."""

from __future__ import annotations

from orders.models import Order
from platform_site.panels import Panels

order_panels: Panels[Order] = Panels()
