"""Demo data at the launch scale of the Anhui automotive supply-demand platform (522 enterprises, Nov 2023).

Two steps, so that later issues can add listings the same way:
1. *plan* (`seeds.plan`): pure functions draw `EnterpriseSpec`s from a `random.Random(seed)`: names,
   credit codes, regions, statuses, certifications. Same seed, same database state -> same plan.
2. *write* (here): `write_enterprises` stores a plan with a handful of bulk queries per hundred
   enterprises; `seed_enterprises` does both; `ensure_demo_logins` and `delete_demo_data` manage the
   demo accounts. `manage.py seed` only parses options and prints.

Speed: going through `services.enterprise_register` / `enterprise_verify` costs two transactions, a
row lock and a password hash per enterprise. Instead we write exactly the rows those services write:
the enterprise with `reviewed_by`/`reviewed_at`/`review_note`, its segments and owner membership, one
`EnterpriseEvent` per transition (registered, then verified or rejected, and resubmitted for some
pending ones) with the same actors, and the same inbox notifications, already e-mailed so nothing is
sent. Registration notices go to the demo admin only, not to every staff user of the database.

Demo accounts all have e-mails at `DEMO_DOMAIN`; that is how `delete_demo_data` finds them. The bulk
owners (`owner1@…`) have unusable passwords: nobody needs to sign in as one of 522 firms, and hashing
522 passwords would take minutes. The demo logins (`ensure_demo_logins`) share `DEMO_PASSWORD`.

Listings are `seeds.listings`' business; `delete_demo_data` removes the demo enterprises' listings
before the enterprises.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts import notifications
from accounts.models import (
    Certification,
    Enterprise,
    EnterpriseEvent,
    EnterpriseSegment,
    Membership,
    Notification,
    User,
)
from accounts.taxonomy import Theme
from listings.models import Listing, ListingAttachment, ListingCertification, ListingEvent
from seeds.plan import EnterpriseSpec, SeedError, Taken, draw_region, plan_enterprise, plan_enterprises

DEMO_DOMAIN = "demo.chainmatch.cn"
# Printed by the command: the demo is for a local machine, never for a server the public can reach.
DEMO_PASSWORD = "chainmatch-demo"  # noqa: S105 - a published demo password, not a secret  # nosec B105
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
PENDING_EMAIL = f"pending@{DEMO_DOMAIN}"
DEFAULT_COUNT = 522  # registered enterprises when the Anhui platform launched in November 2023
DEFAULT_SEED = 2023

Progress = Callable[[int], object]

# ---------------------------------------------------------------------------------------------------
# Writing


def _owner(email: str, spec: EnterpriseSpec) -> User:
    user = User(
        email=email,
        full_name=spec.contact_name,
        phone=spec.contact_phone,
        date_joined=spec.history.registered_at,
    )
    user.set_unusable_password()
    return user


def inbox_notice(
    recipient: User,
    notice: notifications.Notice,
    at: datetime,
    link: str,
    *,
    read_at: datetime | None,
    **params: str,
) -> Notification:
    """An inbox row as `accounts.notifications.notify` writes it: same texts, in the recipient's language."""
    title, body = notice.render(recipient.language, params)
    return Notification(
        recipient=recipient,
        kind=notice.kind,
        title=title,
        body=body,
        link=link,
        created_at=at,
        emailed_at=at,
        read_at=read_at,
    )


def _trail(
    enterprise: Enterprise, spec: EnterpriseSpec, owner: User, admin: User
) -> tuple[list[EnterpriseEvent], list[Notification]]:
    """The events and notifications the services would have written for the spec's history."""
    action, status, h = EnterpriseEvent.Action, Enterprise.Status, spec.history
    name = enterprise.name_zh
    admin_link = reverse("admin:accounts_enterprise_change", args=[enterprise.pk])

    def event(actor: User, act: str, from_status: str, to_status: str, at: datetime, note: str = "") -> None:
        events.append(
            EnterpriseEvent(
                enterprise=enterprise,
                actor=actor,
                action=act,
                from_status=from_status,
                to_status=to_status,
                note=note,
                created_at=at,
            )
        )

    events: list[EnterpriseEvent] = []
    event(owner, action.REGISTERED, "", status.PENDING, h.registered_at)
    # The admin read the registration notice when deciding; still-pending ones stay unread in the inbox.
    notices = [
        inbox_notice(
            admin,
            notifications.ENTERPRISE_REGISTERED,
            h.registered_at,
            admin_link,
            read_at=h.reviewed_at,
            name=name,
        )
    ]
    if h.reviewed_at is None:
        return events, notices
    if spec.status == status.VERIFIED:
        event(admin, action.VERIFIED, status.PENDING, status.VERIFIED, h.reviewed_at, h.review_note)
        notices.append(
            inbox_notice(
                owner,
                notifications.ENTERPRISE_VERIFIED,
                h.reviewed_at,
                reverse("accounts:enterprise_detail", args=[enterprise.pk]),
                read_at=None,
                name=name,
            )
        )
        return events, notices
    event(admin, action.REJECTED, status.PENDING, status.REJECTED, h.reviewed_at, h.review_note)
    notices.append(
        inbox_notice(
            owner,
            notifications.ENTERPRISE_REJECTED,
            h.reviewed_at,
            reverse("accounts:profile_edit"),
            read_at=h.resubmitted_at,
            name=name,
            reason=h.review_note,
        )
    )
    if h.resubmitted_at is not None:
        event(owner, action.RESUBMITTED, status.REJECTED, status.PENDING, h.resubmitted_at)
        notices.append(
            inbox_notice(
                admin,
                notifications.ENTERPRISE_RESUBMITTED,
                h.resubmitted_at,
                admin_link,
                read_at=None,
                name=name,
            )
        )
    return events, notices


def write_enterprises(
    specs: Sequence[EnterpriseSpec],
    *,
    owners: Sequence[User],
    admin: User,
    progress: Progress | None = None,
    chunk_size: int = 100,
) -> list[Enterprise]:
    """Store planned enterprises with their owners (created unless saved), segments, certificates, trail."""
    written: list[Enterprise] = []
    for start in range(0, len(specs), chunk_size):
        chunk, chunk_owners = specs[start : start + chunk_size], owners[start : start + chunk_size]
        User.objects.bulk_create([u for u in chunk_owners if u.pk is None])
        enterprises = [
            Enterprise(
                name_zh=s.name_zh,
                name_en=s.name_en,
                credit_code=s.credit_code,
                theme=s.theme,
                region_id=s.region_code,
                address=s.address,
                description=s.description,
                website=s.website,
                contact_name=s.contact_name,
                contact_phone=s.contact_phone,
                contact_email=s.contact_email,
                status=s.status,
                reviewed_by=admin if s.history.reviewed_at else None,
                reviewed_at=s.history.reviewed_at,
                review_note=s.history.review_note,
            )
            for s in chunk
        ]
        Enterprise.objects.bulk_create(enterprises)
        # `auto_now_add` stamped them "now"; back-date them to when they registered and last changed.
        for enterprise, spec in zip(enterprises, chunk, strict=True):
            enterprise.created_at, enterprise.updated_at = spec.history.registered_at, spec.last_change
        Enterprise.objects.bulk_update(enterprises, ["created_at", "updated_at"])
        EnterpriseSegment.objects.bulk_create(
            EnterpriseSegment(enterprise=e, segment=seg)
            for e, s in zip(enterprises, chunk, strict=True)
            for seg in s.segments
        )
        Certification.objects.bulk_create(
            Certification(
                enterprise=e, standard=c.standard, number=c.number, issuer=c.issuer, valid_until=c.valid_until
            )
            for e, s in zip(enterprises, chunk, strict=True)
            for c in s.certifications
        )
        memberships = Membership.objects.bulk_create(
            Membership(user=u, enterprise=e, role=Membership.Role.OWNER)
            for u, e in zip(chunk_owners, enterprises, strict=True)
        )
        for membership, spec in zip(memberships, chunk, strict=True):
            membership.created_at = membership.updated_at = spec.history.registered_at
        Membership.objects.bulk_update(memberships, ["created_at", "updated_at"])
        events: list[EnterpriseEvent] = []
        notices: list[Notification] = []
        for enterprise, spec, owner in zip(enterprises, chunk, chunk_owners, strict=True):
            more_events, more_notices = _trail(enterprise, spec, owner, admin)
            events += more_events
            notices += more_notices
        EnterpriseEvent.objects.bulk_create(events)
        Notification.objects.bulk_create(notices)
        written += enterprises
        if progress is not None:
            progress(len(chunk))
    return written


def seed_enterprises(
    rng: random.Random,
    count: int,
    *,
    admin: User,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> list[Enterprise]:
    """Plan and write `count` demo enterprises, owned by owner1@… to owner{count}@… of `DEMO_DOMAIN`."""
    now = now or timezone.now()
    specs = plan_enterprises(rng, count, now=now, taken=Taken.from_database())
    emails = [f"owner{n}@{DEMO_DOMAIN}" for n in range(1, count + 1)]
    clash = User.objects.filter(email__in=emails).values_list("email", flat=True).first()
    if clash:
        raise SeedError(f"{clash} already exists: remove the old demo data with --reset.")
    owners = [_owner(email, spec) for email, spec in zip(emails, specs, strict=True)]
    return write_enterprises(specs, owners=owners, admin=admin, progress=progress)


# ---------------------------------------------------------------------------------------------------
# Demo logins


@dataclass(frozen=True, slots=True)
class DemoLogin:
    """An account to sign in with, for the table the command prints."""

    email: str
    role: str
    enterprise: Enterprise | None


def demo_password_hash() -> str:
    """`DEMO_PASSWORD` hashed once per run and shared by the demo logins (a hash costs ~0.5 s)."""
    return make_password(DEMO_PASSWORD)


def ensure_demo_admin(*, password_hash: str) -> User:
    """The demo platform admin (staff and superuser), created or brought back to the demo password."""
    admin, _created = User.objects.get_or_create(email=ADMIN_EMAIL, defaults={"full_name": "演示管理员"})
    admin.is_staff = admin.is_superuser = admin.is_active = True
    admin.password = password_hash
    admin.save(update_fields=["is_staff", "is_superuser", "is_active", "password"])
    return admin


def demo_member_emails() -> list[tuple[str, str, str]]:
    """(e-mail, theme, status) of each demo member: one verified owner per theme and one pending owner."""
    members = [
        (f"{theme}@{DEMO_DOMAIN}", str(theme), str(Enterprise.Status.VERIFIED)) for theme in Theme.values
    ]
    return [*members, (PENDING_EMAIL, str(Theme.COMPONENT_MAKER), str(Enterprise.Status.PENDING))]


def ensure_demo_logins(
    rng: random.Random, *, admin: User, password_hash: str, now: datetime | None = None
) -> list[DemoLogin]:
    """Make sure every demo member exists with the demo password and owns an enterprise (idempotent).

    A member who already owns an enterprise keeps it, whatever its status now: the demo may have moved on.
    New demo enterprises sit in Anhui, since that is where a visitor of the demo expects them.
    """
    now = now or timezone.now()
    logins = [DemoLogin(email=ADMIN_EMAIL, role="platform admin", enterprise=None)]
    taken: Taken | None = None
    for email, theme, status in demo_member_emails():
        user = User.objects.filter(email=email).first()
        membership = (
            Membership.objects.filter(user=user).select_related("enterprise").first() if user else None
        )
        if membership is None:
            taken = taken or Taken.from_database()
            spec = plan_enterprise(
                rng, theme=theme, status=status, region=draw_region(rng, "340000"), now=now, taken=taken
            )
            user = user or _owner(email, spec)
            enterprise = write_enterprises([spec], owners=[user], admin=admin)[0]
        else:
            enterprise = membership.enterprise
        assert user is not None  # noqa: S101 - either found or created above
        user.password, user.is_active = password_hash, True
        user.save(update_fields=["password", "is_active"])
        logins.append(DemoLogin(email=email, role=f"owner, {theme}", enterprise=enterprise))
    return logins


# ---------------------------------------------------------------------------------------------------
# Reset and summary


def demo_enterprises() -> QuerySet[Enterprise]:
    """The enterprises owned by demo accounts (e-mails at `DEMO_DOMAIN`)."""
    return Enterprise.objects.filter(
        pk__in=Membership.objects.filter(
            user__email__iendswith=f"@{DEMO_DOMAIN}", role=Membership.Role.OWNER
        ).values("enterprise")
    )


def delete_listings(enterprises: QuerySet[Enterprise]) -> int:
    """Delete the enterprises' listings with their certifications, events and attachments; returns how many.

    Done before the enterprises go: their cascade would load every listing with all its columns (100,000
    after `seed --listings`) to find what depends on it. Here the dependants go with one DELETE each, the
    collector loads only the listings' keys for whatever else refers to them (saved-search hits, and the
    apps to the right of listings), and attachment files leave the storage once the deletion commits.
    """
    listings = Listing.objects.filter(enterprise__in=enterprises)
    storage = ListingAttachment._meta.get_field("file").storage
    for name in ListingAttachment.objects.filter(listing__in=listings).values_list("file", flat=True):
        transaction.on_commit(partial(storage.delete, name))
    for dependant in (ListingCertification, ListingEvent, ListingAttachment):
        dependant.objects.filter(listing__in=listings).delete()
    _total, per_model = listings.only("pk").delete()
    return per_model.get(Listing._meta.label, 0)


def delete_business(enterprises: QuerySet[Enterprise]) -> None:
    """Delete the financing applications, orders, quotes, licence requests and conversations the
    enterprises took part in (they protect the listings, orders and enterprises they name), with their
    stored files."""
    from financing.models import ApplicationDocument, ApplicationMessage, FinancingApplication
    from orders.models import LicenceRequest, Message, Order, Quote, QuoteAttachment, QuoteRequest

    listings = Listing.objects.filter(enterprise__in=enterprises)
    orders = Order.objects.filter(
        Q(buyer__in=enterprises) | Q(seller__in=enterprises) | Q(listing__in=listings)
    )
    applications = FinancingApplication.objects.filter(
        Q(applicant__in=enterprises)
        | Q(institution__in=enterprises)
        | Q(offer__in=listings)
        | Q(order__in=orders)
    )
    quotes = Quote.objects.filter(Q(supplier__in=enterprises) | Q(request__listing__in=listings))
    licence_requests = LicenceRequest.objects.filter(
        Q(requester__in=enterprises) | Q(holder__in=enterprises) | Q(listing__in=listings)
    )
    files = [
        *Message.objects.filter(
            Q(order__in=orders) | Q(quote__in=quotes) | Q(licence_request__in=licence_requests)
        )
        .exclude(file="")
        .values_list("file", flat=True),
        *QuoteAttachment.objects.filter(quote__in=quotes).values_list("file", flat=True),
        *ApplicationDocument.objects.filter(application__in=applications).values_list("file", flat=True),
        *ApplicationMessage.objects.filter(application__in=applications)
        .exclude(file="")
        .values_list("file", flat=True),
    ]
    storage = Message._meta.get_field("file").storage
    for name in files:
        transaction.on_commit(partial(storage.delete, name))
    applications.delete()
    orders.delete()
    quotes.delete()
    QuoteRequest.objects.filter(Q(buyer__in=enterprises) | Q(listing__in=listings)).delete()
    licence_requests.delete()


def delete_demo_data() -> tuple[int, int, int]:
    """Delete the demo enterprises' business and listings, the demo office's announcements and events,
    the enterprises, then the demo accounts.

    Returns (enterprises, users, listings). Enterprises of other owners stay (if the demo admin reviewed
    one, or one of its listings, its `reviewed_by` becomes empty).
    """
    from information.models import Announcement, Event

    enterprises = demo_enterprises()
    delete_business(enterprises)
    # The demo office's announcements and events (with their registrations and meetings).
    Announcement.objects.filter(author__email__iendswith=f"@{DEMO_DOMAIN}").delete()
    Event.objects.filter(organiser__email__iendswith=f"@{DEMO_DOMAIN}").delete()
    listing_count = delete_listings(enterprises)
    enterprise_count = enterprises.count()
    enterprises.delete()
    users = User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}")
    user_count = users.count()
    users.delete()
    return enterprise_count, user_count, listing_count


def summary() -> dict[str, dict[str, int]]:
    """Enterprises in the database by theme, then by status."""
    table: dict[str, dict[str, int]] = {
        theme: dict.fromkeys(Enterprise.Status.values, 0) for theme in Theme.values
    }
    for row in Enterprise.objects.values("theme", "status").annotate(n=Count("id")):
        table.setdefault(row["theme"], dict.fromkeys(Enterprise.Status.values, 0))[row["status"]] = row["n"]
    return table
