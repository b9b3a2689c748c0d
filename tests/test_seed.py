"""`manage.py seed`: demo enterprises and listings at launch scale, valid and repeatable, the demo logins,
and generated catalogues for benchmarks."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.core.management import CommandError, call_command
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone

from accounts.credit_code import is_valid
from accounts.models import Certification, Enterprise, EnterpriseEvent, Membership, Notification, User
from accounts.regions import YANGTZE_RIVER_DELTA, registry
from accounts.taxonomy import Segment, Theme
from listings import patents, selectors
from listings.choices import Kind, Side
from listings.filters import ListingFilter
from listings.models import Listing, ListingCertification, ListingEvent
from listings.rules import allowed_kinds
from listings.validation import CertificationInput, validate_listing
from orders.models import LicenceRequest, Order, Quote
from seeds import demo, listing_texts, plan
from seeds import listings as seed_listings
from tests.factories import ListingFactory, MembershipFactory

pytestmark = pytest.mark.django_db

DEMO_LOGIN_ENTERPRISES = len(Theme.values) + 1  # one verified owner per theme and one pending owner
# Every tenth launch entry (13 of 129, of all four kinds and both sides). Validating, indexing and
# writing the whole catalogue takes a quarter of a second; over the thirty-odd tests that seed, it would
# make this module half again as slow. Tests that ask for `full_launch` get all 129.
SHORT_LAUNCH = listing_texts.LAUNCH[::10]
WORKFLOW = len(listing_texts.WORKFLOW)  # a draft, two pending review, one rejected


@pytest.fixture
def full_launch() -> None:
    """Ask for the whole launch catalogue of 129 listings (otherwise tests seed `SHORT_LAUNCH`)."""


@pytest.fixture(autouse=True)
def _short_launch(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if "full_launch" not in request.fixturenames:
        monkeypatch.setattr(seed_listings, "LAUNCH", SHORT_LAUNCH)


def seed(**options: object) -> str:
    """Run the command and return what it printed."""
    out = StringIO()
    call_command("seed", stdout=out, **options)
    return out.getvalue()


def seeded_enterprises() -> list[Enterprise]:
    """The bulk demo enterprises (owned by owner<n>@…), in owner order, without the demo logins' ones."""
    memberships = (
        Membership.objects.filter(
            user__email__startswith="owner", user__email__endswith=f"@{demo.DEMO_DOMAIN}"
        )
        .select_related("enterprise", "user")
        .prefetch_related("enterprise__segment_links")
    )
    ordered = sorted(memberships, key=lambda m: int(m.user.email.removeprefix("owner").split("@")[0]))
    return [m.enterprise for m in ordered]


def fingerprint() -> list[tuple[str, str, str, str, str, tuple[str, ...]]]:
    return [
        (e.name_zh, e.name_en, e.credit_code, e.region_id, e.status, tuple(sorted(e.segment_codes)))
        for e in seeded_enterprises()
    ]


def demo_login_enterprises() -> list[tuple[str, str, str]]:
    """(login e-mail, name, credit code) of the demo members' enterprises."""
    return sorted(
        Membership.objects.exclude(user__email__startswith="owner")
        .filter(user__email__endswith=f"@{demo.DEMO_DOMAIN}")
        .values_list("user__email", "enterprise__name_zh", "enterprise__credit_code")
    )


# ---------------------------------------------------------------------------------------------------
# What a small seed creates


def test_a_small_seed_creates_that_many_enterprises_plus_the_demo_logins_ones() -> None:
    # given an empty database
    # when seeding 60
    out = seed(enterprises=60, seed=7)
    # then 60 demo enterprises exist, each with one owner, plus one per demo login
    assert len(seeded_enterprises()) == 60
    assert Enterprise.objects.count() == 60 + DEMO_LOGIN_ENTERPRISES
    owners = Membership.objects.filter(role=Membership.Role.OWNER)
    assert owners.count() == Enterprise.objects.count()
    assert "Seeded 60 enterprises" in out


def test_bulk_owners_cannot_sign_in_but_carry_the_contact_details() -> None:
    seed(enterprises=20, seed=7)
    for enterprise in seeded_enterprises():
        owner = enterprise.memberships.get(role=Membership.Role.OWNER).user
        assert not owner.has_usable_password()
        assert (owner.full_name, owner.phone) == (enterprise.contact_name, enterprise.contact_phone)


def test_every_credit_code_is_valid_unique_and_says_who_registered_where() -> None:
    seed(enterprises=60, seed=7)
    enterprises = list(Enterprise.objects.all())
    codes = [e.credit_code for e in enterprises]
    assert all(is_valid(code) for code in codes)
    assert len(set(codes)) == len(codes)
    for e in enterprises:
        # positions 3-8: the region's GB/T 2260 code; 1-2: 91 for companies, 12 for public institutions
        assert e.credit_code[2:8] == e.region_id
        assert e.credit_code[:2] in ("91", "12")
        if e.theme in (
            Theme.VEHICLE_MAKER,
            Theme.COMPONENT_MAKER,
            Theme.AFTERMARKET,
            Theme.FINANCIAL_INSTITUTION,
        ):
            assert e.credit_code[:2] == "91", e.name_zh
        if e.theme == Theme.UNIVERSITY:
            assert e.credit_code[:2] == "12", e.name_zh
        # positions 9-17: an organisation code with a correct GB 11714 check character
        assert plan.organisation_code(e.credit_code[8:16]) == e.credit_code[8:17]


def test_names_are_unique_in_both_languages_and_every_row_passes_model_validation() -> None:
    seed(enterprises=60, seed=7)
    enterprises = list(Enterprise.objects.all())
    assert len({e.name_zh for e in enterprises}) == len(enterprises)
    assert len({e.name_en for e in enterprises}) == len(enterprises)
    assert len({e.website for e in enterprises}) == len(enterprises)
    for e in enterprises:
        e.full_clean()  # lengths, URL, e-mail, credit code validator, constraints
        assert e.address and e.description and e.contact_name and e.contact_phone and e.contact_email
        assert e.website.startswith("https://www.") and e.website.endswith(".example.cn")
    for certification in Certification.objects.all():
        certification.full_clean()
        assert certification.number and certification.issuer and certification.valid_until


def test_every_theme_is_present_with_segments_that_fit_it() -> None:
    seed(enterprises=60, seed=7)
    enterprises = seeded_enterprises()
    assert {e.theme for e in enterprises} == set(Theme.values)
    for e in enterprises:
        segments = e.segment_codes
        assert 1 <= len(segments) <= 3
        assert set(segments) <= set(Segment.values)
        if e.theme == Theme.VEHICLE_MAKER:
            assert Segment.COMPLETE_VEHICLE in segments
        if e.theme == Theme.AFTERMARKET:
            assert Segment.AFTERMARKET_SERVICES in segments


def test_most_enterprises_are_in_anhui_and_most_of_the_rest_in_its_neighbours() -> None:
    seed(enterprises=60, seed=7)
    provinces = Counter(registry()[e.region_id].province_code for e in seeded_enterprises())
    assert provinces["340000"] == 36  # 60% exactly: the quota is apportioned, not sampled
    assert sum(n for p, n in provinces.items() if p in YANGTZE_RIVER_DELTA - {"340000"}) == 18
    assert all(registry()[e.region_id].level == "city" for e in seeded_enterprises())


def test_verification_history_is_what_the_services_would_have_written() -> None:
    seed(enterprises=60, seed=7)
    admin = User.objects.get(email=demo.ADMIN_EMAIL)
    statuses = Counter(e.status for e in seeded_enterprises())
    assert statuses == {"verified": 51, "pending": 7, "rejected": 2}
    for e in Enterprise.objects.prefetch_related("events"):
        owner = e.memberships.get(role=Membership.Role.OWNER).user
        trail = [(ev.action, ev.from_status, ev.to_status, ev.actor_id) for ev in reversed(e.events.all())]
        assert trail[0] == ("registered", "", "pending", owner.pk)
        if e.status == Enterprise.Status.VERIFIED:
            assert trail[1:] == [("verified", "pending", "verified", admin.pk)]
            assert e.reviewed_by == admin and e.reviewed_at is not None
            assert e.created_at < e.reviewed_at <= timezone.now()
        elif e.status == Enterprise.Status.REJECTED:
            assert trail[1:] == [("rejected", "pending", "rejected", admin.pk)]
            assert e.review_note and e.events.get(action="rejected").note == e.review_note
            assert e.reviewed_by == admin
        elif len(trail) > 1:  # pending again after a rejection
            assert trail[1:] == [
                ("rejected", "pending", "rejected", admin.pk),
                ("resubmitted", "rejected", "pending", owner.pk),
            ]
        else:
            assert e.reviewed_by is None and e.reviewed_at is None


def test_the_admin_inbox_holds_one_unread_notice_per_enterprise_awaiting_verification() -> None:
    seed(enterprises=60, seed=7)
    admin = User.objects.get(email=demo.ADMIN_EMAIL)
    unread = Notification.objects.filter(
        recipient=admin, read_at__isnull=True, kind__startswith="enterprise."
    )
    pending = Enterprise.objects.filter(status=Enterprise.Status.PENDING)
    assert unread.count() == pending.count()
    assert {n.link for n in unread} == {f"/admin/accounts/enterprise/{e.pk}/change/" for e in pending}
    # nothing is or will be e-mailed: the demo must not send mail to invented addresses
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert mail.outbox == []


def test_verified_demo_members_find_the_verification_notice_in_their_inbox() -> None:
    seed(enterprises=10, seed=7)
    member = User.objects.get(email=f"{Theme.COMPONENT_MAKER}@{demo.DEMO_DOMAIN}")
    notice = Notification.objects.get(recipient=member, kind__startswith="enterprise.")
    assert notice.kind == "enterprise.verified" and notice.read_at is None
    assert member.membership.enterprise.name_zh in notice.title


# ---------------------------------------------------------------------------------------------------
# Pure parts of the plan


@pytest.mark.parametrize("total", [0, 1, 5, 6, 7, 60, 522, 1001])
def test_apportioning_adds_up_exactly_and_gives_every_theme_one_when_it_can(total: int) -> None:
    parts = plan.apportion(total, plan.THEME_SHARES, at_least_one=True)
    assert sum(parts.values()) == total
    if total >= len(Theme.values):
        assert min(parts.values()) >= 1


def test_the_organisation_code_check_character_follows_gb_11714() -> None:
    # A published code: 9144030071526726XG, whose organisation code is 71526726-X.
    assert plan.organisation_code("71526726") == "71526726X"
    assert is_valid("9144030071526726XG")


# ---------------------------------------------------------------------------------------------------
# Repeatability, --if-empty and --reset


def test_the_same_seed_gives_the_same_names_codes_regions_and_statuses() -> None:
    seed(enterprises=40, seed=7)
    first = fingerprint()
    logins_first = demo_login_enterprises()
    # when the demo data is replaced with the same seed
    out = seed(enterprises=40, seed=7, reset=True)
    # then everything is drawn again identically
    assert "Deleted the previous demo data: 47 enterprises" in out
    assert fingerprint() == first
    assert demo_login_enterprises() == logins_first


def test_another_seed_gives_other_enterprises() -> None:
    seed(enterprises=40, seed=7)
    first = fingerprint()
    seed(enterprises=40, seed=8, reset=True)
    again = fingerprint()
    assert len({row[0] for row in again} & {row[0] for row in first}) < 5
    assert {row[2] for row in again}.isdisjoint({row[2] for row in first})


def test_the_plan_alone_is_deterministic() -> None:
    now = timezone.now()
    plans = [plan.plan_enterprises(random.Random(11), 30, now=now, taken=plan.Taken()) for _ in range(2)]
    assert plans[0] == plans[1]


def test_if_empty_on_a_seeded_database_creates_nothing_more() -> None:
    seed(enterprises=30, seed=7)
    before = [m.objects.count() for m in (Enterprise, User, EnterpriseEvent, Notification, Certification)]
    out = seed(enterprises=30, seed=7, if_empty=True)
    assert [
        m.objects.count() for m in (Enterprise, User, EnterpriseEvent, Notification, Certification)
    ] == before
    assert "not seeding enterprises" in out
    assert "admin@demo.chainmatch.cn" in out


def test_without_a_flag_a_non_empty_database_is_refused_and_left_alone() -> None:
    seed(enterprises=10, seed=7)
    before = Enterprise.objects.count()
    with pytest.raises(CommandError, match="already has 17 enterprises"):
        seed(enterprises=10, seed=7)
    assert Enterprise.objects.count() == before


def test_reset_deletes_only_the_demo_data() -> None:
    real: Membership = MembershipFactory()  # an enterprise registered by a real person
    seed(enterprises=10, seed=7, reset=True)
    seed(enterprises=10, seed=7, reset=True)
    assert Enterprise.objects.filter(pk=real.enterprise.pk).exists()
    assert User.objects.filter(pk=real.user.pk).exists()
    assert Enterprise.objects.count() == 1 + 10 + DEMO_LOGIN_ENTERPRISES


def test_if_empty_beside_other_enterprises_still_ensures_the_demo_logins() -> None:
    MembershipFactory()
    seed(if_empty=True)
    assert Enterprise.objects.count() == 1 + DEMO_LOGIN_ENTERPRISES
    assert User.objects.get(email=demo.ADMIN_EMAIL).check_password(demo.DEMO_PASSWORD)


def test_a_failure_leaves_nothing_half_written(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo, "ensure_demo_logins", broken)
    with pytest.raises(RuntimeError):
        seed(enterprises=20, seed=7)
    assert not Enterprise.objects.exists()
    assert not User.objects.exists()


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(CommandError, match="0 or more"):
        seed(enterprises=-1)


# ---------------------------------------------------------------------------------------------------
# Demo logins


def test_the_demo_logins_sign_in_with_the_demo_password() -> None:
    out = seed(enterprises=10, seed=7)
    request = RequestFactory().post("/")
    emails = [
        demo.ADMIN_EMAIL,
        demo.PENDING_EMAIL,
        *(f"{theme}@{demo.DEMO_DOMAIN}" for theme in Theme.values),
    ]
    for email in emails:
        user = authenticate(request, username=email, password=demo.DEMO_PASSWORD)
        assert user is not None and user.email == email, email
        assert email in out
    assert demo.DEMO_PASSWORD in out


def test_the_demo_admin_is_a_superuser_and_each_member_owns_an_enterprise_of_their_theme() -> None:
    seed(enterprises=10, seed=7)
    admin = User.objects.get(email=demo.ADMIN_EMAIL)
    assert admin.is_staff and admin.is_superuser
    assert not Membership.objects.filter(user=admin).exists()
    for theme in Theme.values:
        membership = Membership.objects.get(user__email=f"{theme}@{demo.DEMO_DOMAIN}")
        assert membership.role == Membership.Role.OWNER
        assert (membership.enterprise.theme, membership.enterprise.status) == (theme, "verified")
    pending = Membership.objects.get(user__email=demo.PENDING_EMAIL).enterprise
    assert pending.status == Enterprise.Status.PENDING


def test_ensuring_the_demo_logins_again_restores_the_password_and_keeps_the_enterprise() -> None:
    seed(enterprises=10, seed=7)
    member = User.objects.get(email=demo.PENDING_EMAIL)
    enterprise = member.membership.enterprise
    member.set_password("something-else-entirely")
    member.save()
    seed(if_empty=True)
    member.refresh_from_db()
    assert member.check_password(demo.DEMO_PASSWORD)
    assert member.membership.enterprise == enterprise


# ---------------------------------------------------------------------------------------------------
# Launch scale


def test_the_default_run_seeds_the_launch_scale_of_522() -> None:
    out = seed()
    enterprises = seeded_enterprises()
    assert len(enterprises) == 522
    assert Counter(e.theme for e in enterprises) == {
        "component_maker": 287,
        "aftermarket": 63,
        "research_institute": 63,
        "financial_institution": 52,
        "university": 31,
        "vehicle_maker": 26,
    }
    assert Counter(e.status for e in enterprises) == {"verified": 444, "pending": 57, "rejected": 21}
    assert Counter(registry()[e.region_id].province_code for e in enterprises)["340000"] == 313
    certifications = Certification.objects.filter(enterprise__theme=Theme.COMPONENT_MAKER)
    assert certifications.filter(standard="IATF 16949").count() > 150
    today = timezone.localdate()
    assert 0 < certifications.filter(valid_until__lt=today).count() < certifications.count() / 4
    assert "Seeded 522 enterprises" in out


# ---------------------------------------------------------------------------------------------------
# Listings: the launch catalogue


def certifications_of(listing: Listing) -> list[CertificationInput]:
    return [CertificationInput(c.standard, c.mandatory) for c in listing.certifications.all()]


def assert_valid(listings: list[Listing]) -> None:
    """Each listing passes the listing services' validation as if it were submitted today."""
    for listing in listings:
        validate_listing(listing, certifications_of(listing), submitting=True)


def test_the_launch_catalogue_has_129_published_listings_108_of_them_supply(full_launch: None) -> None:
    # given an empty database
    # when the demo is seeded at launch scale
    out = seed()
    # then 129 listings are published, 108 on the supply side, over all kinds, segments and languages
    published = list(
        Listing.objects.filter(status=Listing.Status.PUBLISHED)
        .select_related("enterprise", "region")
        .prefetch_related("certifications", "enterprise__segment_links")
    )
    assert len(published) == 129
    assert Counter(listing.side for listing in published) == {Side.SUPPLY: 108, Side.DEMAND: 21}
    assert {listing.kind for listing in published} == set(Kind.values)
    assert {(listing.side, listing.kind) for listing in published} == {
        (side, kind) for side in Side.values for kind in Kind.values
    }
    assert {listing.segment for listing in published} == set(Segment.values)
    assert {listing.language for listing in published} == {"zh", "en", "mixed"}
    assert "129 published, 83.7% supply" in out
    assert "Seeded 522 enterprises; 129 launch and 0 generated listings" in out
    # and every one is a listing a member could have published: valid, and allowed to its theme
    assert_valid(published)
    for listing in published:
        assert listing.kind in allowed_kinds(listing.enterprise.theme, listing.side), listing.title
        assert listing.enterprise.status == Enterprise.Status.VERIFIED
        assert listing.province_id == listing.region.province_code
        assert listing.search_title and listing.search_body
        if listing.side == Side.SUPPLY and listing.enterprise.theme != Theme.FINANCIAL_INSTITUTION:
            # an offer is in a segment its enterprise works in, wherever such an enterprise exists
            assert listing.segment in listing.enterprise.segment_codes, listing.title
    # and the demo members see listings of their own
    for theme in Theme.values:
        own = [x for x in published if x.created_by and x.created_by.email == f"{theme}@{demo.DEMO_DOMAIN}"]
        assert own, theme
    # and a demand requires some certificates as a must
    assert ListingCertification.objects.filter(mandatory=True, listing__side=Side.DEMAND).exists()


def test_the_launch_listings_carry_the_details_buyers_look_for(full_launch: None) -> None:
    seed(enterprises=60, seed=7)
    listings = Listing.objects.filter(status=Listing.Status.PUBLISHED)
    today = timezone.localdate()
    for listing in listings:
        assert (
            today + datetime.timedelta(days=30) <= listing.valid_until <= today + datetime.timedelta(days=300)
        )
        if listing.kind == Kind.PRODUCT:
            assert listing.unit
            assert listing.price_min is not None or listing.price_negotiable
        if listing.kind == Kind.TECHNOLOGY and listing.side == Side.SUPPLY:
            assert 1 <= listing.tech_trl <= 9 and listing.tech_transfer_mode and listing.tech_field
            assert all(patents.problem(number) is None for number in listing.patent_numbers)
        if listing.kind == Kind.TALENT:
            assert listing.talent_headcount and listing.skills and listing.talent_work_region_id
        if listing.kind == Kind.FUNDING:
            assert listing.funding_amount and listing.funding_term_months and listing.funding_instrument
        if listing.side == Side.DEMAND:
            assert listing.deadline and listing.deadline > today and listing.lead_time_days is None
    assert listings.filter(kind=Kind.TECHNOLOGY).exclude(tech_patents="").count() >= 12
    assert {u for u in listings.values_list("unit", flat=True) if u} >= {"件", "套", "吨", "pcs"}


def test_a_published_listing_has_the_trail_the_moderation_services_write() -> None:
    seed(enterprises=30, seed=7)
    admin = User.objects.get(email=demo.ADMIN_EMAIL)
    for listing in Listing.objects.filter(status=Listing.Status.PUBLISHED).prefetch_related("events"):
        author = listing.created_by
        assert author is not None and author.membership.enterprise_id == listing.enterprise_id
        trail = [(e.action, e.from_status, e.to_status, e.actor_id) for e in reversed(listing.events.all())]
        assert trail == [
            ("created", "", "draft", author.pk),
            ("submitted", "draft", "pending_review", author.pk),
            ("approved", "pending_review", "published", admin.pk),
        ]
        times = [e.created_at for e in reversed(listing.events.all())]
        assert listing.enterprise.reviewed_at <= times[0] < times[1] < times[2] < timezone.now()
        assert (listing.created_at, listing.submitted_at, listing.published_at) == tuple(times)
        assert listing.reviewed_by == admin and listing.reviewed_at == listing.published_at
    # the admin read the submission notices of what was published; the author got the approval
    approved = Notification.objects.filter(kind="listing.approved")
    assert approved.count() == len(SHORT_LAUNCH)
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert mail.outbox == []


def test_the_admin_finds_a_moderation_queue_and_members_a_draft_and_a_rejection() -> None:
    seed(enterprises=20, seed=7)
    admin = User.objects.get(email=demo.ADMIN_EMAIL)
    others = Listing.objects.exclude(status=Listing.Status.PUBLISHED).select_related("created_by")
    assert Counter(x.status for x in others) == {"draft": 1, "pending_review": 2, "rejected": 1}
    assert {x.created_by.email.split("@")[0] for x in others} <= set(Theme.values)
    queue = Notification.objects.filter(recipient=admin, kind="listing.submitted", read_at__isnull=True)
    assert {n.link for n in queue} == {
        f"/listings/{x.pk}/" for x in others if x.status == Listing.Status.PENDING_REVIEW
    }
    rejected = others.get(status=Listing.Status.REJECTED)
    assert rejected.review_note and rejected.events.get(action="rejected").note == rejected.review_note
    notice = Notification.objects.get(kind="listing.rejected")
    assert notice.recipient == rejected.created_by and rejected.review_note in notice.body
    assert_valid(list(others))
    # and the summary counts them apart from the published ones
    assert "also draft 1, pending_review 2, rejected 1." in seed(if_empty=True)


# ---------------------------------------------------------------------------------------------------
# Listings: repeatability, --if-empty, --reset


def listing_fingerprint() -> list[tuple[object, ...]]:
    listings = Listing.objects.select_related("enterprise").prefetch_related("certifications")
    return sorted(
        (
            x.enterprise.credit_code,
            x.title,
            x.side,
            x.kind,
            x.segment,
            x.status,
            x.region_id,
            x.price_min,
            x.price_max,
            x.quantity,
            x.tech_patents,
            x.valid_until,
            tuple((c.standard, c.mandatory) for c in x.certifications.all()),
        )
        for x in listings
    )


def test_the_same_seed_gives_the_same_listings_and_another_seed_others() -> None:
    seed(enterprises=30, seed=7, listings=60)
    first = listing_fingerprint()
    assert len(first) == len(SHORT_LAUNCH) + WORKFLOW + 60
    seed(enterprises=30, seed=7, listings=60, reset=True)
    assert listing_fingerprint() == first
    seed(enterprises=30, seed=8, listings=60, reset=True)
    assert listing_fingerprint() != first


def test_reset_deletes_the_demo_listings_with_their_trail_and_keeps_real_ones() -> None:
    real = ListingFactory(certifications=["IATF 16949"])  # a real enterprise's listing
    seed(enterprises=20, seed=7, listings=50, reset=True)
    demo_ids = set(Listing.objects.exclude(pk=real.pk).values_list("pk", flat=True))
    out = seed(enterprises=20, seed=7, reset=True)
    assert f"{len(demo_ids)} listings." in out
    assert not Listing.objects.filter(pk__in=demo_ids).exists()
    assert not ListingEvent.objects.filter(listing_id__in=demo_ids).exists()
    assert not ListingCertification.objects.filter(listing_id__in=demo_ids).exists()
    assert Listing.objects.filter(pk=real.pk).exists() and real.certifications.count() == 1
    assert Listing.objects.count() == 1 + len(SHORT_LAUNCH) + WORKFLOW


def test_if_empty_adds_the_launch_catalogue_once() -> None:
    # given a database seeded before there were listings
    seed(enterprises=20, seed=7)
    demo.delete_business(Enterprise.objects.all())
    Listing.objects.all().delete()
    # when `make run` seeds it
    seed(if_empty=True)
    # then the launch catalogue is added, and not a second time
    assert Listing.objects.filter(status=Listing.Status.PUBLISHED).count() == len(SHORT_LAUNCH)
    out = seed(if_empty=True)
    assert Listing.objects.count() == len(SHORT_LAUNCH) + WORKFLOW
    assert "not seeding the launch catalogue" in out


# ---------------------------------------------------------------------------------------------------
# Listings: generated catalogues (--listings N)


def test_listings_alone_adds_that_many_published_listings_and_nothing_else() -> None:
    seed(enterprises=30, seed=7)
    before = [m.objects.count() for m in (Enterprise, User, Notification)]
    launch = Listing.objects.count()
    out = seed(listings=300, seed=7)
    # then 300 more, all published, 84% on offer, and no enterprise, account or notice more
    generated = Listing.objects.filter(pk__gt=Listing.objects.order_by("pk")[launch - 1].pk)
    assert generated.count() == 300
    assert set(generated.values_list("status", flat=True)) == {Listing.Status.PUBLISHED}
    assert generated.filter(side=Side.SUPPLY).count() == round(300 * 108 / 129)
    assert [m.objects.count() for m in (Enterprise, User, Notification)] == before
    assert "No enterprises seeded; 0 launch and 300 generated listings" in out
    assert "Demo logins" not in out
    # and they spread over kinds, segments, provinces, price bands and certificates
    assert set(generated.values_list("kind", flat=True)) == set(Kind.values)
    assert set(generated.values_list("segment", flat=True)) == set(Segment.values)
    assert generated.values("province").distinct().count() >= 10
    prices = [p for p in generated.values_list("price_min", flat=True) if p is not None]
    assert min(prices) < 100 and max(prices) >= 1_000_000
    assert generated.filter(price_min__isnull=True, price_negotiable=True).exists()
    assert ListingCertification.objects.filter(listing__in=generated).count() > 150
    # and each has its trail and a searchable text
    assert ListingEvent.objects.filter(listing__in=generated).count() == 3 * 300
    for listing in generated.select_related("enterprise", "region"):
        assert listing.kind in allowed_kinds(listing.enterprise.theme, listing.side)
        assert listing.province_id == listing.region.province_code
        assert listing.search_title.strip() and listing.search_body.strip()
    # and a sample passes the listing services' validation
    sample = random.Random(1).sample(list(generated.select_related("enterprise")), 40)
    assert_valid(sample)


def test_generated_listings_are_found_by_the_catalogue_search_across_languages() -> None:
    seed(enterprises=20, seed=7, listings=150)

    def found(text: str) -> set[int]:
        data = QueryDict(mutable=True)
        data["q"] = text
        return set(ListingFilter(data, queryset=selectors.listing_catalogue()).results())

    batteries = found("电池")
    assert batteries
    assert batteries == found("battery")  # one alias group
    titles = set(Listing.objects.filter(pk__in=batteries).values_list("title", flat=True))
    assert any("电池包" in t or "电芯" in t or "battery" in t.lower() for t in titles)


def test_listings_need_verified_demo_enterprises_and_a_count_of_zero_or_more() -> None:
    MembershipFactory()
    with pytest.raises(CommandError, match="no verified demo enterprise"):
        seed(listings=10)
    with pytest.raises(CommandError, match="0 or more"):
        seed(listings=-1)
    assert not Listing.objects.exists()


def test_the_drawn_patent_numbers_have_correct_check_characters() -> None:
    rng = random.Random(5)
    numbers = [seed_listings.patent_number(rng) for _ in range(500)]
    assert all(patents.problem(number) is None for number in numbers)
    assert any(n.startswith("ZL") for n in numbers) and any(n.startswith("CN") for n in numbers)


def test_the_demo_logins_have_business_to_answer_and_reset_removes_it(full_launch: None) -> None:
    # given the demo seeded with its launch catalogue
    seed(enterprises=30, seed=7)
    vehicle = User.objects.get(email=f"vehicle_maker@{demo.DEMO_DOMAIN}").membership.enterprise
    components = User.objects.get(email=f"component_maker@{demo.DEMO_DOMAIN}").membership.enterprise
    # then the component maker has an order to answer, the vehicle maker one to confirm and one done
    orders = Order.objects.filter(buyer=vehicle, seller=components)
    assert sorted(orders.values_list("status", flat=True)) == ["completed", "placed", "shipped"]
    assert orders.get(status="placed").messages.count() == 1
    # a request for quotes holds two quotes, one of them the component maker's
    assert Quote.objects.filter(supplier=components).count() == 1
    assert Quote.objects.get(supplier=components).request.quotes.count() == 2
    assert LicenceRequest.objects.filter(requester=vehicle, status="requested").count() == 1
    # and a reset deletes all of it with the demo
    seed(enterprises=30, seed=7, reset=True)
    assert Order.objects.count() == 3 and Quote.objects.count() == 2  # seeded afresh, not doubled
