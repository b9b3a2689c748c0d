"""A match's breakdown as people read it: one reason per feature, in the reader's language.

The engine stores each feature as `[name, value, reason code, arguments, missed constraint]`
(`Match.breakdown`, matching.engine.ScoredPair.breakdown); the admin, the API and the pages render its
reason in the active language here (matching.features.REASONS), so that they all say the same thing.
Matches written before algorithm 1.2 stored each feature as a dict with both languages' text
(`reason_zh`, `reason_en`, `weight`): they read the same until a rematch rewrites them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from matching.features import reason_text as render
from matching.models import Match
from matching.weights import WEIGHTS

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


def _stored_text(item: dict[str, Any], language: str | None) -> str:
    """The reason of a breakdown item of the old form (a dict with both languages' text)."""
    zh, en = str(item.get("reason_zh") or ""), str(item.get("reason_en") or "")
    return (zh or en) if _chinese(language) else (en or zh)


def _reason(item: Any, chinese: bool, language: str | None) -> Reason:
    if isinstance(item, dict):  # written before algorithm 1.2
        feature = str(item.get("feature", ""))
        value, weight = item.get("value"), item.get("weight")
        text, miss = _stored_text(item, language), item.get("miss")
    else:
        stored: list[Any] = list(item[:5]) if isinstance(item, list | tuple) else []
        feature, value, code, args, miss = [*stored, None, None, None, None, None][:5]
        feature = str(feature or "")
        weight = WEIGHTS.get(feature, 0.0)
        text = render(str(code or ""), args if isinstance(args, list | tuple) else (), chinese)
    return Reason(
        feature=feature,
        label=str(FEATURE_LABELS.get(feature, feature)),
        value=float(value or 0.0),
        weight=float(weight or 0.0),
        reason=text,
        miss=str(miss or ""),
    )


def match_reasons(match: Match, language: str | None = None) -> list[Reason]:
    """The match's breakdown as reasons, in the order the engine gave them."""
    chinese = _chinese(language)
    return [_reason(item, chinese, language) for item in match.breakdown or []]


def reasons_line(match: Match, language: str | None = None) -> str:
    """The reasons in one line ('同城 · 持有 IATF 16949'), a missed constraint marked with '!'."""
    return " · ".join(
        f"! {reason.reason}" if reason.miss else reason.reason
        for reason in match_reasons(match, language)
        if reason.reason
    )
