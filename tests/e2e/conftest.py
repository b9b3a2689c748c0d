"""The browser tests' stage: Debian's Chromium driven by Playwright against the live server, one browser
context (cookies, language) per person, and evidence of every failure kept in `e2e-artifacts/`.

Playwright never downloads a browser here: it launches the system's `/usr/bin/chromium` (`.ci/run`
installs it). Without it, the tests marked `e2e` are skipped with the reason printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "e2e-artifacts"
# Long enough for a first request that builds the matching engine, short enough to fail fast.
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the browser tests before any database is set up for them when there is no Chromium."""
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is missing: apt-get install chromium to run the browser tests"
    )
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(skip)


@dataclass
class Stage:
    """The browser and the people using it, each in a context of their own, as on their own computers.

    Chromium starts when the first person appears, so a test sets up its data before that. Playwright's
    sync API keeps an asyncio event loop running in the test's thread while it is started, and in such a
    thread Django refuses ORM calls ("You cannot call this from an async context"); lifting that guard
    (DJANGO_ALLOW_ASYNC_UNSAFE) would not do either, because Django then hands those calls a connection
    of their own that nothing closes, which keeps PostgreSQL from dropping the test database. The live
    server is unaffected: it answers the browser in threads of its own.
    """

    base_url: str
    pages: dict[str, Page] = field(default_factory=dict)
    _playwright: Playwright | None = None
    _browser: Browser | None = None

    def _start(self) -> Browser:
        if self._browser is None:
            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(executable_path=str(CHROMIUM))
        return self._browser

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()
        self._browser = self._playwright = None

    def person(self, who: str) -> Page:
        """A new browser window for `who`, set up like a browser in China (which asks for Chinese)."""
        context = self._start().new_context(
            base_url=self.base_url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        self.pages[who] = page
        return page

    def keep_evidence(self, test_name: str) -> list[Path]:
        """A full-page screenshot and the HTML of each person's page, named after the test and person."""
        ARTIFACTS.mkdir(exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "_", test_name)
        kept: list[Path] = []
        for who, page in self.pages.items():
            if page.is_closed():
                continue
            png, html, txt = (ARTIFACTS / f"{stem}-{who}.{ext}" for ext in ("png", "html", "txt"))
            # Best effort: a page that cannot be captured says why, and the test's own error stays the one
            # reported.
            try:
                page.screenshot(path=png, full_page=True)
                html.write_text(f"<!-- {page.url} -->\n{page.content()}", encoding="utf-8")
                kept += [png, html]
            except Exception as exc:
                txt.write_text(f"{page.url}\nnot captured: {exc}\n", encoding="utf-8")
                kept.append(txt)
        return kept


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    """When a browser test fails, keep what each person saw before the fixtures close the browser."""
    report = yield
    stage = getattr(item, "funcargs", {}).get("stage")
    if report.when == "call" and report.failed and isinstance(stage, Stage):
        kept = stage.keep_evidence(item.name)
        report.sections.append(("e2e artifacts", "\n".join(str(path) for path in kept)))
    return report


@pytest.fixture
def stage(live_server: Any, settings: Any) -> Iterator[Stage]:
    """Headless Chromium on the live server, closed after the test (so no event loop outlives it)."""
    # The live server speaks plain HTTP, on which a browser drops cookies marked Secure.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    stage = Stage(base_url=live_server.url)
    try:
        yield stage
    finally:
        stage.close()
