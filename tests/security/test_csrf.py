"""CSRF on every form: each page of the URL conf, opened by each kind of user, carries the token in every
POST form (and htmx posts send it in a header); a POST without the token is refused with 403."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from listings.models import Listing
from orders.models import Order
from tests.factories import PASSWORD
from tests.security.conftest import ANONYMOUS, BANK, OWNER, PARTNER, STAFF, World

ROOT = Path(__file__).resolve().parents[2]

# The URL arguments of each page, from the world.
PAGE_KWARGS: dict[str, Callable[[World], dict[str, Any]]] = {
    "accounts:invitation_accept": lambda w: {"token": w.invitation_token},
    "accounts:enterprise_detail": lambda w: {"pk": w["enterprise"].pk},
    "listings:detail": lambda w: {"pk": w["published"].pk},
    "listings:create": lambda w: {"side": "supply", "kind": "product"},
    "listings:edit": lambda w: {"pk": w["draft"].pk},
    "orders:order_detail": lambda w: {"pk": w["order"].pk},
    "orders:order_place": lambda w: {"listing_id": w["partner_supply"].pk},
    "orders:licence_new": lambda w: {"listing_id": w["licence"].listing_id},
    "orders:licence_detail": lambda w: {"pk": w["licence"].pk},
    "orders:rfq_detail": lambda w: {"pk": w["rfq"].pk},
    "orders:rfq_open": lambda w: {"listing_id": w["own_demand"].pk},
    "orders:quote_submit": lambda w: {"listing_id": w["partner_demand"].pk},
    "orders:quote_detail": lambda w: {"pk": w["my_quote"].pk},
    "financing:application_detail": lambda w: {"pk": w["application"].pk},
    "information:news_detail": lambda w: {"pk": w["announcement"].pk},
    "information:event_detail": lambda w: {"pk": w["event"].pk},
    "information:event_schedule": lambda w: {"pk": w["event"].pk},
}
# Routes that answer GET with a file, a feed, a redirect or JSON: no form to check.
NOT_PAGES = {
    "healthz",
    "set_language",  # POST switches the language; GET goes back
    "listings:attachment",
    "listings:export",
    "listings:import_template",
    "orders:message_file",
    "orders:quote_attachment",
    "orders:quote_action",  # GET redirects to the quote (award confirms on the quote's page)
    "financing:application_message_post",  # GET redirects to the application's thread
    "financing:application_message_file",
    "financing:application_document",
    "information:news_feed",
    "information:news_attachment",
}
# Pages whose form an anonymous visitor would not see: everyone else signs in first.
VISITORS = (ANONYMOUS, OWNER, PARTNER, BANK, STAFF)
HTMX_WRITE = re.compile(r"\shx-(post|put|patch|delete)=")


def page_routes() -> Iterator[tuple[str, URLPattern]]:
    """Every named page route: not the API, the admin (Django's own forms) or media in debug."""

    def walk(patterns: list[Any], namespace: str) -> Iterator[tuple[str, URLPattern]]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin" or str(entry.pattern).startswith("api/"):
                    continue
                yield from walk(
                    entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                )
            elif isinstance(entry, URLPattern) and entry.name and not str(entry.pattern).startswith("api/"):
                yield f"{namespace}{entry.name}", entry

    yield from walk(get_resolver().url_patterns, "")


class FormScanner(HTMLParser):
    """The POST forms of a page, each with whether it holds a non-empty csrfmiddlewaretoken input."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, bool]] = []  # (action, has token)
        self._open: list[Any] | None = None
        self.body_headers = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "body":
            self.body_headers = found.get("hx-headers", "")
        elif tag == "form" and found.get("method", "get").lower() == "post":
            self._open = [found.get("action", ""), False]
        elif tag == "input" and self._open is not None and found.get("name") == "csrfmiddlewaretoken":
            self._open[1] = bool(found.get("value"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._open is not None:
            self.forms.append((self._open[0], self._open[1]))
            self._open = None


def test_every_post_form_on_every_page_carries_the_csrf_token(world: World) -> None:
    # Given every page of the URL conf, opened by each kind of visitor
    browsers = {who: world.browser(who) for who in VISITORS}
    checked_pages, forms, missing, not_covered, unseen = 0, 0, [], [], []
    for name, pattern in page_routes():
        if name in NOT_PAGES:
            continue
        if pattern.pattern.converters and name not in PAGE_KWARGS:
            # A route with arguments and no entry above: fine when it answers POST only.
            dummy = {
                key: 1 if conv.regex == "[0-9]+" else "x" for key, conv in pattern.pattern.converters.items()
            }
            if browsers[OWNER].get(reverse(name, kwargs=dummy)).status_code != 405:
                not_covered.append(name)
            continue
        url = reverse(name, kwargs=PAGE_KWARGS[name](world) if name in PAGE_KWARGS else None)
        seen, post_only = False, True
        for who, browser in browsers.items():
            response = browser.get(url)
            post_only = post_only and response.status_code == 405
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            checked_pages += 1
            seen = True
            scanner = FormScanner()
            scanner.feed(response.content.decode())
            forms += len(scanner.forms)
            missing += [f"{name} as {who}: form to {action!r}" for action, ok in scanner.forms if not ok]
            # htmx posts from outside a form send the token in the header the body declares
            if HTMX_WRITE.search(response.content.decode()) and "X-CSRFToken" not in scanner.body_headers:
                missing.append(f"{name} as {who}: htmx post without the X-CSRFToken header")
        if not seen and not post_only:
            unseen.append(name)

    # Then every POST form has the token, and the walk really saw the site
    assert not not_covered, f"Pages with URL arguments to add to PAGE_KWARGS or NOT_PAGES: {not_covered}"
    assert unseen == [], f"Pages no visitor could open: fix their PAGE_KWARGS: {unseen}"
    assert missing == []
    assert checked_pages >= 100 and forms >= 150, (checked_pages, forms)


def test_every_post_form_in_the_templates_has_the_csrf_token() -> None:
    """The pages the walk cannot reach in one state (a quote being revised, an order in transit) are
    caught here: each <form method="post"> of a template holds {% csrf_token %} before it closes."""
    problems = []
    templates = [p for app in settings.INSTALLED_APPS for p in (ROOT / app).glob("templates/**/*.html")]
    assert len(templates) > 50
    for template in templates:
        text = template.read_text()
        for match in re.finditer(r"<form\b[^>]*\bmethod=\"post\"[^>]*>", text, flags=re.IGNORECASE):
            end = text.find("</form>", match.end())
            if "{% csrf_token %}" not in text[match.end() : end if end != -1 else len(text)]:
                problems.append(f"{template.relative_to(ROOT)}: {match.group(0)[:80]}")
    assert problems == []


# ---------------------------------------------------------------------------------------------------
# A POST without the token is refused


def test_signing_in_without_the_token_is_refused(world: World) -> None:
    browser = world.browser(ANONYMOUS, enforce_csrf_checks=True)
    response = browser.post(
        reverse("accounts:login"), {"username": world.user(OWNER).email, "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session


def test_creating_a_listing_without_the_token_is_refused(world: World) -> None:
    browser = world.browser(OWNER, enforce_csrf_checks=True)
    before = Listing.objects.count()
    response = browser.post(
        reverse("listings:create", kwargs={"side": "supply", "kind": "product"}), {"title": "无令牌的供应"}
    )
    assert response.status_code == 403
    assert Listing.objects.count() == before


def test_placing_an_order_without_the_token_is_refused(world: World) -> None:
    browser = world.browser(OWNER, enforce_csrf_checks=True)
    before = Order.objects.count()
    response = browser.post(
        reverse("orders:order_place", kwargs={"listing_id": world["partner_supply"].pk}), {"quantity": "10"}
    )
    assert response.status_code == 403
    assert Order.objects.count() == before


def test_the_same_post_with_the_token_goes_through(world: World) -> None:
    # Given the login page's own token (so the 403s above are about the token, nothing else)
    browser = world.browser(ANONYMOUS, enforce_csrf_checks=True)
    page = browser.get(reverse("accounts:login"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None

    response = browser.post(
        reverse("accounts:login"),
        {"username": world.user(OWNER).email, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
    )
    assert response.status_code == 302
    assert browser.session["_auth_user_id"] == str(world.user(OWNER).pk)


def test_an_api_write_with_a_session_needs_the_token_too(world: World) -> None:
    """DRF's session authentication enforces CSRF; a token-authenticated integration does not need it."""
    browser = world.browser(OWNER, enforce_csrf_checks=True)
    response = browser.post("/api/v1/notifications/read-all/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert "CSRF" in response.json()["error"]["message"]
