"""Template filters of the order, quote and request pages."""

from __future__ import annotations

from django import template

from platform_site.formats import money, number

register = template.Library()
register.filter("number", number)
register.filter("money", money)

# The colour a status is shown in: waiting for someone, under way, done well, refused, or over.
TONES = {
    "pending": {"placed", "submitted", "requested", "open", "shortlisted"},
    "accepted": {"accepted", "shipped", "delivered", "awarded"},
    "verified": {"completed"},
    "rejected": {"rejected", "declined", "not_selected"},
}


@register.filter
def status_tone(status: str) -> str:
    """The badge modifier of a status: `badge--{{ status|status_tone }}`."""
    return next((tone for tone, statuses in TONES.items() if status in statuses), "expired")
