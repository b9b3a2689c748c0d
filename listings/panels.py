"""Panels other apps add to a listing's page (place an order, open it for quotes, request a licence,
apply for financing): `detail_panels.register(fn)` in the app's `ready()`."""

from __future__ import annotations

from listings.models import Listing
from platform_site.panels import Panels

detail_panels: Panels[Listing] = Panels()
