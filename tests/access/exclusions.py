"""Routes the access table leaves out on purpose, each with the reason."""

from __future__ import annotations

from dataclasses import dataclass

from tests.access.routes import Route


@dataclass(frozen=True, order=True)
class Exclusion:
    """Routes whose name (or, unnamed, pattern) starts with `prefix`."""

    prefix: str
    reason: str
    # Present only in some settings (so the check for stale exclusions passes it over).
    optional: bool = False

    def matches(self, route: Route) -> bool:
        return route.name.startswith(self.prefix)


EXCLUDED = (
    # Django's admin checks is_staff (and model permissions) on every page itself;
    # tests/test_access.py checks once that it sends anyone else to its login page.
    Exclusion("admin:", "Django admin: staff only, checked by test_the_admin_is_for_staff_only"),
    # The unnamed admin redirects (admin/<app>/<model>/<id>/ to its change page).
    Exclusion("admin/", "Django admin: staff only, checked by test_the_admin_is_for_staff_only"),
    # Uploaded files are served only in development (DEBUG); production serves none (each file goes
    # through its view's access check).
    Exclusion("^media/", "development media server, absent unless DEBUG", optional=True),
)


def excluded(route: Route) -> bool:
    return any(rule.matches(route) for rule in EXCLUDED)
