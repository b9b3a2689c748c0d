"""A match's breakdown as people read it: one reason per feature, in the reader's language.

The engine stores each feature's reason in Chinese and English (`Match.breakdown`); the admin, the API
and the pages pick the one of the active language here, so that they all say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from matching.models import Match

FEATURE_LABELS: dict[str, str | Promise] = {
    "text": _("Description"),
    "category": _("Category"),
    "variant": _("Variant"),
    "certification": _("Certifications"),
    "price": _("Price"),
    "quantity": _("Quantity"),
    "time": _("Time"),
    "region": _("Region"),
    "trl": _("Technology readiness"),
    "transfer_mode": _("Transfer mode"),
    "amount": _("Amount"),
    "term": _("Term"),
    "instrument": _("Instrument"),
    "eligibility": _("Eligibility"),
    "theme": _("Enterprise type"),
    "verified": _("Verified enterprise"),
}
MISS_LABELS: dict[str, str | Promise] = {
    "mild": _("a little off"),
    "severe": _("far off"),
    "exclude": _("excluded"),
}


@dataclass(frozen=True, slots=True)
class Reason:
    """One feature of a match: its value and weight, and why, in the active language."""

    feature: str
    label: str
    value: float
    weight: float
    reason: str
    miss: str

    @property
    def miss_label(self) -> str:
        return str(MISS_LABELS.get(self.miss, ""))


def _chinese(language: str | None) -> bool:
    return (language or get_language() or "zh-hans").startswith("zh")


def reason_text(item: dict[str, Any], language: str | None = None) -> str:
    """The reason of one breakdown item in the language (the active one by default)."""
    zh, en = str(item.get("reason_zh") or ""), str(item.get("reason_en") or "")
    return (zh or en) if _chinese(language) else (en or zh)


def match_reasons(match: Match, language: str | None = None) -> list[Reason]:
    """The match's breakdown as reasons, in the order the engine gave them."""
    reasons = []
    for item in match.breakdown or []:
        feature = str(item.get("feature", ""))
        reasons.append(
            Reason(
                feature=feature,
                label=str(FEATURE_LABELS.get(feature, feature)),
                value=float(item.get("value") or 0.0),
                weight=float(item.get("weight") or 0.0),
                reason=reason_text(item, language),
                miss=str(item.get("miss") or ""),
            )
        )
    return reasons


def reasons_line(match: Match, language: str | None = None) -> str:
    """The reasons in one line ('同城 · 持有 IATF 16949'), a missed constraint marked with '!'."""
    return " · ".join(
        f"! {reason.reason}" if reason.miss else reason.reason
        for reason in match_reasons(match, language)
        if reason.reason
    )
