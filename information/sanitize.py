"""Rich text of announcements and events, sanitised once, when it is written.

Bodies, descriptions and agendas are HTML that the office writes (or pastes from a word processor) and
every visitor's browser renders. A script, an event handler or a `javascript:` link in them would run in
the site's origin, so they are cut down to a short list of text markup with nh3 (the Rust `ammonia`
sanitiser) before they are stored; the pages then render the stored HTML as it is.
"""

from __future__ import annotations

import html

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "ul",
        "ol",
        "li",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
# Absolute links only: a relative `href` would point somewhere on this site that the author did not mean.
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed with their content, not only their tags: their text is code or a fallback, never prose.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "title"}
)


def clean_html(text: str | None) -> str:
    """`text` with only the allowed markup left: links keep an http, https or mailto `href` and get
    `rel="noopener noreferrer"`; scripts, styles, frames, `on*` attributes and comments are gone."""
    if not text:
        return ""
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        url_relative="deny",
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def has_text(markup: str) -> bool:
    """Whether HTML says anything: markup and spaces alone (`<p>&nbsp;</p>`) are an empty body."""
    return bool(
        html.unescape(nh3.clean(markup, tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))).strip()
    )
