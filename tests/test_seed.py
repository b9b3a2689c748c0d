"""`manage.py seed`: demo enterprises at launch scale, valid and repeatable, and the demo logins."""

from __future__ import annotations

import random
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone

from accounts.credit_code import is_valid
from accounts.models import Certification, Enterprise, EnterpriseEvent, Membership, Notification, User
from accounts.regions import YANGTZE_RIVER_DELTA, registry
from accounts.taxonomy import Segment, Theme
from seeds import demo, plan
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

DEMO_LOGIN_ENTERPRISES = len(Theme.values) + 1  # one verified owner per theme and one pending owner


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
    unread = Notification.objects.filter(recipient=admin, read_at__isnull=True)
    pending = Enterprise.objects.filter(status=Enterprise.Status.PENDING)
    assert unread.count() == pending.count()
    assert {n.link for n in unread} == {f"/admin/accounts/enterprise/{e.pk}/change/" for e in pending}
    # nothing is or will be e-mailed: the demo must not send mail to invented addresses
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert mail.outbox == []


def test_verified_demo_members_find_the_verification_notice_in_their_inbox() -> None:
    seed(enterprises=10, seed=7)
    member = User.objects.get(email=f"{Theme.COMPONENT_MAKER}@{demo.DEMO_DOMAIN}")
    notice = Notification.objects.get(recipient=member)
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
