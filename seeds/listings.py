"""Demo listings: the Anhui platform's launch catalogue, a demo moderation queue, and benchmark catalogues.

* `seed_launch_listings`: the 129 published listings of `seeds.listing_texts.LAUNCH` (108 supply, 21
  demand), each on a verified demo enterprise of the right theme, in one of its segments where one fits,
  with a good share on the demo logins' enterprises so that their members see listings of their own.
  Every one is built through `listings.services.listing_build`, so it passed the same validation as one
  typed into the form, then written as published with the trail the moderation services write: the
  events created -> submitted -> approved (owner, owner, demo admin) and the inbox notices, already
  e-mailed so that nothing is sent.
* `seed_workflow_listings`: a draft, two listings awaiting review (the admin's moderation queue) and a
  rejected one, on the demo logins' enterprises. Not counted in the 129.
* `seed_generated_listings`: N published listings for benchmarks, on the verified demo enterprises. Built
  directly rather than through `listing_build` (its validation checks foreign keys with a query each),
  from the same texts and the same field planner, so they satisfy the same rules (the tests validate a
  sample); search fields through `listings.search.index.index_listing`. Texts are composed from a few
  hundred parts, so the tokenizer's per-text cache does almost all the work. Written with `bulk_create`
  in batches, with certifications and events but no notices (nobody reads 100,000 "published" notices).

Same seed and same database state give the same listings: every draw comes from the `random.Random`
passed in, and owners are taken in primary-key order. Dates are relative to now.

Listings are bulk-created, so no post-save signal fires and `listing_published` is not sent: matching sees
seeded listings when it rematches everything, not one by one.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from typing import Any

from django.db import reset_queries
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from accounts.models import Certification, Enterprise, Membership, Notification, Region, User
from accounts.regions import registry
from accounts.taxonomy import Theme
from listings import notices
from listings.choices import Kind, Side
from listings.models import Listing, ListingCertification, ListingEvent
from listings.patents import check_character
from listings.rules import allowed_kinds
from listings.search.index import index_listing
from listings.search.text import detect_language
from listings.services import listing_build
from listings.validation import CertificationInput
from seeds import listing_texts
from seeds.demo import DEMO_DOMAIN, inbox_notice
from seeds.listing_texts import (
    CLOSINGS,
    DEMAND_TEXTS,
    DEMAND_TITLES,
    LAUNCH,
    PRODUCT_SUFFIXES,
    WORKFLOW,
    Entry,
    WorkflowEntry,
)
from seeds.plan import SeedError

Status = Listing.Status
Action = ListingEvent.Action
Progress = Callable[[int], object]

LAUNCH_COUNT = len(LAUNCH)  # 129 published at launch, 108 of them supply
SUPPLY_SHARE = sum(e.side == Side.SUPPLY for e in LAUNCH) / LAUNCH_COUNT  # 83.7%, kept by generated ones
DEMO_SHARE = 6  # launch listings per demo login's enterprise, where that many fit it
BATCH_SIZE = 2000
VALID_DAYS = (30, 300)  # valid_until this many days ahead
MAX_AGE_DAYS = 150  # published at most this long ago
# A listing may be valid for at most a year after it was submitted (listings.services.MAX_VALIDITY_DAYS).
MAX_VALIDITY_DAYS = 360
NOTICE_READ_AFTER = datetime.timedelta(days=7)  # approval notices older than this have been read ...
NOTICE_READ_DELAY = datetime.timedelta(hours=20)  # ... this long after they arrived

# Certificates of the enterprise's management system: a listing names one only if the enterprise holds it.
# The others (AEC-Q100, UN38.3, CCC, ISO 26262, ...) are about the product and are named as written.
MANAGEMENT_SYSTEMS = frozenset({"IATF 16949", "ISO 9001", "ISO 14001", "ISO 45001", "CNAS", "CMA"})

# Generated listings: how busy each theme is (vehicle makers publish most per enterprise), and the kinds
# each publishes on each side, in percent (the theme rules allow only some: listings.rules).
THEME_ACTIVITY: dict[str, float] = {
    Theme.VEHICLE_MAKER: 2.0,
    Theme.COMPONENT_MAKER: 1.0,
    Theme.AFTERMARKET: 1.0,
    Theme.UNIVERSITY: 0.8,
    Theme.RESEARCH_INSTITUTE: 0.8,
    Theme.FINANCIAL_INSTITUTION: 0.6,
}
KIND_SHARES: dict[tuple[str, str], dict[str, float]] = {
    (Side.SUPPLY, Theme.VEHICLE_MAKER): {Kind.PRODUCT: 60, Kind.TECHNOLOGY: 25, Kind.TALENT: 15},
    (Side.SUPPLY, Theme.COMPONENT_MAKER): {Kind.PRODUCT: 80, Kind.TECHNOLOGY: 12, Kind.TALENT: 8},
    (Side.SUPPLY, Theme.AFTERMARKET): {Kind.PRODUCT: 85, Kind.TECHNOLOGY: 5, Kind.TALENT: 10},
    (Side.SUPPLY, Theme.UNIVERSITY): {Kind.TECHNOLOGY: 60, Kind.TALENT: 40},
    (Side.SUPPLY, Theme.RESEARCH_INSTITUTE): {Kind.TECHNOLOGY: 70, Kind.TALENT: 30},
    (Side.SUPPLY, Theme.FINANCIAL_INSTITUTION): {Kind.FUNDING: 100},
    (Side.DEMAND, Theme.VEHICLE_MAKER): {
        Kind.PRODUCT: 60, Kind.TECHNOLOGY: 20, Kind.TALENT: 15, Kind.FUNDING: 5,
    },
    (Side.DEMAND, Theme.COMPONENT_MAKER): {
        Kind.PRODUCT: 45, Kind.TECHNOLOGY: 20, Kind.TALENT: 15, Kind.FUNDING: 20,
    },
    (Side.DEMAND, Theme.AFTERMARKET): {
        Kind.PRODUCT: 40, Kind.TECHNOLOGY: 15, Kind.TALENT: 20, Kind.FUNDING: 25,
    },
    (Side.DEMAND, Theme.UNIVERSITY): {
        Kind.PRODUCT: 40, Kind.TECHNOLOGY: 20, Kind.TALENT: 20, Kind.FUNDING: 20,
    },
    (Side.DEMAND, Theme.RESEARCH_INSTITUTE): {
        Kind.PRODUCT: 35, Kind.TECHNOLOGY: 25, Kind.TALENT: 20, Kind.FUNDING: 20,
    },
    (Side.DEMAND, Theme.FINANCIAL_INSTITUTION): {Kind.TALENT: 100},
}  # fmt: skip
# Who buys what a theme offers, for demands derived from offers (a component maker's part is wanted by
# vehicle and component makers; a vehicle by an aftermarket fleet or rental firm).
BUYERS: dict[str, tuple[str, ...]] = {
    Theme.COMPONENT_MAKER: (Theme.VEHICLE_MAKER, Theme.COMPONENT_MAKER),
    Theme.VEHICLE_MAKER: (Theme.AFTERMARKET,),
    Theme.AFTERMARKET: (Theme.VEHICLE_MAKER, Theme.COMPONENT_MAKER, Theme.AFTERMARKET),
    Theme.UNIVERSITY: (Theme.VEHICLE_MAKER, Theme.COMPONENT_MAKER),
    Theme.RESEARCH_INSTITUTE: (Theme.VEHICLE_MAKER, Theme.COMPONENT_MAKER, Theme.AFTERMARKET),
}
TALENT_BUYERS = (
    Theme.VEHICLE_MAKER,
    Theme.COMPONENT_MAKER,
    Theme.AFTERMARKET,
    Theme.UNIVERSITY,
    Theme.RESEARCH_INSTITUTE,
)
PATENT_FAMILY = 6  # patents per technology template of the generated catalogue
OWN_REGION_SHARE = 0.85  # the rest are located at a branch, plant or warehouse elsewhere in China

# ---------------------------------------------------------------------------------------------------
# Owners


@dataclass(frozen=True, slots=True)
class Owner:
    """A verified demo enterprise that may publish, with what the planner needs to know about it."""

    enterprise: Enterprise
    user_id: int  # its owner, the author of its listings
    segments: tuple[str, ...]
    standards: frozenset[str]  # certificates it holds that are still valid
    demo_login: bool  # owned by one of the demo logins (vehicle_maker@…, …)

    @property
    def theme(self) -> str:
        return self.enterprise.theme

    @property
    def region_code(self) -> str:
        return self.enterprise.region_id

    @property
    def verified_at(self) -> datetime.datetime:
        return self.enterprise.reviewed_at or self.enterprise.created_at


def demo_login_emails() -> frozenset[str]:
    """The e-mails of the demo logins that own a verified enterprise, one per theme."""
    return frozenset(f"{theme}@{DEMO_DOMAIN}" for theme in Theme.values)


def demo_owners(today: datetime.date) -> list[Owner]:
    """The verified enterprises owned by demo accounts, in primary-key order (so draws are repeatable)."""
    memberships = list(
        Membership.objects.filter(
            role=Membership.Role.OWNER,
            user__email__iendswith=f"@{DEMO_DOMAIN}",
            enterprise__status=Enterprise.Status.VERIFIED,
        )
        .select_related("enterprise", "user")
        .prefetch_related("enterprise__segment_links")
        .order_by("enterprise_id")
    )
    held: dict[int, set[str]] = {}
    for enterprise_id, standard in Certification.objects.filter(
        enterprise__in=[m.enterprise_id for m in memberships], valid_until__gte=today
    ).values_list("enterprise_id", "standard"):
        held.setdefault(enterprise_id, set()).add(standard)
    logins = demo_login_emails()
    return [
        Owner(
            enterprise=m.enterprise,
            user_id=m.user_id,
            segments=tuple(sorted(m.enterprise.segment_codes)),
            standards=frozenset(held.get(m.enterprise_id, ())),
            demo_login=m.user.email.lower() in logins,
        )
        for m in memberships
    ]


def _fits(entry: Entry, owner: Owner) -> bool:
    return entry.theme == owner.theme and entry.segment in owner.segments


def assign_owners(rng: random.Random, entries: Sequence[Entry], owners: Sequence[Owner]) -> list[Owner]:
    """An owner for each entry: a demo login's enterprise for up to `DEMO_SHARE` that fit it, then the
    least busy enterprise of the entry's theme, one working in its segment if there is one.

    The theme rules are kept whatever the database holds: the demo logins' enterprises (one per theme)
    are the last resort, and any enterprise whose theme may publish the kind after that.
    """
    chosen: dict[int, Owner] = {}
    for owner in (o for o in owners if o.demo_login):
        fitting = [i for i, entry in enumerate(entries) if i not in chosen and _fits(entry, owner)]
        for i in rng.sample(fitting, min(DEMO_SHARE, len(fitting))):
            chosen[i] = owner
    load = Counter(owner.enterprise.pk for owner in chosen.values())
    by_theme: dict[str, list[Owner]] = {}
    for owner in owners:
        by_theme.setdefault(owner.theme, []).append(owner)
    for i, entry in enumerate(entries):
        if i in chosen:
            continue
        themed = by_theme.get(entry.theme, [])
        others = [o for o in themed if not o.demo_login]
        candidates = (
            [o for o in others if entry.segment in o.segments]
            or others
            or themed
            or [o for o in owners if entry.kind in allowed_kinds(o.theme, entry.side)]
        )
        if not candidates:
            raise SeedError(f"No verified demo enterprise may publish {entry.title!r}.")
        least = min(load[o.enterprise.pk] for o in candidates)
        owner = rng.choice([o for o in candidates if load[o.enterprise.pk] == least])
        chosen[i] = owner
        load[owner.enterprise.pk] += 1
    return [chosen[i] for i in range(len(entries))]


# ---------------------------------------------------------------------------------------------------
# Planning one listing


@dataclass(frozen=True, slots=True)
class Timeline:
    """When a listing was created, submitted and reviewed (None where it has not happened)."""

    created: datetime.datetime
    submitted: datetime.datetime | None = None
    reviewed: datetime.datetime | None = None


@dataclass(slots=True)
class Planned:
    """A listing ready to be built: its owner, status, editable fields, certificates and history."""

    owner: Owner
    side: str
    kind: str
    status: str
    fields: dict[str, Any]  # listings.services.EDITABLE_FIELDS, without the two regions
    region: str
    work_region: str | None
    certifications: list[CertificationInput]
    timeline: Timeline
    review_note: str = ""

    def build_fields(self, regions: dict[str, Region]) -> dict[str, Any]:
        """The fields for `listing_build`, regions as instances."""
        work = regions[self.work_region] if self.work_region else None
        return {**self.fields, "region": regions[self.region], "talent_work_region": work}


def patent_number(rng: random.Random) -> str:
    """A Chinese patent number with a correct check character: mostly granted applications (ZL…), some
    publication numbers (CN…A for an invention application, CN…U for a utility model)."""
    if rng.random() < 0.2:
        if rng.random() < 0.5:
            return f"CN{rng.randint(110_000_000, 117_999_999)}A"
        return f"CN{rng.randint(210_000_000, 219_999_999)}U"
    # Year, type (1 invention, 2 utility model), seven-digit serial: CNIPA application numbers since 2003.
    digits = f"{rng.randint(2016, 2023)}{rng.choice('1112')}{rng.randrange(10**7):07d}"
    return f"ZL{digits}.{check_character(digits)}"


@cache
def _patent_family(title: str) -> tuple[str, ...]:
    """The patents behind a technology offer of the generated catalogue: a fixed family per text.

    Generated offers pick a few of their template's family rather than fresh numbers: a patent field is
    one more text for the search tokenizer, and a handful of families keep it in the tokenizer's cache.
    """
    rng = random.Random(f"patents:{title}")  # demo data, seeded to repeat  # nosec B311
    return tuple(dict.fromkeys(patent_number(rng) for _ in range(PATENT_FAMILY)))


def _patents(rng: random.Random, entry: Entry, *, vary: bool) -> str:
    """Patent numbers, one per line: fresh ones for a launch listing, a family's for a generated one."""
    if not vary:
        return "\n".join(dict.fromkeys(patent_number(rng) for _ in range(entry.patents)))
    family = _patent_family(entry.title)
    chosen = rng.sample(family, min(len(family), entry.patents + rng.randint(0, 1)))
    return "\n".join(sorted(chosen))


def _nice_money(value: float) -> Decimal:
    """Three significant digits, as prices are quoted (1,234.5 -> 1,230.00; 1.234 -> 1.23)."""
    return Decimal(f"{float(f'{value:.3g}'):.2f}")


def _nice_count(value: float, *, at_least: int = 1) -> int:
    return max(at_least, int(float(f"{value:.2g}")))


def _money_range(pair: tuple[float, float] | None, factor: float) -> tuple[Decimal | None, Decimal | None]:
    if pair is None:
        return None, None
    return _nice_money(pair[0] * factor), _nice_money(pair[1] * factor)


def _certifications(entry: Entry, owner: Owner) -> list[CertificationInput]:
    """Held (supply: a management-system certificate only if the enterprise holds it) or required."""
    if entry.side == Side.DEMAND:
        return [CertificationInput(c.rstrip("*"), mandatory=c.endswith("*")) for c in entry.certs]
    named = [c for c in entry.certs if c not in MANAGEMENT_SYSTEMS or c in owner.standards]
    if entry.kind == Kind.PRODUCT:  # a maker names its quality system on every product
        named += [s for s in ("IATF 16949", "ISO 9001") if s in owner.standards and s not in named][:1]
    return [CertificationInput(c) for c in named]


def _dates(rng: random.Random, entry: Entry, today: datetime.date, *, vary: bool) -> dict[str, Any]:
    valid_days = rng.randint(*VALID_DAYS)
    dates: dict[str, Any] = {"valid_until": today + datetime.timedelta(days=valid_days)}
    if entry.side == Side.DEMAND:
        days = entry.deadline or 60
        days = round(days * rng.uniform(0.5, 1.5)) if vary else days + rng.randint(0, 10)
        dates["deadline"] = today + datetime.timedelta(days=max(7, days))
    return dates


def entry_fields(rng: random.Random, entry: Entry, today: datetime.date, *, vary: bool) -> dict[str, Any]:
    """The editable fields of a listing written as `entry`; with `vary`, numbers drawn around it."""
    factor = rng.uniform(0.75, 1.3) if vary else 1.0
    fields: dict[str, Any] = {
        "title": entry.title,
        "description": entry.description,
        "segment": entry.segment,
        "category": entry.category,
        **_dates(rng, entry, today, vary=vary),
    }
    if entry.side == Side.SUPPLY and entry.lead_time is not None:
        lead = round(entry.lead_time * rng.uniform(0.7, 1.4)) if vary else entry.lead_time
        fields["lead_time_days"] = max(1, lead)
    if entry.kind in (Kind.PRODUCT, Kind.TECHNOLOGY):
        low, high = _money_range(entry.price, factor)
        # Now and then a generated offer asks for quotes instead of stating a price.
        if vary and low is not None and rng.random() < 0.06:
            low = high = None
        negotiable = low is None or entry.negotiable or (vary and rng.random() < 0.1)
        fields |= {"price_min": low, "price_max": high, "price_negotiable": negotiable}
    if entry.kind == Kind.PRODUCT:
        fields |= _product_fields(rng, entry, vary=vary)
    elif entry.kind == Kind.TECHNOLOGY:
        fields |= {
            "tech_patents": _patents(rng, entry, vary=vary) if entry.side == Side.SUPPLY else "",
            "tech_trl": entry.trl,
            "tech_transfer_mode": entry.transfer,
            "tech_field": entry.field,
        }
    elif entry.kind == Kind.TALENT:
        fields |= _talent_fields(rng, entry, vary=vary)
    else:
        amount = entry.amount or 0
        fields |= {
            "funding_amount": Decimal(_nice_count(amount * factor, at_least=100_000) if vary else amount),
            "funding_term_months": entry.term,
            "funding_instrument": entry.instrument,
        }
    return fields


def _product_fields(rng: random.Random, entry: Entry, *, vary: bool) -> dict[str, Any]:
    quantity = entry.quantity
    if quantity is not None and vary:
        quantity = _nice_count(quantity * rng.uniform(0.3, 2.0))
    moq = entry.moq if entry.side == Side.SUPPLY else None
    if moq is not None and vary:
        moq = _nice_count(moq * rng.uniform(0.5, 2.0))
    if moq is not None and quantity is not None:
        moq = min(moq, quantity)
    return {
        "quantity": Decimal(quantity) if quantity is not None else None,
        "unit": entry.unit,
        "min_order_quantity": Decimal(moq) if moq is not None else None,
    }


def _talent_fields(rng: random.Random, entry: Entry, *, vary: bool) -> dict[str, Any]:
    headcount = entry.headcount or 1
    salary = entry.salary
    if vary:
        headcount = _nice_count(headcount * rng.uniform(0.5, 1.6))
        scale = rng.uniform(0.85, 1.2)
        salary = salary and (round(salary[0] * scale / 100) * 100, round(salary[1] * scale / 100) * 100)
    return {
        "talent_headcount": headcount,
        "talent_skills": entry.skills,
        "talent_experience_years": entry.experience,
        "talent_salary_min": Decimal(salary[0]) if salary else None,
        "talent_salary_max": Decimal(salary[1]) if salary else None,
    }


def _between(rng: random.Random, low: datetime.datetime, high: datetime.datetime) -> datetime.datetime:
    """A moment in [low, high], or `low` when the interval is empty."""
    if high <= low:
        return low
    return low + datetime.timedelta(seconds=rng.uniform(0, (high - low).total_seconds()))


def plan_timeline(
    rng: random.Random, status: str, *, now: datetime.datetime, earliest: datetime.datetime, max_age_days: int
) -> Timeline:
    """Plausible past moments for a listing's history, after its enterprise was verified (`earliest`).

    Published ones were reviewed within three days of submission and submitted within three days of
    being drafted; the moderation queue and the rejection are recent.
    """
    hour, day = datetime.timedelta(hours=1), datetime.timedelta(days=1)
    if status == Status.DRAFT:
        return Timeline(_between(rng, max(earliest, now - 5 * day), now - hour))
    if status == Status.PENDING_REVIEW:
        submitted = _between(rng, max(earliest, now - 3 * day), now - hour)
        return Timeline(_between(rng, max(earliest, submitted - 2 * day), submitted), submitted)
    oldest = max(earliest + 2 * hour, now - datetime.timedelta(days=max_age_days))
    if status == Status.REJECTED:
        oldest = max(oldest, now - 7 * day)
    reviewed = _between(rng, oldest, now - hour)
    submitted = _between(rng, max(earliest + hour, reviewed - 3 * day), reviewed - hour / 2)
    created = _between(rng, max(earliest, submitted - 3 * day), submitted - datetime.timedelta(minutes=2))
    return Timeline(created, submitted, reviewed)


def plan_listing(
    rng: random.Random,
    entry: Entry,
    owner: Owner,
    *,
    now: datetime.datetime,
    status: str = Status.PUBLISHED,
    vary: bool = False,
    region: str | None = None,
    review_note: str = "",
) -> Planned:
    """Everything about one listing of `owner` written as `entry`, before it is built."""
    today = timezone.localdate(now)
    fields = entry_fields(rng, entry, today, vary=vary)
    # A listing is valid at most a year after it was submitted, so a long validity means a recent one.
    valid_days = (fields["valid_until"] - today).days
    max_age = max(1, min(MAX_AGE_DAYS, MAX_VALIDITY_DAYS - valid_days))
    timeline = plan_timeline(rng, status, now=now, earliest=owner.verified_at, max_age_days=max_age)
    region = region or owner.region_code
    return Planned(
        owner=owner,
        side=entry.side,
        kind=entry.kind,
        status=status,
        fields=fields,
        region=region,
        work_region=region if entry.kind == Kind.TALENT else None,
        certifications=_certifications(entry, owner),
        timeline=timeline,
        review_note=review_note,
    )


# ---------------------------------------------------------------------------------------------------
# Writing


@contextmanager
def _explicit_timestamps() -> Iterator[None]:
    """Let `bulk_create` store the back-dated `created_at`/`updated_at` we set instead of "now".

    `auto_now_add` and `auto_now` overwrite them in `pre_save`; back-dating with a second UPDATE per
    row would double the write time of 100,000 listings. Only a management command (or a test of it)
    runs this, in one thread; the flags are restored however the block ends.
    """
    fields = [Listing._meta.get_field("created_at"), Listing._meta.get_field("updated_at")]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _stamp(listing: Listing, plan: Planned, admin: User) -> None:
    """The state the moderation services leave a listing of this status and history in.

    Written directly rather than through the services: the demo history is back-dated (the services
    stamp now) and bulk-inserted, and its events are written alongside by `_events`. Every listing is
    validated by `listing_build` or `validate_listing` first (tests/test_seed.py checks it).
    """
    t = plan.timeline
    listing.status = plan.status
    listing.created_by_id = plan.owner.user_id
    listing.created_at = t.created
    listing.updated_at = t.reviewed or t.submitted or t.created
    listing.submitted_at = t.submitted
    if t.reviewed is not None:
        listing.reviewed_by, listing.reviewed_at, listing.review_note = admin, t.reviewed, plan.review_note
    if plan.status == Status.PUBLISHED:
        listing.published_at = t.reviewed


def _events(listing: Listing, plan: Planned, admin: User) -> list[ListingEvent]:
    """The audit trail `listing_create`, `listing_submit` and `listing_approve`/`_reject` write."""
    t, owner = plan.timeline, plan.owner.user_id

    def event(
        actor_id: int, action: str, from_status: str, to_status: str, at: datetime.datetime
    ) -> ListingEvent:
        note = plan.review_note if action == Action.REJECTED else ""
        return ListingEvent(
            listing=listing,
            actor_id=actor_id,
            action=action,
            from_status=from_status,
            to_status=to_status,
            note=note,
            created_at=at,
        )

    trail = [event(owner, Action.CREATED, "", Status.DRAFT, t.created)]
    if t.submitted is not None:
        trail.append(event(owner, Action.SUBMITTED, Status.DRAFT, Status.PENDING_REVIEW, t.submitted))
    if t.reviewed is not None:
        action = Action.APPROVED if plan.status == Status.PUBLISHED else Action.REJECTED
        trail.append(event(admin.pk, action, Status.PENDING_REVIEW, plan.status, t.reviewed))
    return trail


def _notices(
    listing: Listing, plan: Planned, admin: User, author: User, now: datetime.datetime
) -> list[Notification]:
    """The inbox rows the services write: submission to the admin, the decision to the author."""
    t, link = plan.timeline, reverse("listings:detail", args=[listing.pk])
    rows: list[Notification] = []
    if t.submitted is not None:
        rows.append(
            inbox_notice(
                admin, notices.LISTING_SUBMITTED, t.submitted, link, read_at=t.reviewed, title=listing.title
            )
        )
    if t.reviewed is not None and plan.status == Status.PUBLISHED:
        read_at = t.reviewed + NOTICE_READ_DELAY if now - t.reviewed > NOTICE_READ_AFTER else None
        rows.append(
            inbox_notice(
                author, notices.LISTING_APPROVED, t.reviewed, link, read_at=read_at, title=listing.title
            )
        )
    elif t.reviewed is not None:
        rows.append(
            inbox_notice(
                author,
                notices.LISTING_REJECTED,
                t.reviewed,
                link,
                read_at=None,
                title=listing.title,
                reason=plan.review_note,
            )
        )
    return rows


def write_listings(
    built: Sequence[tuple[Listing, Sequence[CertificationInput], Planned]],
    *,
    admin: User,
    with_notices: bool,
    now: datetime.datetime | None = None,
) -> list[Listing]:
    """Store built listings with their certifications, events and (optionally) inbox notices."""
    listings = [listing for listing, _certs, _plan in built]
    with _explicit_timestamps():
        Listing.objects.bulk_create(listings)
    ListingCertification.objects.bulk_create(
        ListingCertification(listing=listing, standard=c.standard, mandatory=c.mandatory)
        for listing, certs, _plan in built
        for c in certs
    )
    ListingEvent.objects.bulk_create(
        event for listing, _certs, plan in built for event in _events(listing, plan, admin)
    )
    if with_notices:
        now = now or timezone.now()
        authors = User.objects.in_bulk({plan.owner.user_id for _l, _c, plan in built})
        Notification.objects.bulk_create(
            row
            for listing, _certs, plan in built
            for row in _notices(listing, plan, admin, authors[plan.owner.user_id], now)
        )
    return listings


def _build_validated(
    plans: Iterable[Planned], admin: User
) -> list[tuple[Listing, list[CertificationInput], Planned]]:
    """Each plan through `listing_build` (the validation of the form and the API), then stamped."""
    regions = Region.objects.in_bulk()
    built = []
    for plan in plans:
        listing, certs = listing_build(
            enterprise=plan.owner.enterprise,
            side=plan.side,
            kind=plan.kind,
            certifications=plan.certifications,
            **plan.build_fields(regions),
        )
        _stamp(listing, plan, admin)
        built.append((listing, certs, plan))
    return built


# ---------------------------------------------------------------------------------------------------
# The launch catalogue and the demo workflow


def _owners_or_fail(now: datetime.datetime) -> list[Owner]:
    owners = demo_owners(timezone.localdate(now))
    if not owners:
        raise SeedError("There is no verified demo enterprise to publish listings: seed enterprises first.")
    return owners


def plan_launch(rng: random.Random, owners: Sequence[Owner], *, now: datetime.datetime) -> list[Planned]:
    """The 129 launch listings on their owners (pure, given the owners)."""
    chosen = assign_owners(rng, LAUNCH, owners)
    return [plan_listing(rng, entry, owner, now=now) for entry, owner in zip(LAUNCH, chosen, strict=True)]


def seed_launch_listings(
    rng: random.Random, *, admin: User, now: datetime.datetime | None = None
) -> list[Listing]:
    """Publish the launch catalogue on the verified demo enterprises, with events and notices."""
    now = now or timezone.now()
    plans = plan_launch(rng, _owners_or_fail(now), now=now)
    return write_listings(_build_validated(plans, admin), admin=admin, with_notices=True, now=now)


def _workflow_plan(rng: random.Random, item: WorkflowEntry, owner: Owner, now: datetime.datetime) -> Planned:
    entry = item.entry
    # A supply fits the enterprise's own segment; the texts of these are general enough to take any.
    if entry.side == Side.SUPPLY and entry.segment not in owner.segments and owner.segments:
        entry = replace(entry, segment=owner.segments[0])
    return plan_listing(rng, entry, owner, now=now, status=item.status, review_note=item.reason)


def seed_workflow_listings(
    rng: random.Random, *, admin: User, now: datetime.datetime | None = None
) -> list[Listing]:
    """A draft, two listings awaiting review and a rejected one on the demo logins' enterprises."""
    now = now or timezone.now()
    by_theme = {o.theme: o for o in _owners_or_fail(now) if o.demo_login}
    plans = [
        _workflow_plan(rng, item, by_theme[item.entry.theme], now)
        for item in WORKFLOW
        if item.entry.theme in by_theme
    ]
    return write_listings(_build_validated(plans, admin), admin=admin, with_notices=True, now=now)


# ---------------------------------------------------------------------------------------------------
# Generated catalogues


@cache
def _language(entry: Entry) -> str:
    return "en" if detect_language(f"{entry.title} {entry.description}") == "en" else "zh"


def _derived_demands(entry: Entry) -> list[Entry]:
    """Demands for what an offer offers, worded by `DEMAND_TITLES`/`DEMAND_TEXTS`."""
    if entry.kind not in DEMAND_TITLES:
        return []
    language = _language(entry)
    texts = DEMAND_TEXTS[entry.kind][language]
    # A buyer requires what the offer holds; the first certificate of a part is a must.
    certs = tuple(f"{c}*" if i == 0 and entry.kind == Kind.PRODUCT else c for i, c in enumerate(entry.certs))
    derived = []
    for i, pattern in enumerate(DEMAND_TITLES[entry.kind][language]):
        words = {"title": entry.title, "category": entry.category}
        title = pattern.format(**words)
        if len(title) > 120:
            continue
        derived.append(
            replace(
                entry,
                side=Side.DEMAND,
                title=title,
                description=texts[i % len(texts)].format(**words),
                quantity=entry.quantity and _nice_count(entry.quantity / 10),
                moq=None,
                lead_time=None,
                deadline=60,
                certs=certs if entry.kind == Kind.PRODUCT else (),
                trl=None,
                patents=0,
            )
        )
    return derived


@dataclass(frozen=True, slots=True)
class Template:
    """An entry the generator writes listings after, and the themes that would publish it."""

    entry: Entry
    themes: frozenset[str]


@cache
def templates() -> dict[tuple[str, str], tuple[Template, ...]]:
    """Templates by (side, kind): the launch entries, the bulk-only ones, and demands derived from offers."""
    pools: dict[tuple[str, str], list[Template]] = {}
    # The module's own LAUNCH may be shortened by a test; the generator always draws on all of it.
    for entry in (*listing_texts.LAUNCH, *listing_texts.EXTRA):
        pools.setdefault((entry.side, entry.kind), []).append(Template(entry, frozenset({entry.theme})))
        if entry.side == Side.SUPPLY:
            buyers = TALENT_BUYERS if entry.kind == Kind.TALENT else BUYERS.get(entry.theme, ())
            for demand in _derived_demands(entry):
                pools.setdefault((Side.DEMAND, demand.kind), []).append(Template(demand, frozenset(buyers)))
    return {key: tuple(pool) for key, pool in pools.items()}


class _TemplatePicker:
    """Chooses a template for an owner: its theme and one of its segments first (offers), its theme
    (demands: a vehicle maker buys batteries whatever its own segments), else any of the kind."""

    def __init__(self) -> None:
        self._pools: dict[tuple[str, tuple[str, ...], str, str], tuple[Entry, ...]] = {}

    def pick(self, rng: random.Random, owner: Owner, side: str, kind: str) -> Entry:
        key = (owner.theme, owner.segments, side, kind)
        pool = self._pools.get(key)
        if pool is None:
            every = templates()[(side, kind)]
            themed = [t.entry for t in every if owner.theme in t.themes]
            fitting = [e for e in themed if e.segment in owner.segments] if side == Side.SUPPLY else []
            pool = self._pools[key] = tuple(fitting or themed or [t.entry for t in every])
        return rng.choice(pool)


def _varied_text(rng: random.Random, entry: Entry) -> Entry:
    """The entry with a title ending and a closing sentence drawn from short lists."""
    language = _language(entry)
    title = entry.title
    if entry.side == Side.SUPPLY and entry.kind == Kind.PRODUCT:
        title += rng.choice(PRODUCT_SUFFIXES[language])
    closing = rng.choice(CLOSINGS[(entry.side, entry.kind)][language])
    glue = " " if language == "en" else ""
    return replace(entry, title=title[:120], description=f"{entry.description}{glue}{closing}")


def _cities() -> list[str]:
    return sorted(code for code, r in registry().items() if r.level == "city")


def plan_generated(
    rng: random.Random, owners: Sequence[Owner], count: int, *, now: datetime.datetime
) -> Iterator[Planned]:
    """`count` published listings on the owners: `SUPPLY_SHARE` supply, kinds by theme, every segment."""
    sides = [Side.SUPPLY] * round(count * SUPPLY_SHARE)
    sides += [Side.DEMAND] * (count - len(sides))
    rng.shuffle(sides)
    cumulative = list(itertools.accumulate(THEME_ACTIVITY[o.theme] for o in owners))
    picker, cities = _TemplatePicker(), _cities()
    # The kinds each theme may publish on each side (listings.rules), with their shares.
    kinds = {
        (side, theme): [(k, w) for k, w in shares.items() if k in allowed_kinds(theme, side)]
        for (side, theme), shares in KIND_SHARES.items()
    }
    for side in sides:
        owner = owners[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]
        options = kinds[(side, owner.theme)]
        kind = rng.choices([k for k, _w in options], weights=[w for _k, w in options])[0]
        entry = _varied_text(rng, picker.pick(rng, owner, side, kind))
        region = owner.region_code if rng.random() < OWN_REGION_SHARE else rng.choice(cities)
        yield plan_listing(rng, entry, owner, now=now, vary=True, region=region)


@cache
def _language_of(title: str, description: str) -> str:
    return detect_language(f"{title} {description}")


def build_generated(plan: Planned, admin: User) -> tuple[Listing, list[CertificationInput], Planned]:
    """A listing from a plan without the per-row queries of `listing_build`: the same fields, and the
    province, language and search fields its `_prepare` step derives."""
    fields = plan.fields
    listing = Listing(
        enterprise=plan.owner.enterprise,
        side=plan.side,
        kind=plan.kind,
        region_id=plan.region,
        province_id=registry()[plan.region].province_code,
        talent_work_region_id=plan.work_region,
        language=_language_of(fields["title"], fields["description"]),
        **fields,
    )
    index_listing(listing, [c.standard for c in plan.certifications])
    _stamp(listing, plan, admin)
    return listing, plan.certifications, plan


def seed_generated_listings(
    rng: random.Random,
    count: int,
    *,
    admin: User,
    now: datetime.datetime | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Add `count` published listings to the verified demo enterprises, in batches; returns how many."""
    now = now or timezone.now()
    plans = plan_generated(rng, _owners_or_fail(now), count, now=now)
    written = 0
    while batch := [build_generated(plan, admin) for plan in itertools.islice(plans, batch_size)]:
        write_listings(batch, admin=admin, with_notices=False)
        # With DEBUG on, Django keeps every query's SQL; a batch's INSERT is megabytes long.
        reset_queries()
        written += len(batch)
        if progress is not None:
            progress(len(batch))
    return written


# ---------------------------------------------------------------------------------------------------
# Summary


@dataclass(frozen=True, slots=True)
class ListingSummary:
    """Published listings by kind and side, and how many are in each other status."""

    published: dict[str, dict[str, int]]  # kind -> side -> count
    statuses: dict[str, int]

    @property
    def total_published(self) -> int:
        return sum(sum(sides.values()) for sides in self.published.values())

    @property
    def supply_share(self) -> float:
        total = self.total_published
        supply = sum(sides.get(Side.SUPPLY, 0) for sides in self.published.values())
        return supply / total if total else 0.0


def listing_summary() -> ListingSummary:
    """Count the listings in the database (all of them, demo or not)."""
    published: dict[str, dict[str, int]] = {kind: dict.fromkeys(Side.values, 0) for kind in Kind.values}
    rows = Listing.objects.filter(status=Status.PUBLISHED).values("kind", "side").annotate(n=Count("id"))
    for row in rows:
        published.setdefault(row["kind"], {})[row["side"]] = row["n"]
    statuses = dict(Listing.objects.values_list("status").annotate(n=Count("id")).order_by())
    return ListingSummary(published, statuses)
