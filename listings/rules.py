"""Who may offer and who may ask for what: the theme rules, in one table.

A listing's kind must be allowed for the side it is on and the theme of the publishing enterprise.
The reasoning, row by row:

* vehicle and component makers and aftermarket enterprises sell products, license their technology,
  second their engineers, and need all four kinds, funding included;
* universities and research institutes offer technology and talent (graduates, researchers), never
  products; they buy equipment and materials and seek technology partners, talent and funding;
* financial institutions are the only ones that offer funding, and on the demand side they look only
  for talent (they do not buy vehicle parts or seek funding on the platform).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.taxonomy import Theme
from listings.choices import Kind, Side

_ALL = frozenset(Kind.values)
_INDUSTRY_OFFERS = frozenset({Kind.PRODUCT, Kind.TECHNOLOGY, Kind.TALENT})
_ACADEMIC_OFFERS = frozenset({Kind.TECHNOLOGY, Kind.TALENT})

ALLOWED_KINDS: dict[tuple[str, str], frozenset[str]] = {
    (Theme.VEHICLE_MAKER, Side.SUPPLY): _INDUSTRY_OFFERS,
    (Theme.COMPONENT_MAKER, Side.SUPPLY): _INDUSTRY_OFFERS,
    (Theme.AFTERMARKET, Side.SUPPLY): _INDUSTRY_OFFERS,
    (Theme.UNIVERSITY, Side.SUPPLY): _ACADEMIC_OFFERS,
    (Theme.RESEARCH_INSTITUTE, Side.SUPPLY): _ACADEMIC_OFFERS,
    (Theme.FINANCIAL_INSTITUTION, Side.SUPPLY): frozenset({Kind.FUNDING}),
    (Theme.VEHICLE_MAKER, Side.DEMAND): _ALL,
    (Theme.COMPONENT_MAKER, Side.DEMAND): _ALL,
    (Theme.AFTERMARKET, Side.DEMAND): _ALL,
    (Theme.UNIVERSITY, Side.DEMAND): _ALL,
    (Theme.RESEARCH_INSTITUTE, Side.DEMAND): _ALL,
    (Theme.FINANCIAL_INSTITUTION, Side.DEMAND): frozenset({Kind.TALENT}),
}


def allowed_kinds(theme: str, side: str) -> list[str]:
    """The kinds an enterprise of the theme may publish on the side, in the order of `Kind`."""
    allowed = ALLOWED_KINDS.get((theme, side), frozenset())
    return [kind for kind in Kind.values if kind in allowed]


def check_theme_allows(theme: str, side: str, kind: str) -> None:
    """Raise a field error on `kind` when the theme may not publish this kind on this side."""
    if kind in ALLOWED_KINDS.get((theme, side), frozenset()):
        return
    kinds = ", ".join(str(Kind(k).label) for k in allowed_kinds(theme, side)) or "-"
    raise ValidationError(
        {
            "kind": [
                _("A %(theme)s cannot publish %(side)s listings of kind %(kind)s; allowed: %(kinds)s.")
                % {
                    "theme": Theme(theme).label,
                    "side": Side(side).label,
                    "kind": Kind(kind).label,
                    "kinds": kinds,
                }
            ]
        }
    )
