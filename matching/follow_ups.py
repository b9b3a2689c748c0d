"""Next steps other apps offer from an approved match (order, quote, licence request).

`matching` cannot import the apps that build on it, so they register here a function of the match, the
enterprise's own listing and the other side's, returning the buttons to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from listings.models import Listing
from matching.models import Match


@dataclass(frozen=True)
class FollowUp:
    label: str
    url: str


FollowUpRule = Callable[[Match, Listing, Listing], list[FollowUp]]
_rules: list[FollowUpRule] = []


def register_follow_up(rule: FollowUpRule) -> None:
    if rule not in _rules:
        _rules.append(rule)


def follow_ups(match: Match, own: Listing, other: Listing) -> list[FollowUp]:
    """Every next step the registered rules offer the owner of `own` on this match."""
    return [step for rule in _rules for step in rule(match, own, other)]
