"""Security headers on pages and API responses, HTTPS-only cookies and HSTS in production settings, and a
Content-Security-Policy the templates can live with (no inline script anywhere)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import django
import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from accounts.models import Membership
from tests.conftest import client_for
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
needs_csp = pytest.mark.skipif(django.VERSION < (6, 0), reason="Django 6 brings the CSP middleware")


def assert_common_headers(response: Any) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    if django.VERSION >= (6, 0):
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "object-src 'none'" in policy and "unsafe-eval" not in policy


@pytest.mark.django_db
def test_a_page_carries_the_security_headers(client: Client) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert_common_headers(response)


@pytest.mark.django_db
def test_an_api_response_carries_the_security_headers(owner: Membership) -> None:
    response = client_for(owner.user).get("/api/v1/auth/me/")
    assert response.status_code == 200 and response.json()["email"] == owner.user.email
    assert_common_headers(response)
    # and so does an error
    assert_common_headers(client_for(owner.user).get("/api/v1/no-such-thing/"))


# ---------------------------------------------------------------------------------------------------
# The Content-Security-Policy allows no inline script, so no template may have one


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def test_no_template_has_an_inline_script_or_event_handler() -> None:
    templates = [
        p for app in django_settings.INSTALLED_APPS for p in (ROOT / app).glob("templates/**/*.html")
    ]
    assert len(templates) > 50
    problems = []
    for template in templates:
        text = template.read_text()
        for tag in SCRIPT_TAG.finditer(text):
            attributes = tag.group(1)
            if "src=" not in attributes and 'type="application/json"' not in attributes:
                problems.append(f"{template.relative_to(ROOT)}: inline <script{attributes}>")
        problems += [f"{template.relative_to(ROOT)}: {m.group(0)[:60]}" for m in EVENT_HANDLER.finditer(text)]
        if "javascript:" in text.replace("javascript: link", ""):
            problems.append(f"{template.relative_to(ROOT)}: javascript: URL")
    assert problems == []


@needs_csp
@pytest.mark.django_db
def test_the_api_docs_run_under_the_policy(client: Client) -> None:
    # The Swagger UI page loads every script from a URL of the site, its setup script included
    page = client.get("/api/docs/")
    html = page.content.decode()
    assert page.status_code == 200 and "swagger-ui" in html
    scripts = [tag.group(1) for tag in SCRIPT_TAG.finditer(html)]
    assert scripts and all("src=" in attributes for attributes in scripts)
    assert "script-src 'self'" in page["Content-Security-Policy"]
    setup = client.get("/api/docs/", {"script": ""})
    assert setup.status_code == 200 and setup["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in setup.content.decode()


# ---------------------------------------------------------------------------------------------------
# Production settings: HTTPS only


def production_settings() -> dict[str, Any]:
    """The settings module with debug off and nothing else set: the defaults a deployment starts from."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "platform_site.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "k7#Vq2!mZ9pL4xR8wT1yB6nC3sD5fG0hJ-uE_aQ+oI*vN&bM^cX%zW@eY(rK)tU=",
    }
    names = [
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS",
        "SECURE_REFERRER_POLICY",
        "SECURE_PROXY_SSL_HEADER",
    ]
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    loaded: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_production_settings_are_https_only() -> None:
    found = production_settings()
    assert found["DEBUG"] is False
    assert found["SECURE_SSL_REDIRECT"] is True
    assert found["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert found["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True and found["SECURE_HSTS_PRELOAD"] is True
    assert found["SESSION_COOKIE_SECURE"] is True and found["CSRF_COOKIE_SECURE"] is True
    assert found["SESSION_COOKIE_HTTPONLY"] is True
    assert found["SECURE_CONTENT_TYPE_NOSNIFF"] is True and found["X_FRAME_OPTIONS"] == "DENY"
    assert found["SECURE_REFERRER_POLICY"] == "same-origin"
    assert found["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.fixture
def https_only(settings: Any) -> None:
    """The production values (test settings turn the redirect off for the plain-HTTP test client)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


@pytest.mark.django_db
def test_with_production_settings_http_is_redirected_and_https_is_pinned(
    https_only: None, client: Client
) -> None:
    plain = client.get(reverse("accounts:login"))
    assert plain.status_code == 301 and plain["Location"].startswith("https://")

    secure = client.get(reverse("accounts:login"), secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
def test_with_production_settings_the_cookies_are_secure(https_only: None, owner: Membership) -> None:
    browser = Client()
    page = browser.get(reverse("accounts:login"), secure=True)
    assert page.cookies["csrftoken"]["secure"] is True

    signed_in = browser.post(
        reverse("accounts:login"), {"username": owner.user.email, "password": PASSWORD}, secure=True
    )

    assert signed_in.status_code == 302
    session = signed_in.cookies["sessionid"]
    assert session["secure"] is True and session["httponly"] is True and session["samesite"] == "Lax"
