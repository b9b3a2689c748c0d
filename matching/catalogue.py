"""The bridge from the database to the engine: published listings as `Item`s, and one engine per process.

Items
    `load_items()` reads the published catalogue (status published, still valid) in three queries
    whatever its size: the listings as tuples with their enterprise's theme and status, their
    certifications, and their enterprises' certificate records. No model instances: building 100,000 of
    them costs more than the reading. `item_from_listing()` builds the same item from one instance.

Certificates
    A demand requires only the certifications it marks mandatory. A supply holds the certifications its
    listing names plus the enterprise's certificate records that have not expired; a standard whose
    only records at the enterprise have expired does not count, even when the listing names it (the
    issue: "an expired certificate does not count"). Spellings are compared canonically
    (`matching.profile.canonical_certificate`: "IATF 16949:2016" is "IATF16949").

The engine cache (`current_engine()`)
    Fitting the vectorisers over 100,000 listings takes seconds; matching one listing takes
    milliseconds. So each process (a Celery worker child, a web process, the `rematch` command) keeps
    one fitted engine and reuses it while the catalogue is unchanged. Whether it changed is one number
    in the Django cache, shared by every process (Redis in production, local memory in the embedded
    single-process default): the catalogue version, bumped by `bump_catalogue_version()` whenever a
    listing is published or withdrawn (matching.receivers). Refresh policy, on the next use after a bump:

    - incrementally: the listings whose `updated_at` is later than the last read of the catalogue
      (less a margin, `CHANGE_MARGIN`, for transactions that saved before that read and committed
      after it, and for clocks of different hosts) and not already applied at that `updated_at` are
      re-read; published ones are added to or replace their item in the engine (`engine.add`), the
      others are removed (`engine.remove`);
    - fully (a new fit over the whole catalogue) when the listings changed since the last fit exceed
      `REFIT_SHARE` of the catalogue (added items do not move the vocabulary or the IDF weights, so
      they drift, and removed ones keep their rows), when the fit is older than `REFIT_AFTER` (this
      also picks up what changes no listing: an enterprise's new certificate or verification), and when
      the version's epoch changed.

    The epoch is a random token stored beside the counter and renewed whenever the counter is found
    missing (the cache was flushed, or evicted the key): a fresh counter restarts from 0, and a process
    that cached version 3 of the old epoch must not take version 3 of the new one for its own.

    The engine may still be a moment behind the database (a withdrawal committed after the version was
    read); `matching.services.matching.matches_upsert` therefore writes only pairs whose two listings
    are published at the time of writing.
"""

from __future__ import annotations

import datetime
import gc
import threading
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from django.core.cache import cache as django_cache
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Certification, Enterprise
from listings.choices import Side, TransferMode
from listings.models import Listing, ListingCertification
from matching.engine import Engine
from matching.items import Item
from matching.profile import canonical_certificate
from platform_site.collector import collector_paused

EPOCH_KEY = "matching:catalogue:epoch"
VERSION_KEY = "matching:catalogue:version"
CHANGE_MARGIN = datetime.timedelta(minutes=5)
REFIT_SHARE = 0.2
REFIT_AFTER = datetime.timedelta(days=1)

# The platform's transfer modes in the engine's words (matching.items.Item.transfer_mode).
_TRANSFER_MODES: dict[str, str] = {
    TransferMode.LICENCE: "license",
    TransferMode.TECHNICAL_SERVICE: "service",
}

# ---------------------------------------------------------------------------------------------------
# Items


class _Row(NamedTuple):
    """The columns of a listing the engine reads, in the order of `_FIELDS`."""

    pk: int
    side: str
    kind: str
    title: str
    description: str
    segment: str
    category: str
    region_id: str
    enterprise_id: int
    theme: str
    enterprise_status: str
    quantity: Decimal | None
    unit: str
    price_min: Decimal | None
    price_max: Decimal | None
    lead_time_days: int | None
    deadline: datetime.date | None
    tech_trl: int | None
    tech_transfer_mode: str
    talent_headcount: int | None
    talent_skills: str
    talent_salary_min: Decimal | None
    talent_salary_max: Decimal | None
    funding_amount: Decimal | None
    funding_term_months: int | None
    funding_instrument: str
    funding_amount_max: Decimal | None
    funding_term_max_months: int | None
    funding_eligible_themes: str
    funding_eligible_segments: str
    funding_eligible_provinces: str
    search_title: str
    search_body: str


_ENTERPRISE_FIELDS = {"theme": "enterprise__theme", "enterprise_status": "enterprise__status"}
_FIELDS = tuple(_ENTERPRISE_FIELDS.get(name, name) for name in _Row._fields)


@dataclass(frozen=True, slots=True)
class _EnterpriseCertificates:
    """An enterprise's certificate records: the valid ones (canonical -> as written) and the standards
    whose every record has expired."""

    valid: dict[str, str] = field(default_factory=dict)
    expired_only: frozenset[str] = frozenset()
    held: tuple[str, ...] = ()  # the valid ones as written, once for all the enterprise's listings


_NO_CERTIFICATES = _EnterpriseCertificates()

# Spellings repeat across a catalogue (a few dozen standards), so canonicalise each one once.
_canonical = cache(canonical_certificate)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _codes(stored: str) -> tuple[str, ...]:
    """An eligibility column (",a,b,", listings.choices.codes_field) as codes; empty: open to all."""
    if not stored or stored == ",,":  # most offers are open to all
        return ()
    return tuple(code for code in stored.split(",") if code)


def _enterprise_certificates(
    records: Iterable[tuple[str, datetime.date | None]], today: datetime.date
) -> _EnterpriseCertificates:
    valid: dict[str, str] = {}
    expired: set[str] = set()
    for standard, valid_until in records:
        canonical = _canonical(standard)
        if valid_until is not None and valid_until < today:
            expired.add(canonical)
        else:
            valid.setdefault(canonical, standard)
    return _EnterpriseCertificates(valid, frozenset(expired - valid.keys()), tuple(valid.values()))


def _certifications(
    side: str, named: Sequence[tuple[str, bool]], held: _EnterpriseCertificates
) -> tuple[str, ...]:
    if side == Side.DEMAND:
        return tuple(standard for standard, mandatory in named if mandatory)
    if not named:  # most supplies name none: the enterprise's valid certificates
        return held.held
    found: dict[str, str] = {}
    for standard, _mandatory in named:
        canonical = _canonical(standard)
        if canonical not in held.expired_only:
            found.setdefault(canonical, standard)
    for canonical, standard in held.valid.items():
        found.setdefault(canonical, standard)
    return tuple(found.values())


def _item(
    row: _Row, named: Sequence[tuple[str, bool]], held: _EnterpriseCertificates, today: datetime.date
) -> Item:
    price_min, price_max = row.price_min, row.price_max
    if price_min is None and price_max is None:  # talent states a salary instead of a price
        price_min, price_max = row.talent_salary_min, row.talent_salary_max
    return Item(
        key=row.pk,
        owner=str(row.enterprise_id),
        side=row.side,
        kind=row.kind,
        title=row.title,
        description=row.description,
        segment=row.segment,
        category=row.category,
        region=row.region_id,
        theme=row.theme,
        verified=row.enterprise_status == Enterprise.Status.VERIFIED,
        quantity=_number(row.quantity),
        unit=row.unit,
        price_min=_number(price_min),
        price_max=_number(price_max),
        lead_time_days=row.lead_time_days,
        deadline_days=(row.deadline - today).days if row.side == Side.DEMAND and row.deadline else None,
        certifications=_certifications(row.side, named, held),
        trl=row.tech_trl,
        transfer_mode=_TRANSFER_MODES.get(row.tech_transfer_mode, row.tech_transfer_mode),
        headcount=row.talent_headcount,
        skills=row.talent_skills,
        amount=_number(row.funding_amount),
        term_months=row.funding_term_months,
        instrument=row.funding_instrument,
        amount_max=_number(row.funding_amount_max),
        term_max_months=row.funding_term_max_months,
        eligible_themes=_codes(row.funding_eligible_themes),
        eligible_segments=_codes(row.funding_eligible_segments),
        eligible_provinces=_codes(row.funding_eligible_provinces),
        title_tokens=row.search_title,
        body_tokens=row.search_body,
    )


def item_from_listing(
    listing: Listing,
    held_certificates: Iterable[Certification] | None = None,
    *,
    today: datetime.date | None = None,
) -> Item:
    """One listing as the engine sees it; `held_certificates` are its enterprise's certificate records
    (valid and expired), read from the database when not given."""
    today = today or timezone.localdate()
    enterprise = listing.enterprise
    if held_certificates is None:
        held_certificates = enterprise.certifications.all()
    own = {name: getattr(listing, name) for name in _Row._fields if name not in _ENTERPRISE_FIELDS}
    row = _Row(**own, theme=enterprise.theme, enterprise_status=enterprise.status)
    named = [(c.standard, c.mandatory) for c in listing.certifications.all()]
    held = _enterprise_certificates(((c.standard, c.valid_until) for c in held_certificates), today)
    return _item(row, named, held, today)


def published_listings(today: datetime.date | None = None) -> QuerySet[Listing]:
    """The catalogue the engine matches: published and still valid."""
    return Listing.objects.filter(
        status=Listing.Status.PUBLISHED, valid_until__gte=today or timezone.localdate()
    )


def load_items(listing_ids: Iterable[int] | None = None, *, today: datetime.date | None = None) -> list[Item]:
    """The published listings (all, or those of `listing_ids`) as items, ordered by id, in three queries."""
    today = today or timezone.localdate()
    listings = published_listings(today)
    certifications = ListingCertification.objects.filter(
        listing__status=Listing.Status.PUBLISHED, listing__valid_until__gte=today
    )
    if listing_ids is not None:
        ids = list(listing_ids)
        listings = listings.filter(pk__in=ids)
        certifications = certifications.filter(listing_id__in=ids)
    rows = [_Row._make(values) for values in listings.order_by("pk").values_list(*_FIELDS)]
    if not rows:
        return []

    named: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for listing_id, standard, mandatory in certifications.values_list("listing_id", "standard", "mandatory"):
        named[listing_id].append((standard, mandatory))
    records: dict[int, list[tuple[str, datetime.date | None]]] = defaultdict(list)
    for enterprise_id, standard, valid_until in Certification.objects.filter(
        enterprise_id__in=listings.values("enterprise_id")
    ).values_list("enterprise_id", "standard", "valid_until"):
        records[enterprise_id].append((standard, valid_until))
    held = {pk: _enterprise_certificates(found, today) for pk, found in records.items()}
    return [
        _item(row, named.get(row.pk, ()), held.get(row.enterprise_id, _NO_CERTIFICATES), today)
        for row in rows
    ]


# ---------------------------------------------------------------------------------------------------
# The catalogue version, shared by every process through the Django cache


def _start_epoch() -> None:
    """A new counter with a new epoch; racing starters only cause extra refits, never a missed one."""
    django_cache.set(EPOCH_KEY, uuid.uuid4().hex, timeout=None)
    django_cache.add(VERSION_KEY, 0, timeout=None)


def catalogue_version() -> tuple[str, int]:
    """The (epoch, version) of the catalogue as every process sees it."""
    found = django_cache.get_many([EPOCH_KEY, VERSION_KEY])
    if EPOCH_KEY not in found or VERSION_KEY not in found:
        _start_epoch()
        found = django_cache.get_many([EPOCH_KEY, VERSION_KEY])
    return str(found.get(EPOCH_KEY, "")), int(found.get(VERSION_KEY, 0))


def bump_catalogue_version() -> int:
    """Tell every process that the catalogue changed (a listing was published or withdrawn)."""
    try:
        return int(django_cache.incr(VERSION_KEY))
    except ValueError:  # the counter is missing: start a new epoch
        _start_epoch()
        return int(django_cache.incr(VERSION_KEY))


# ---------------------------------------------------------------------------------------------------
# The per-process engine


@dataclass
class _Cached:
    engine: Engine
    epoch: str
    version: int
    fitted_at: datetime.datetime
    read_at: datetime.datetime  # when the catalogue was last read, fully or for changes
    size_at_fit: int
    # The `updated_at` of the listings changed within CHANGE_MARGIN of `read_at`, as the engine has
    # them: the margin re-reads them, and only those whose time differs are applied again.
    seen: dict[int, datetime.datetime] = field(default_factory=dict)
    touched: set[int] = field(default_factory=set)  # listings changed since the fit


_cached: _Cached | None = None
# A web process may serve several threads: one of them refreshes, the others wait for its result.
_lock = threading.Lock()


def _changed_since(moment: datetime.datetime) -> dict[int, datetime.datetime]:
    """Listings of any status changed since the moment (less the margin), with their `updated_at`."""
    changed = Listing.objects.filter(updated_at__gte=moment - CHANGE_MARGIN)
    return dict(changed.values_list("pk", "updated_at"))


def _fit(epoch: str, version: int) -> _Cached:
    read_at = timezone.now()
    # Read before the items: a listing changed in between shows a later time next time, and is applied.
    seen = _changed_since(read_at)
    with collector_paused():  # collections walked the millions of objects built so far, again and again
        engine = Engine(load_items())
    # The engine is millions of long-lived objects. Left to the cyclic garbage collector, every
    # collection of the older generation walks them all: a third of a rematch's time went there. Freeze
    # them out of its sight; what was frozen before (a previous engine, now garbage) is thawed and
    # collected first.
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return _Cached(engine, epoch, version, read_at, read_at, len(engine), seen)


def _refresh(state: _Cached, epoch: str, version: int) -> _Cached:
    """Apply the listings changed since the last read, or refit when too many changed."""
    read_at = timezone.now()
    changed = _changed_since(state.read_at)
    fresh = [pk for pk, updated_at in changed.items() if state.seen.get(pk) != updated_at]
    touched = state.touched | set(fresh)
    if len(touched) > REFIT_SHARE * state.size_at_fit:
        return _fit(epoch, version)
    engine = state.engine
    items = load_items(fresh)
    present = {item.key for item in items}
    engine.remove(pk for pk in fresh if pk not in present)
    engine.add(items)
    horizon = read_at - CHANGE_MARGIN
    seen = {pk: at for pk, at in {**state.seen, **changed}.items() if at >= horizon}
    return _Cached(engine, epoch, version, state.fitted_at, read_at, state.size_at_fit, seen, touched)


def current_engine() -> Engine:
    """The engine over the current catalogue, refreshed when the catalogue version changed."""
    global _cached
    epoch, version = catalogue_version()
    with _lock:
        state = _cached
        if state is not None and timezone.now() - state.fitted_at < REFIT_AFTER and state.epoch == epoch:
            if state.version != version:
                state = _cached = _refresh(state, epoch, version)
            return state.engine
        _cached = _fit(epoch, version)
        return _cached.engine


def forget_engine() -> None:
    """Drop this process's engine (tests; a process that knows the catalogue was rebuilt)."""
    global _cached
    with _lock:
        _cached = None
