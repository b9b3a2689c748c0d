"""Technology licence and talent engagement requests: the services (every transition for every role,
bad input that writes nothing, the match funnel), who reads them, and the pages of both sides."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Enterprise, Membership, Notification, User
from accounts.taxonomy import Theme
from listings.choices import Kind, Side
from listings.models import Listing
from matching.models import Match
from orders.models import LicenceRequest, LicenceRequestEvent
from orders.services import licences as services
from platform_site.errors import ApplicationError, Conflict, NotPermitted, TransitionNotAllowed
from tests.factories import (
    EnterpriseFactory,
    ListingFactory,
    MatchFactory,
    MembershipFactory,
    PendingEnterpriseFactory,
    StaffFactory,
    UserFactory,
)
from tests.uploads import NOT_PRODUCT

pytestmark = pytest.mark.django_db

Status = LicenceRequest.Status
TODAY = timezone.localdate


# ---------------------------------------------------------------------------------------------------
# The world: a research institute with a technology and a talent listing, a requester, an outsider


def tech_listing(enterprise: Enterprise | None = None, **extra: Any) -> Listing:
    """A published technology supply of a research institute."""
    fields: dict[str, Any] = {
        "kind": Kind.TECHNOLOGY,
        "title": "固态电解质专利许可",
        "tech_trl": 6,
        "tech_transfer_mode": "licence",
        "tech_field": "动力电池",
        **NOT_PRODUCT,
        **extra,
    }
    return ListingFactory(
        enterprise=enterprise or EnterpriseFactory(theme=Theme.RESEARCH_INSTITUTE), **fields
    )


def talent_listing(enterprise: Enterprise | None = None, **extra: Any) -> Listing:
    """A published talent supply: five battery engineers."""
    fields: dict[str, Any] = {
        "kind": Kind.TALENT,
        "title": "电池系统工程师团队",
        "talent_headcount": 5,
        "talent_skills": "BMS, 热管理",
        **NOT_PRODUCT,
        **extra,
    }
    return ListingFactory(
        enterprise=enterprise or EnterpriseFactory(theme=Theme.RESEARCH_INSTITUTE), **fields
    )


@dataclass
class World:
    holder: Membership  # owner of the institute holding both listings
    holder_member: Membership
    requester: Membership  # owner of a verified component maker
    requester_member: Membership
    other: Membership  # owner of a third verified enterprise
    unverified: Membership  # owner of an enterprise under review
    staff: User
    tech: Listing
    talent: Listing

    def request(self, listing: Listing | None = None, **extra: Any) -> LicenceRequest:
        """A pending request sent by the requester's member through the service."""
        listing = listing or self.tech
        fields: dict[str, Any] = {
            "mode": "licence" if listing.kind == Kind.TECHNOLOGY else "project",
            "proposed_fee": Decimal("500000.00"),
            "field_of_use": "乘用车动力电池",
            "term_months": 36,
        }
        fields.update(extra)
        return services.licence_request_create(actor=self.requester_member.user, listing=listing, **fields)


@pytest.fixture
def w() -> World:
    institute = EnterpriseFactory(theme=Theme.RESEARCH_INSTITUTE, name_en="Hefei Battery Institute")
    requester = EnterpriseFactory(name_en="Wuhu Cell Works")
    return World(
        holder=MembershipFactory(enterprise=institute, role=Membership.Role.OWNER),
        holder_member=MembershipFactory(enterprise=institute, role=Membership.Role.MEMBER),
        requester=MembershipFactory(enterprise=requester, role=Membership.Role.OWNER),
        requester_member=MembershipFactory(enterprise=requester, role=Membership.Role.MEMBER),
        other=MembershipFactory(
            enterprise=EnterpriseFactory(name_en="Outsider Co."), role=Membership.Role.OWNER
        ),
        unverified=MembershipFactory(enterprise=PendingEnterpriseFactory(), role=Membership.Role.OWNER),
        staff=StaffFactory(),
        tech=tech_listing(institute),
        talent=talent_listing(institute),
    )


def nothing_written() -> bool:
    return (
        not LicenceRequest.objects.exists()
        and not LicenceRequestEvent.objects.exists()
        and not Notification.objects.exists()
    )


def field_errors(exc: ValidationError) -> set[str]:
    return set(exc.message_dict)


# ---------------------------------------------------------------------------------------------------
# Requesting


def test_a_member_requests_a_licence_and_the_holder_is_told(w: World) -> None:
    # When a member of the requester asks for a licence on the institute's technology
    request = w.request(start_date=TODAY() + datetime.timedelta(days=30), message="希望独家许可")

    # Then it is a pending licence request between the two enterprises with the proposed terms
    assert request.kind == LicenceRequest.Kind.LICENCE and request.status == Status.REQUESTED
    assert request.requester == w.requester.enterprise and request.holder == w.holder.enterprise
    assert request.requested_by == w.requester_member.user
    assert (request.mode, request.proposed_fee, request.term_months) == ("licence", Decimal("500000.00"), 36)
    # And the timeline has its first step, and the holder's managers (not the plain member) are told
    event = request.events.get()
    assert (event.action, event.to_status, event.actor) == ("requested", "requested", w.requester_member.user)
    told = Notification.objects.filter(kind="licence.requested")
    assert {n.recipient for n in told} == {w.holder.user}
    assert told[0].link == reverse("orders:licence_detail", args=[request.pk])
    assert request.listing.title in told[0].title


def test_a_talent_listing_takes_an_engagement_request_with_headcount(w: World) -> None:
    request = w.request(w.talent, mode="secondment", headcount=3, start_date=TODAY())

    assert request.kind == LicenceRequest.Kind.ENGAGEMENT
    assert (request.mode, request.headcount, request.start_date) == ("secondment", 3, TODAY())


@pytest.mark.parametrize(
    ("listing", "extra", "field"),
    [
        ("tech", {"proposed_fee": Decimal("-1")}, "proposed_fee"),
        ("tech", {"mode": "recruitment"}, "mode"),  # an engagement mode on a technology
        ("talent", {"mode": "licence"}, "mode"),  # a transfer mode on talent
        ("tech", {"mode": ""}, "mode"),
        ("tech", {"headcount": 2}, "headcount"),  # a headcount on a licence
        ("talent", {"headcount": 0}, "headcount"),
        ("talent", {"headcount": 6}, "headcount"),  # more people than the listing offers
        ("tech", {"start_date": datetime.date(2020, 1, 1)}, "start_date"),
        ("tech", {"term_months": 0}, "term_months"),
        ("tech", {"term_months": 361}, "term_months"),
    ],
)
def test_bad_terms_are_refused_by_field_and_nothing_is_written(
    w: World, listing: str, extra: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        w.request(getattr(w, listing), **extra)

    assert field in field_errors(caught.value)
    assert nothing_written()


def test_every_bad_field_is_reported_at_once(w: World) -> None:
    with pytest.raises(ValidationError) as caught:
        w.request(proposed_fee=Decimal("-5"), term_months=500, headcount=1)

    assert field_errors(caught.value) == {"proposed_fee", "term_months", "headcount"}


def test_own_listing_is_refused(w: World) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.licence_request_create(actor=w.holder_member.user, listing=w.tech, mode="licence")

    assert caught.value.status_code == 400 and caught.value.code == "own_listing"
    assert "listing" in caught.value.fields
    assert nothing_written()


@pytest.mark.parametrize(
    "status", [Listing.Status.CLOSED, Listing.Status.PENDING_REVIEW, Listing.Status.EXPIRED]
)
def test_an_unpublished_listing_takes_no_request(w: World, status: str) -> None:
    Listing.objects.filter(pk=w.tech.pk).update(status=status)

    with pytest.raises(TransitionNotAllowed) as caught:
        w.request()

    assert caught.value.status_code == 409
    assert nothing_written()


@pytest.mark.parametrize(
    "listing_fields",
    [
        {},  # a product supply
        {"side": Side.DEMAND, "kind": Kind.TECHNOLOGY, **NOT_PRODUCT},  # looking for a technology
        {"kind": Kind.FUNDING, **NOT_PRODUCT},
    ],
)
def test_only_technology_and_talent_supplies_take_requests(w: World, listing_fields: dict[str, Any]) -> None:
    listing = ListingFactory(**listing_fields)

    with pytest.raises(ApplicationError) as caught:
        w.request(listing, mode="licence")

    assert caught.value.status_code == 400 and "listing" in caught.value.fields
    assert nothing_written()


def test_the_expected_kind_must_match_the_listing(w: World) -> None:
    with pytest.raises(ApplicationError) as caught:
        w.request(w.talent, kind=LicenceRequest.Kind.LICENCE)

    assert caught.value.code == "wrong_kind" and "listing" in caught.value.fields
    assert nothing_written()


def test_an_unverified_enterprise_cannot_request(w: World) -> None:
    with pytest.raises(NotPermitted):
        services.licence_request_create(actor=w.unverified.user, listing=w.tech, mode="licence")
    with pytest.raises(NotPermitted):
        services.licence_request_create(actor=w.staff, listing=w.tech, mode="licence")
    assert nothing_written()


def test_one_pending_request_per_enterprise_and_listing(w: World) -> None:
    first = w.request()

    # A second one from any member of the same enterprise waits for the first
    with pytest.raises(Conflict) as caught:
        services.licence_request_create(actor=w.requester.user, listing=w.tech, mode="assignment")
    assert caught.value.status_code == 409
    assert LicenceRequest.objects.count() == 1

    # Another enterprise may ask at the same time, and after withdrawing the first one may ask again
    services.licence_request_create(actor=w.other.user, listing=w.tech, mode="licence")
    services.licence_request_withdraw(request=first, actor=w.requester_member.user)
    again = w.request(mode="assignment")
    assert again.status == Status.REQUESTED and LicenceRequest.objects.count() == 3


# ---------------------------------------------------------------------------------------------------
# From an approved match


def approved_match(w: World, supply: Listing, demand_owner: Enterprise) -> Match:
    demand = ListingFactory(
        enterprise=demand_owner,
        side=Side.DEMAND,
        kind=Kind.TECHNOLOGY,
        title="寻求固态电池技术",
        tech_field="储能电池",
        **{**NOT_PRODUCT, "price_max": Decimal("800000")},
    )
    return MatchFactory(
        supply=supply, demand=demand, status=Match.Status.APPROVED, reviewed_at=timezone.now()
    )


def test_a_request_from_an_approved_match_moves_its_funnel_to_quoted(w: World) -> None:
    match = approved_match(w, w.tech, w.requester.enterprise)

    request = w.request(match=match)

    match.refresh_from_db()
    assert request.match == match and match.quoted_at is not None
    assert match.events.filter(action="quoted").count() == 1


def test_a_match_of_another_enterprise_is_refused_and_nothing_is_written(w: World) -> None:
    match = approved_match(w, w.tech, w.other.enterprise)

    with pytest.raises(NotPermitted):
        w.request(match=match)

    match.refresh_from_db()
    assert match.quoted_at is None and nothing_written()


# ---------------------------------------------------------------------------------------------------
# Answering


def test_the_holder_accepts_and_the_proposed_terms_become_the_agreed_ones(w: World) -> None:
    request = w.request()
    Notification.objects.all().delete()

    accepted = services.licence_request_accept(request=request, actor=w.holder_member.user)

    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED
    assert (accepted.agreed_fee, accepted.agreed_field_of_use, accepted.agreed_term_months) == (
        Decimal("500000.00"),
        "乘用车动力电池",
        36,
    )
    assert accepted.decided_by == w.holder_member.user and accepted.decided_at is not None
    event = accepted.events.get(action="accepted")
    assert (event.from_status, event.to_status) == ("requested", "accepted")
    # The requester's owner and the member who asked are told
    told = Notification.objects.filter(kind="licence.accepted")
    assert {n.recipient for n in told} == {w.requester.user, w.requester_member.user}


def test_an_accepted_request_records_the_negotiated_terms(w: World) -> None:
    request = w.request()

    services.licence_request_accept(
        request=request,
        actor=w.holder.user,
        agreed_fee=Decimal("420000"),
        agreed_field_of_use="商用车动力电池",
        agreed_term_months=24,
        agreed_terms="按年支付，首年预付 30%。",
    )

    request.refresh_from_db()
    assert (request.agreed_fee, request.agreed_field_of_use, request.agreed_term_months) == (
        Decimal("420000.00"),
        "商用车动力电池",
        24,
    )
    assert request.agreed_terms == "按年支付，首年预付 30%。"
    assert request.events.get(action="accepted").note == "按年支付，首年预付 30%。"


@pytest.mark.parametrize(
    ("extra", "field"),
    [({"agreed_fee": Decimal("-1")}, "agreed_fee"), ({"agreed_term_months": 0}, "agreed_term_months")],
)
def test_bad_agreed_terms_leave_the_request_pending(w: World, extra: dict[str, Any], field: str) -> None:
    request = w.request()

    with pytest.raises(ValidationError) as caught:
        services.licence_request_accept(request=request, actor=w.holder.user, **extra)

    assert field in field_errors(caught.value)
    request.refresh_from_db()
    assert request.status == Status.REQUESTED and request.agreed_fee is None
    assert not request.events.filter(action="accepted").exists()


def test_the_holder_declines_with_a_reason_the_requester_reads(w: World) -> None:
    request = w.request()

    services.licence_request_decline(request=request, actor=w.holder.user, reason="已独家许可给他人")

    request.refresh_from_db()
    assert request.status == Status.DECLINED and request.decline_reason == "已独家许可给他人"
    assert request.events.get(action="declined").note == "已独家许可给他人"
    told = Notification.objects.get(kind="licence.declined", recipient=w.requester_member.user)
    assert "已独家许可给他人" in told.body


def test_declining_needs_a_reason(w: World) -> None:
    request = w.request()

    with pytest.raises(ValidationError) as caught:
        services.licence_request_decline(request=request, actor=w.holder.user, reason="  ")

    assert field_errors(caught.value) == {"reason"}
    request.refresh_from_db()
    assert request.status == Status.REQUESTED


def test_the_requester_withdraws_and_the_holder_is_told(w: World) -> None:
    request = w.request()
    Notification.objects.all().delete()

    services.licence_request_withdraw(request=request, actor=w.requester.user, reason="预算取消")

    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    assert request.events.get(action="withdrawn").note == "预算取消"
    assert {n.recipient for n in Notification.objects.filter(kind="licence.withdrawn")} == {w.holder.user}


# Who may do what: (action, role) -> allowed. Everybody else is refused with 403 and nothing changes.
ANSWERS = {
    "accept": lambda r, u: services.licence_request_accept(request=r, actor=u),
    "decline": lambda r, u: services.licence_request_decline(request=r, actor=u, reason="不合适"),
    "withdraw": lambda r, u: services.licence_request_withdraw(request=r, actor=u),
}
ALLOWED = {"accept": {"holder"}, "decline": {"holder"}, "withdraw": {"requester"}}
ROLES = ["holder", "requester", "other", "unverified", "staff"]


def actor_of(w: World, role: str) -> User:
    return {
        "holder": w.holder_member.user,
        "requester": w.requester_member.user,
        "other": w.other.user,
        "unverified": w.unverified.user,
        "staff": w.staff,
    }[role]


@pytest.mark.parametrize("action", list(ANSWERS))
@pytest.mark.parametrize("role", ROLES)
def test_each_answer_is_for_one_side_only(w: World, action: str, role: str) -> None:
    request = w.request()

    if role in ALLOWED[action]:
        ANSWERS[action](request, actor_of(w, role))
        request.refresh_from_db()
        assert request.status != Status.REQUESTED
    else:
        with pytest.raises(NotPermitted):
            ANSWERS[action](request, actor_of(w, role))
        request.refresh_from_db()
        assert request.status == Status.REQUESTED and request.events.count() == 1


@pytest.mark.parametrize("first", list(ANSWERS))
@pytest.mark.parametrize("then", list(ANSWERS))
def test_an_answered_request_takes_no_further_answer(w: World, first: str, then: str) -> None:
    request = w.request()
    ANSWERS[first](request, actor_of(w, next(iter(ALLOWED[first]))))
    request.refresh_from_db()
    final = request.status

    with pytest.raises(TransitionNotAllowed) as caught:
        ANSWERS[then](request, actor_of(w, next(iter(ALLOWED[then]))))

    assert caught.value.status_code == 409
    request.refresh_from_db()
    assert request.status == final and request.events.count() == 2


def test_actions_offered_to_each_side(w: World) -> None:
    request = w.request()
    holder, requester, other = w.holder.enterprise.pk, w.requester.enterprise.pk, w.other.enterprise.pk

    assert services.licence_request_actions(request, holder) == ["accept", "decline"]
    assert services.licence_request_actions(request, requester) == ["withdraw"]
    assert services.licence_request_actions(request, other) == []
    assert services.licence_request_actions(request, None) == []
    services.licence_request_withdraw(request=request, actor=w.requester.user)
    request.refresh_from_db()
    assert services.licence_request_actions(request, requester) == []
    assert services.licence_request_actions(request, holder) == []


def test_only_the_two_enterprises_and_staff_see_a_request(w: World) -> None:
    request = w.request()
    visible = services.licence_requests_visible_to

    for user in (w.holder_member.user, w.requester.user, w.staff):
        assert list(visible(user)) == [request]
    for user in (w.other.user, w.unverified.user, UserFactory()):
        assert not visible(user).exists()


# ---------------------------------------------------------------------------------------------------
# Pages


def browser(user: User | None = None) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def new_url(listing: Listing) -> str:
    return reverse("orders:licence_new", args=[listing.pk])


def detail_url(request: LicenceRequest) -> str:
    return reverse("orders:licence_detail", args=[request.pk])


def action_url(request: LicenceRequest, action: str) -> str:
    return reverse("orders:licence_action", args=[request.pk, action])


LIST = reverse("orders:licence_list")


def test_the_licence_form_offers_transfer_modes_prefilled_from_the_listing(w: World) -> None:
    response = browser(w.requester_member.user).get(new_url(w.tech))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Request a licence or transfer" in page
    assert 'value="assignment"' in page and 'value="co_development"' in page
    assert 'value="recruitment"' not in page and 'name="headcount"' not in page
    assert 'value="licence" selected' in page and 'value="动力电池"' in page


def test_the_talent_form_offers_engagement_modes_and_headcount(w: World) -> None:
    page = browser(w.requester_member.user).get(new_url(w.talent)).content.decode()

    assert "Request talent engagement" in page
    assert 'value="recruitment"' in page and 'value="secondment"' in page and 'value="assignment"' not in page
    assert 'name="headcount"' in page and 'value="5"' in page


def test_the_form_is_prefilled_from_an_approved_match(w: World) -> None:
    match = approved_match(w, w.tech, w.requester.enterprise)

    page = browser(w.requester.user).get(new_url(w.tech) + f"?match={match.pk}").content.decode()

    assert f'name="match" value="{match.pk}"' in page
    assert 'value="储能电池"' in page and 'value="800000.00"' in page and "寻求固态电池技术" in page


def test_sending_the_form_creates_the_request_and_opens_it(w: World) -> None:
    match = approved_match(w, w.tech, w.requester.enterprise)
    form = {
        "mode": "assignment",
        "proposed_fee": "1200000",
        "field_of_use": "储能",
        "term_months": "120",
        "start_date": "",
        "message": "希望转让",
        "match": str(match.pk),
    }

    response = browser(w.requester_member.user).post(new_url(w.tech), form)

    request = LicenceRequest.objects.get()
    assert response.status_code == 302 and response.url == detail_url(request)
    assert (request.mode, request.proposed_fee, request.term_months, request.match) == (
        "assignment",
        Decimal("1200000.00"),
        120,
        match,
    )


def test_the_form_shows_field_errors_and_writes_nothing(w: World) -> None:
    form = {"mode": "licence", "proposed_fee": "-10", "term_months": "36", "start_date": "2020-01-01"}

    response = browser(w.requester_member.user).post(new_url(w.talent), {**form, "mode": "recruitment"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Must not be negative." in page and "The date has passed" in page
    assert 'id="id_proposed_fee_error"' in page and 'id="id_start_date_error"' in page
    assert nothing_written()


def test_the_form_on_ones_own_listing_explains_and_sends_nothing(w: World) -> None:
    client = browser(w.holder.user)

    page = client.get(new_url(w.tech)).content.decode()
    response = client.post(new_url(w.tech), {"mode": "licence"})

    assert "your own enterprise's listing" in page
    assert response.status_code == 400 and "your own enterprise" in response.content.decode()
    assert nothing_written()


def test_the_form_on_a_product_listing_says_it_takes_no_requests(w: World) -> None:
    page = browser(w.requester.user).get(new_url(ListingFactory())).content.decode()

    assert "takes no licence or talent requests" in page and 'name="mode"' not in page


def test_the_list_has_sent_and_received_tabs_and_a_status_filter(w: World) -> None:
    sent = w.request()
    received = services.licence_request_create(
        actor=w.holder.user,
        listing=tech_listing(w.requester.enterprise, title="钠离子电池技术"),
        mode="licence",
    )
    services.licence_request_accept(request=received, actor=w.requester.user)
    client = browser(w.requester_member.user)

    everything = client.get(LIST).content.decode()
    sent_tab = client.get(LIST + "?tab=sent").content.decode()
    received_tab = client.get(LIST + "?tab=received").content.decode()
    accepted = client.get(LIST + "?status=accepted").content.decode()

    assert sent.listing.title in everything and "钠离子电池技术" in everything
    assert sent.listing.title in sent_tab and "钠离子电池技术" not in sent_tab
    assert "钠离子电池技术" in received_tab and sent.listing.title not in received_tab
    assert "钠离子电池技术" in accepted and sent.listing.title not in accepted
    assert "Hefei Battery Institute" in sent_tab  # the counterpart


def test_another_enterprise_lists_nothing_and_gets_404_on_the_page(w: World) -> None:
    request = w.request()
    client = browser(w.other.user)

    assert request.listing.title not in client.get(LIST).content.decode()
    assert client.get(detail_url(request)).status_code == 404
    assert client.post(action_url(request, "accept")).status_code == 404
    request.refresh_from_db()
    assert request.status == Status.REQUESTED


def test_the_holder_sees_the_terms_timeline_and_answer_forms(w: World) -> None:
    request = w.request(message="希望独家许可")

    page = browser(w.holder_member.user).get(detail_url(request)).content.decode()

    assert (
        "Requested terms" in page and "Licence" in page and "¥500,000.00" in page and "希望独家许可" in page
    )
    assert "Timeline" in page and "Requested" in page
    assert action_url(request, "accept") in page and action_url(request, "decline") in page
    assert action_url(request, "withdraw") not in page
    assert "CONVERSATION" not in page  # the marker for the thread is a template comment


def test_the_requester_sees_only_the_withdraw_button(w: World) -> None:
    request = w.request()

    page = browser(w.requester_member.user).get(detail_url(request)).content.decode()

    assert action_url(request, "withdraw") in page
    assert action_url(request, "accept") not in page and action_url(request, "decline") not in page
    assert "Waiting for the holder" in page


def test_staff_read_a_request_without_buttons(w: World) -> None:
    request = w.request()
    client = browser(w.staff)

    page = client.get(detail_url(request)).content.decode()
    client.post(action_url(request, "accept"), {})

    assert "can read this request but not answer it" in page
    assert action_url(request, "accept") not in page
    request.refresh_from_db()
    assert request.status == Status.REQUESTED


def test_the_holder_accepts_on_the_page_with_agreed_terms(w: World) -> None:
    request = w.request()
    client = browser(w.holder.user)

    response = client.post(
        action_url(request, "accept"),
        {"agreed_fee": "450000", "agreed_field_of_use": "", "agreed_term_months": "", "agreed_terms": "分期"},
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.ACCEPTED
    assert (request.agreed_fee, request.agreed_field_of_use, request.agreed_term_months) == (
        Decimal("450000.00"),
        "乘用车动力电池",
        36,
    )
    page = browser(w.requester.user).get(detail_url(request)).content.decode()
    assert "Agreed terms" in page and "¥450,000.00" in page and "分期" in page


def test_a_bad_agreed_fee_shows_under_its_field(w: World) -> None:
    request = w.request()

    response = browser(w.holder.user).post(action_url(request, "accept"), {"agreed_fee": "-3"})

    assert response.status_code == 400
    assert 'id="id_agreed_fee_error"' in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.REQUESTED


def test_declining_on_the_page_needs_a_reason(w: World) -> None:
    request = w.request()
    client = browser(w.holder.user)

    missing = client.post(action_url(request, "decline"), {"reason": ""})
    request.refresh_from_db()
    assert missing.status_code == 400 and 'id="id_reason_error"' in missing.content.decode()
    assert request.status == Status.REQUESTED

    client.post(action_url(request, "decline"), {"reason": "不对外许可"})
    request.refresh_from_db()
    assert request.status == Status.DECLINED
    page = browser(w.requester.user).get(detail_url(request)).content.decode()
    assert "Declined:" in page and "不对外许可" in page


def test_the_requester_withdraws_on_the_page_but_cannot_accept(w: World) -> None:
    request = w.request()
    client = browser(w.requester.user)

    refused = client.post(action_url(request, "accept"), {}, follow=True)
    request.refresh_from_db()
    assert request.status == Status.REQUESTED
    assert "Only the listing holder" in refused.content.decode()

    client.post(action_url(request, "withdraw"), {"reason": ""})
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN


def test_an_unknown_action_is_404(w: World) -> None:
    request = w.request()

    assert browser(w.holder.user).post(action_url(request, "delete")).status_code == 404


# ---------------------------------------------------------------------------------------------------
# The panel on a listing's page


def listing_page(listing: Listing, user: User | None = None) -> str:
    response = browser(user).get(reverse("listings:detail", args=[listing.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_another_member_sees_the_request_button_on_technology_and_talent(w: World) -> None:
    tech = listing_page(w.tech, w.requester.user)
    talent = listing_page(w.talent, w.requester.user)

    assert "Request a licence" in tech and new_url(w.tech) in tech
    assert "Request talent engagement" in talent and new_url(w.talent) in talent


def test_a_pending_request_replaces_the_button_with_a_link(w: World) -> None:
    request = w.request()

    page = listing_page(w.tech, w.requester_member.user)

    assert "See your request" in page and detail_url(request) in page and new_url(w.tech) not in page


def test_the_holder_sees_how_many_requests_wait(w: World) -> None:
    w.request()
    services.licence_request_create(actor=w.other.user, listing=w.tech, mode="licence")

    page = listing_page(w.tech, w.holder_member.user)

    assert "2 requests await your answer." in page and "Requests received" in page


def test_the_panel_stays_away_from_products_and_invites_strangers_to_sign_in(w: World) -> None:
    assert "Request a licence" not in listing_page(ListingFactory(), w.requester.user)
    assert "Sign in to send a request" in listing_page(w.tech)
    assert "Requests open once your enterprise is verified." in listing_page(w.tech, w.unverified.user)


def test_a_party_whose_enterprise_lost_its_verification_cannot_answer(w: World) -> None:
    request = w.request()
    Enterprise.objects.filter(pk=w.holder.enterprise.pk).update(status=Enterprise.Status.PENDING)
    Enterprise.objects.filter(pk=w.requester.enterprise.pk).update(status=Enterprise.Status.PENDING)

    # (Fresh users, as a new request would load them.)
    with pytest.raises(NotPermitted):
        services.licence_request_accept(request=request, actor=User.objects.get(pk=w.holder.user.pk))
    with pytest.raises(NotPermitted):
        services.licence_request_withdraw(request=request, actor=User.objects.get(pk=w.requester.user.pk))

    request.refresh_from_db()
    assert request.status == Status.REQUESTED


def test_the_pages_render_in_chinese_for_both_sides(w: World) -> None:
    request = w.request(w.talent, mode="training", headcount=2)
    services.licence_request_accept(request=request, actor=w.holder.user, agreed_terms="分两期")

    for user, url in [
        (w.requester.user, new_url(w.tech)),
        (w.requester.user, LIST),
        (w.holder.user, LIST + "?tab=received"),
        (w.requester.user, detail_url(request)),
        (w.holder.user, detail_url(request)),
        (w.requester.user, reverse("listings:detail", args=[w.tech.pk])),
    ]:
        client = Client(headers={"Accept-Language": "zh-hans"})
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'lang="zh-hans"' in response.content.decode() or "zh" in response.headers["Content-Language"]
