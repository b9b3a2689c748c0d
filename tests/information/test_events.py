"""Events: staff create and publish them, verified enterprises register within the capacity, attendees
request one-to-one meetings with each other (and only with each other), the invitee answers, a meeting
about an approved match moves its funnel; and the pages of attendees, outsiders and organisers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Notification, User
from information import event_selectors as selectors
from information.models import Event, EventRegistration, MeetingRequest
from information.services import events as services
from listings.models import Listing
from matching.models import Match, MatchEvent
from platform_site.errors import ApplicationError, Conflict, NotPermitted, TransitionNotAllowed
from tests.factories import (
    DemandListingFactory,
    EnterpriseFactory,
    EventFactory,
    ListingFactory,
    MatchFactory,
    MembershipFactory,
    PendingEnterpriseFactory,
    StaffFactory,
    UserFactory,
)
from tests.orders.test_order_races import race

pytestmark = pytest.mark.django_db

Status = MeetingRequest.Status
Registered = EventRegistration.Status
HOUR = datetime.timedelta(hours=1)


# ---------------------------------------------------------------------------------------------------
# The world: a published event for three enterprises, two of them registered, an outsider


@dataclass
class World:
    staff: User
    event: Event
    a: Membership  # registered: a battery maker
    b: Membership  # registered: a vehicle maker
    c: Membership  # verified, not registered
    a_listing: Listing
    b_listing: Listing

    def slot(self, hours: int = 1) -> datetime.datetime:
        return self.event.starts_at + datetime.timedelta(hours=hours)

    def approved_match(self) -> Match:
        """An approved match of A's supply with B's demand."""
        return MatchFactory(
            supply=self.a_listing,
            demand=self.b_listing,
            status=Match.Status.APPROVED,
            reviewed_at=timezone.now(),
            reviewed_by=self.staff,
        )

    def request(self, **extra: Any) -> MeetingRequest:
        fields: dict[str, Any] = {"event": self.event, "actor": self.a.user, "invitee": self.b.enterprise}
        fields.update(extra)
        return services.meeting_request(**fields)


def owner(**enterprise: Any) -> Membership:
    """An owner who reads the platform in English (notifications are rendered in the reader's language)."""
    return MembershipFactory(
        enterprise=EnterpriseFactory(**enterprise), role=Membership.Role.OWNER, user__language="en"
    )


@pytest.fixture
def w() -> World:
    staff = StaffFactory()
    event = EventFactory(
        capacity=3,
        title_en="NEV matchmaking conference",
        agenda_zh="<ol><li>开幕致辞</li><li>一对一洽谈</li></ol>",
        agenda_en="<ol><li>Opening</li><li>One-to-one meetings</li></ol>",
        online_url="https://meeting.example.cn/room/42",
        organiser=staff,
    )
    a = owner(name_en="Hefei Battery Co.")
    b = owner(name_en="Jianghuai Vehicles")
    c = owner(name_en="Outsider Parts")
    for m in (a, b):
        services.event_register(event=event, actor=m.user)
    Notification.objects.all().delete()
    return World(
        staff=staff,
        event=event,
        a=a,
        b=b,
        c=c,
        a_listing=ListingFactory(enterprise=a.enterprise, title="方形铝壳电芯 280Ah"),
        b_listing=DemandListingFactory(enterprise=b.enterprise, title="采购动力电池包"),
    )


def registered(event: Event) -> int:
    return EventRegistration.objects.filter(event=event, status=Registered.REGISTERED).count()


def titles(user: User) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


# ---------------------------------------------------------------------------------------------------
# Events (staff)


def event_fields(**extra: Any) -> dict[str, Any]:
    start = timezone.now() + datetime.timedelta(days=10)
    fields: dict[str, Any] = {
        "title_zh": "智能网联汽车供需对接会",
        "title_en": "Connected vehicles matchmaking",
        "description_zh": '<p onclick="steal()">欢迎<script>alert(1)</script></p>',
        "agenda_zh": '<ul><li><a href="javascript:alert(1)">议程</a></li></ul>',
        "starts_at": start,
        "ends_at": start + 6 * HOUR,
        "place": "合肥",
        "capacity": 40,
    }
    fields.update(extra)
    return fields


def test_staff_create_an_event_with_its_rich_text_sanitised() -> None:
    staff = StaffFactory()

    event = services.event_create(actor=staff, **event_fields())

    assert event.organiser == staff and event.published_at is None and event.capacity == 40
    assert "script" not in event.description_zh and "onclick" not in event.description_zh
    assert (
        "欢迎" in event.description_zh and "javascript" not in event.agenda_zh and "议程" in event.agenda_zh
    )
    published = services.event_publish(event=event, actor=staff)
    assert published.published_at is not None


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"ends_at": timezone.now() + datetime.timedelta(days=9)}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"place": "", "online_url": ""}, "place"),
        ({"registration_closes_at": timezone.now() + datetime.timedelta(days=11)}, "registration_closes_at"),
        ({"online_url": "not a link", "place": ""}, "online_url"),
    ],
)
def test_an_event_with_bad_fields_is_refused_and_nothing_written(extra: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.event_create(actor=StaffFactory(), **event_fields(**extra))

    assert field in caught.value.message_dict
    assert not Event.objects.exists()


def test_an_online_event_needs_no_place() -> None:
    event = services.event_create(
        actor=StaffFactory(), publish=True, **event_fields(place="", online_url="https://m.example.cn/1")
    )

    assert event.published_at is not None and event.place == ""


def test_members_cannot_organise_events(w: World) -> None:
    with pytest.raises(NotPermitted):
        services.event_create(actor=w.a.user, **event_fields())
    with pytest.raises(NotPermitted):
        services.event_update(event=w.event, actor=w.a.user, capacity=99)


def test_the_capacity_cannot_drop_below_the_registrations(w: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.event_update(event=w.event, actor=w.staff, capacity=1)

    assert "capacity" in caught.value.message_dict
    updated = services.event_update(
        event=w.event, actor=w.staff, capacity=2, agenda_en="<p>x<script>1</script></p>"
    )
    assert updated.capacity == 2 and updated.agenda_en == "<p>x</p>"


# ---------------------------------------------------------------------------------------------------
# Registration


def test_a_verified_enterprise_registers_and_is_told(w: World) -> None:
    registration = services.event_register(event=w.event, actor=w.c.user, attendees=3)

    assert registration.status == Registered.REGISTERED and registration.attendees == 3
    assert registration.enterprise == w.c.enterprise and registration.registered_by == w.c.user
    assert titles(w.c.user) == [f"{w.c.enterprise.name_zh} is registered for {w.event.title_zh}"]


def test_capacity_is_enforced_the_last_place_taken_the_next_is_refused(w: World) -> None:
    # Given 2 of 3 places taken; C takes the last one
    services.event_register(event=w.event, actor=w.c.user)
    late = owner()

    # When one more enterprise tries
    with pytest.raises(Conflict) as caught:
        services.event_register(event=w.event, actor=late.user)

    # Then it is told the event is full, with a 409, and nothing is written
    assert caught.value.code == "full" and caught.value.status_code == 409
    assert "full" in caught.value.message
    assert registered(w.event) == 3
    assert not EventRegistration.objects.filter(enterprise=late.enterprise).exists()
    assert selectors.places_left(Event.objects.get(pk=w.event.pk)) == 0

    # And a place freed by a cancellation can be taken again
    services.event_cancel_registration(event=w.event, actor=w.c.user)
    services.event_register(event=w.event, actor=late.user)
    assert registered(w.event) == 3


def test_one_registration_per_enterprise_and_a_cancelled_one_comes_back(w: World) -> None:
    colleague = MembershipFactory(enterprise=w.a.enterprise, role=Membership.Role.MEMBER)
    with pytest.raises(Conflict) as caught:
        services.event_register(event=w.event, actor=colleague.user)
    assert caught.value.code == "already_registered"

    first = EventRegistration.objects.get(event=w.event, enterprise=w.a.enterprise)
    services.event_cancel_registration(event=w.event, actor=w.a.user)
    again = services.event_register(event=w.event, actor=colleague.user, attendees=2)

    assert again.pk == first.pk and again.status == Registered.REGISTERED and again.cancelled_at is None
    assert again.attendees == 2 and again.registered_by == colleague.user
    assert EventRegistration.objects.filter(event=w.event, enterprise=w.a.enterprise).count() == 1


def test_only_members_of_verified_enterprises_register(w: World) -> None:
    pending = MembershipFactory(enterprise=PendingEnterpriseFactory())
    with pytest.raises(NotPermitted) as caught:
        services.event_register(event=w.event, actor=pending.user)
    assert caught.value.code == "enterprise_not_verified"
    with pytest.raises(NotPermitted):
        services.event_register(event=w.event, actor=UserFactory())
    assert registered(w.event) == 2


@pytest.mark.parametrize(
    "change",
    [
        {"published_at": None},
        {"starts_at": timezone.now() - HOUR, "ends_at": timezone.now() + HOUR},
        {"registration_closes_at": timezone.now() - HOUR},
    ],
)
def test_registration_only_while_published_and_open(w: World, change: dict[str, Any]) -> None:
    Event.objects.filter(pk=w.event.pk).update(**change)

    with pytest.raises(TransitionNotAllowed):
        services.event_register(event=w.event, actor=w.c.user)
    assert registered(w.event) == 2


@pytest.mark.parametrize("attendees", [0, 11])
def test_the_people_attending_are_one_to_ten(w: World, attendees: int) -> None:
    with pytest.raises(ValidationError) as caught:
        services.event_register(event=w.event, actor=w.c.user, attendees=attendees)
    assert "attendees" in caught.value.message_dict


def test_cancelling_a_registration_cancels_its_open_meetings(w: World) -> None:
    services.event_register(event=w.event, actor=w.c.user)
    asked = w.request()
    accepted = w.request(actor=w.c.user, invitee=w.a.enterprise, proposed_slot=w.slot(2))
    services.meeting_accept(meeting=accepted, actor=w.a.user)
    untouched = w.request(actor=w.b.user, invitee=w.c.enterprise)

    services.event_cancel_registration(event=w.event, actor=w.a.user)

    assert MeetingRequest.objects.get(pk=asked.pk).status == Status.CANCELLED
    assert MeetingRequest.objects.get(pk=accepted.pk).status == Status.CANCELLED
    assert MeetingRequest.objects.get(pk=untouched.pk).status == Status.REQUESTED
    assert any("cancelled the meeting" in t for t in titles(w.c.user))
    with pytest.raises(TransitionNotAllowed):
        services.event_cancel_registration(event=w.event, actor=w.a.user)


# ---------------------------------------------------------------------------------------------------
# Meeting requests: only between attendees


def test_an_attendee_requests_a_meeting_with_another(w: World) -> None:
    meeting = w.request(listing=w.b_listing, message="想了解贵司的电池需求", proposed_slot=w.slot())

    assert meeting.status == Status.REQUESTED and meeting.requester == w.a.enterprise
    assert meeting.invitee == w.b.enterprise and meeting.requested_by == w.a.user
    assert meeting.listing == w.b_listing and meeting.proposed_slot == w.slot()
    assert titles(w.b.user) == [f"{w.a.enterprise.name_zh} asks to meet you at {w.event.title_zh}"]


def test_a_non_attendee_invitee_is_refused_with_400(w: World) -> None:
    with pytest.raises(ApplicationError) as caught:
        w.request(invitee=w.c.enterprise)

    assert caught.value.status_code == 400 and caught.value.code == "not_attendee"
    assert "invitee" in caught.value.fields and "not registered" in caught.value.message
    assert not MeetingRequest.objects.exists()


def test_a_non_attendee_requester_is_refused_with_400(w: World) -> None:
    with pytest.raises(ApplicationError) as caught:
        w.request(actor=w.c.user, invitee=w.a.enterprise)

    assert caught.value.status_code == 400 and "event" in caught.value.fields
    assert "register" in caught.value.message
    assert not MeetingRequest.objects.exists()


def test_an_attendee_who_cancelled_is_no_longer_met(w: World) -> None:
    services.event_cancel_registration(event=w.event, actor=w.b.user)

    with pytest.raises(ApplicationError) as caught:
        w.request()
    assert caught.value.status_code == 400 and "invitee" in caught.value.fields


def test_no_meeting_with_oneself(w: World) -> None:
    with pytest.raises(ValidationError) as caught:
        w.request(invitee=w.a.enterprise)
    assert "invitee" in caught.value.message_dict


def test_the_listing_must_be_published_and_one_of_the_two(w: World) -> None:
    someone_elses = ListingFactory()
    draft = ListingFactory(enterprise=w.b.enterprise, status=Listing.Status.DRAFT, published_at=None)
    for listing in (someone_elses, draft):
        with pytest.raises(ValidationError) as caught:
            w.request(listing=listing)
        assert "listing" in caught.value.message_dict
    assert w.request(listing=w.a_listing).listing == w.a_listing  # the requester's own listing is fine


def test_the_match_must_be_approved_and_between_the_two(w: World) -> None:
    proposed = MatchFactory(supply=w.a_listing, demand=w.b_listing)
    other_pair = MatchFactory(supply=w.a_listing, status=Match.Status.APPROVED, reviewed_at=timezone.now())
    for match in (proposed, other_pair):
        with pytest.raises(ValidationError) as caught:
            w.request(match=match)
        assert "match" in caught.value.message_dict
    assert not MeetingRequest.objects.exists()


def test_the_proposed_time_must_be_during_the_event(w: World) -> None:
    for slot in (w.event.starts_at - HOUR, w.event.ends_at):
        with pytest.raises(ValidationError) as caught:
            w.request(proposed_slot=slot)
        assert "proposed_slot" in caught.value.message_dict


def test_no_second_pending_request_between_the_same_pair(w: World) -> None:
    w.request()

    for actor, invitee in ((w.a, w.b), (w.b, w.a)):
        with pytest.raises(Conflict) as caught:
            w.request(actor=actor.user, invitee=invitee.enterprise)
        assert caught.value.code == "duplicate"
    assert MeetingRequest.objects.count() == 1


# ---------------------------------------------------------------------------------------------------
# Answers


def test_only_the_invitee_accepts(w: World) -> None:
    meeting = w.request(proposed_slot=w.slot())

    for intruder in (w.a.user, w.c.user, w.staff):
        with pytest.raises(NotPermitted):
            services.meeting_accept(meeting=meeting, actor=intruder)
    accepted = services.meeting_accept(meeting=meeting, actor=w.b.user)

    assert accepted.status == Status.ACCEPTED and accepted.decided_by == w.b.user
    assert titles(w.a.user) == [f"{w.b.enterprise.name_zh} accepted your meeting at {w.event.title_zh}"]
    with pytest.raises(TransitionNotAllowed):
        services.meeting_decline(meeting=accepted, actor=w.b.user)


def test_accepting_a_meeting_about_an_approved_match_moves_the_funnel(w: World) -> None:
    match = w.approved_match()
    meeting = w.request(match=match, proposed_slot=w.slot())
    assert Match.objects.get(pk=match.pk).contacted_at is None

    services.meeting_accept(meeting=meeting, actor=w.b.user)

    match.refresh_from_db()
    assert match.contacted_at is not None
    assert match.events.filter(action=MatchEvent.Action.CONTACTED, actor=w.b.user).count() == 1


def test_the_invitee_declines_with_a_reason(w: World) -> None:
    meeting = w.request()

    declined = services.meeting_decline(meeting=meeting, actor=w.b.user, reason="当天日程已满")

    assert declined.status == Status.DECLINED and declined.decline_reason == "当天日程已满"
    assert any("declined your meeting" in t for t in titles(w.a.user))
    with pytest.raises(NotPermitted):
        services.meeting_decline(meeting=w.request(), actor=w.a.user)


def test_either_side_cancels_but_no_one_else(w: World) -> None:
    first = w.request()
    with pytest.raises(NotPermitted):
        services.meeting_cancel(meeting=first, actor=w.c.user)
    assert services.meeting_cancel(meeting=first, actor=w.b.user).status == Status.CANCELLED

    second = w.request()
    services.meeting_accept(meeting=second, actor=w.b.user)
    assert services.meeting_cancel(meeting=second, actor=w.a.user, reason="改期").status == Status.CANCELLED
    assert any("cancelled the meeting" in t for t in titles(w.b.user))


def test_an_enterprise_cannot_accept_two_meetings_at_the_same_time(w: World) -> None:
    services.event_register(event=w.event, actor=w.c.user)
    first = w.request(proposed_slot=w.slot())
    second = w.request(actor=w.c.user, invitee=w.b.enterprise, proposed_slot=w.slot())
    services.meeting_accept(meeting=first, actor=w.b.user)

    with pytest.raises(Conflict) as caught:
        services.meeting_accept(meeting=second, actor=w.b.user)

    assert caught.value.code == "slot_taken"
    assert MeetingRequest.objects.get(pk=second.pk).status == Status.REQUESTED


# ---------------------------------------------------------------------------------------------------
# Selectors


def test_published_events_upcoming_first_then_past(w: World) -> None:
    now = timezone.now()
    later = EventFactory(starts_at=now + datetime.timedelta(days=30))
    running = EventFactory(starts_at=now - HOUR, ends_at=now + HOUR)
    past = EventFactory(
        starts_at=now - datetime.timedelta(days=10), ends_at=now - datetime.timedelta(days=10) + HOUR
    )
    older = EventFactory(
        starts_at=now - datetime.timedelta(days=40), ends_at=now - datetime.timedelta(days=40) + HOUR
    )
    EventFactory(published_at=None)
    EventFactory(published_at=now + datetime.timedelta(days=1))

    events = list(selectors.events_published())

    assert events == [running, w.event, later, past, older]
    assert events[1].registered_count == 2  # type: ignore[attr-defined]


def test_the_schedule_lists_accepted_meetings_by_time_then_pending(w: World) -> None:
    services.event_register(event=w.event, actor=w.c.user)
    late = w.request(proposed_slot=w.slot(3))
    early = w.request(actor=w.c.user, invitee=w.a.enterprise, proposed_slot=w.slot(1))
    waiting = w.request(actor=w.b.user, invitee=w.c.enterprise, proposed_slot=w.slot(0))
    services.meeting_accept(meeting=late, actor=w.b.user)
    services.meeting_accept(meeting=early, actor=w.a.user)
    declined = w.request(actor=w.c.user, invitee=w.a.enterprise)
    services.meeting_decline(meeting=declined, actor=w.a.user)

    assert list(selectors.event_schedule(w.event)) == [early, late, waiting]


# ---------------------------------------------------------------------------------------------------
# Pages


def browser(user: User | None = None, language: str = "en") -> Client:
    client = Client(headers={"Accept-Language": language})
    if user is not None:
        client.force_login(user)
    return client


def html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def detail_url(event: Event) -> str:
    return reverse("information:event_detail", args=[event.pk])


@pytest.mark.parametrize(
    ("language", "title"), [("en", "NEV matchmaking conference"), ("zh-hans", "新能源汽车")]
)
def test_the_events_pages_read_in_both_languages(w: World, language: str, title: str) -> None:
    listed = html(browser(language=language).get(reverse("information:events")))
    page = html(browser(w.a.user, language=language).get(detail_url(w.event)))

    assert title in listed and f'lang="{language}"' in listed
    assert reverse("information:events") in listed  # the footer link
    assert title in page
    agenda = "One-to-one meetings" if language == "en" else "一对一洽谈"
    assert agenda in page


def test_an_outsider_sees_the_event_and_registers_but_not_the_attendees(w: World) -> None:
    client = browser(w.c.user)
    page = html(client.get(detail_url(w.event)))

    assert "1</strong> of 3 places left" in page and "Register my enterprise" in page
    assert "Hefei Battery Co." not in page  # the attendee list is for attendees
    assert w.event.online_url not in page and "shown to registered attendees" in page

    response = client.post(reverse("information:event_register", args=[w.event.pk]), {"attendees": "2"})
    assert response.status_code == 302
    page = html(client.get(detail_url(w.event)))
    assert "Your enterprise is registered (2 people)" in page and "Hefei Battery Co." in page
    assert w.event.online_url in page


def test_anonymous_visitors_are_asked_to_sign_in(w: World) -> None:
    page = html(browser().get(detail_url(w.event)))

    assert "Sign in to register" in page and "Request a meeting" not in page
    response = browser().post(reverse("information:event_register", args=[w.event.pk]), {"attendees": "1"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert registered(w.event) == 2


def test_a_full_event_page_says_so(w: World) -> None:
    services.event_register(event=w.event, actor=w.c.user)

    page = html(browser(owner().user).get(detail_url(w.event)))

    assert "The event is full." in page and "Register my enterprise" not in page


def test_an_attendee_requests_a_meeting_from_the_page_and_the_invitee_accepts(w: World) -> None:
    match = w.approved_match()
    page = html(browser(w.a.user).get(detail_url(w.event)))
    assert "Jianghuai Vehicles" in page and "Request a meeting" in page
    assert f'value="match:{match.pk}"' in page and f'value="listing:{w.b_listing.pk}"' in page

    slot = timezone.localtime(w.slot()).strftime("%Y-%m-%dT%H:%M")
    url = reverse("information:meeting_new", args=[w.event.pk, w.b.enterprise.pk])
    prefix = f"m{w.b.enterprise.pk}"
    response = browser(w.a.user).post(
        url,
        {
            f"{prefix}-subject": f"match:{match.pk}",
            f"{prefix}-proposed_slot": slot,
            f"{prefix}-message": "见面聊",
        },
    )
    assert response.status_code == 302
    meeting = MeetingRequest.objects.get()
    assert meeting.match == match and meeting.message == "见面聊"

    invitee_page = html(browser(w.b.user).get(detail_url(w.event)))
    assert "Hefei Battery Co. asks you" in invitee_page and "Accept" in invitee_page
    response = browser(w.b.user).post(reverse("information:meeting_action", args=[meeting.pk, "accept"]))
    assert response.status_code == 302
    assert MeetingRequest.objects.get().status == Status.ACCEPTED
    assert Match.objects.get(pk=match.pk).contacted_at is not None


def test_a_bad_meeting_request_shows_the_error_under_the_field(w: World) -> None:
    prefix = f"m{w.b.enterprise.pk}"
    response = browser(w.a.user).post(
        reverse("information:meeting_new", args=[w.event.pk, w.b.enterprise.pk]),
        {f"{prefix}-proposed_slot": "2001-01-01T10:00"},
    )

    assert response.status_code == 400
    assert "Propose a time during the event" in response.content.decode()
    assert not MeetingRequest.objects.exists()


def test_a_meeting_with_a_non_attendee_from_the_page_is_refused(w: World) -> None:
    client = browser(w.a.user)
    response = client.post(reverse("information:meeting_new", args=[w.event.pk, w.c.enterprise.pk]), {})

    assert response.status_code == 302
    assert not MeetingRequest.objects.exists()
    page = html(client.get(detail_url(w.event)))
    assert "is not registered for this event" in page


def test_another_enterprise_cannot_act_on_a_meeting(w: World) -> None:
    meeting = w.request()

    response = browser(w.c.user).post(reverse("information:meeting_action", args=[meeting.pk, "cancel"]))

    assert response.status_code == 404
    assert MeetingRequest.objects.get().status == Status.REQUESTED


def test_the_schedule_page_is_for_staff_only(w: World) -> None:
    meeting = w.request(listing=w.b_listing, proposed_slot=w.slot())
    services.meeting_accept(meeting=meeting, actor=w.b.user)
    url = reverse("information:event_schedule", args=[w.event.pk])

    page = html(browser(w.staff).get(url))
    assert "Hefei Battery Co." in page and "Jianghuai Vehicles" in page and w.b_listing.title in page
    assert "Accepted" in page
    assert browser(w.a.user).get(url).status_code == 403
    assert browser().get(url).status_code == 302  # to sign in


def test_an_unpublished_event_is_a_404_except_for_staff() -> None:
    event = EventFactory(published_at=None)

    assert browser(owner().user).get(detail_url(event)).status_code == 404
    assert "not published" in html(browser(StaffFactory()).get(detail_url(event)))


# ---------------------------------------------------------------------------------------------------
# The race for the last place (PostgreSQL: SQLite serialises every write, so there is no race to lose)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("loaded_regions")
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
def test_two_registrations_for_the_last_place_have_exactly_one_winner() -> None:
    event = EventFactory(capacity=2)
    services.event_register(event=event, actor=owner().user)
    first, second = owner(), owner()

    results = race(
        lambda: services.event_register(event=event, actor=first.user),
        lambda: services.event_register(event=event, actor=second.user),
    )

    winners = [r for r in results if isinstance(r, EventRegistration)]
    losers = [r for r in results if isinstance(r, ApplicationError)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert losers[0].code == "full" and losers[0].status_code == 409
    assert registered(event) == 2
