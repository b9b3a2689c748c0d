"""The events and meetings API: published events for anyone, registration within the capacity for
verified enterprises, the attendees for attendees and staff, the schedule for staff; meetings requested
only between attendees, answered by the invitee, unseen by other enterprises."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from information.models import EventRegistration, MeetingRequest
from information.services import events as services
from matching.models import Match
from tests.conftest import client_for
from tests.factories import EventFactory, MembershipFactory, PendingEnterpriseFactory
from tests.information.test_events import World, owner, w

__all__ = ["w"]  # the fixture, shared with the service and page tests

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events/"
MEETINGS = "/api/v1/meetings/"
Status = MeetingRequest.Status


def english(client: APIClient) -> APIClient:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def error(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.json()["error"]
    return body


def meeting_body(w: World, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "event": w.event.pk,
        "invitee": w.b.enterprise.pk,
        "listing": w.b_listing.pk,
        "message": "想了解贵司的电池需求",
        "proposed_slot": w.slot().isoformat(),
    }
    data.update(extra)
    return data


# ---------------------------------------------------------------------------------------------------
# Events


def test_anyone_reads_the_published_events(w: World, django_assert_max_num_queries: Any) -> None:
    EventFactory(published_at=None, title_en="Draft event")
    for _ in range(3):
        EventFactory()

    with django_assert_max_num_queries(4):
        response = english(APIClient()).get(EVENTS)

    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 4 and "Draft event" not in str(rows)
    first = rows[0]
    assert first["id"] == w.event.pk and first["title"] == "NEV matchmaking conference"
    assert first["capacity"] == 3 and first["registered_count"] == 2 and first["places_left"] == 1
    assert first["registration_open"] is True and first["your_registration"] is None
    # The online link is for attendees only.
    assert first["online"] is True and first["online_url"] == ""
    assert first["url"] == f"/information/events/{w.event.pk}/"


def test_an_unpublished_event_is_a_404_except_for_staff(w: World) -> None:
    draft = EventFactory(published_at=None)

    assert APIClient().get(f"{EVENTS}{draft.pk}/").status_code == 404
    assert client_for(w.a.user).get(f"{EVENTS}{draft.pk}/").status_code == 404
    assert client_for(w.staff).get(f"{EVENTS}{draft.pk}/").status_code == 200


def test_attendees_see_their_registration_and_the_link(w: World) -> None:
    data = client_for(w.a.user).get(f"{EVENTS}{w.event.pk}/").json()

    assert data["your_registration"]["status"] == "registered" and data["your_registration"]["attendees"] == 1
    assert data["online_url"] == w.event.online_url


def test_a_member_registers_and_the_next_finds_it_full(w: World) -> None:
    response = client_for(w.c.user).post(f"{EVENTS}{w.event.pk}/register/", {"attendees": 4})

    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["places_left"] == 0 and data["your_registration"]["attendees"] == 4

    late = owner()
    response = english(client_for(late.user)).post(f"{EVENTS}{w.event.pk}/register/", {})
    assert response.status_code == 409 and error(response)["code"] == "full"
    assert not EventRegistration.objects.filter(enterprise=late.enterprise).exists()


def test_registration_refusals(w: World) -> None:
    url = f"{EVENTS}{w.event.pk}/register/"
    pending = MembershipFactory(enterprise=PendingEnterpriseFactory())

    assert APIClient().post(url, {}).status_code == 401
    response = client_for(pending.user).post(url, {})
    assert response.status_code == 403 and error(response)["code"] == "enterprise_not_verified"
    response = client_for(w.c.user).post(url, {"attendees": 11})
    assert response.status_code == 400 and "attendees" in error(response)["fields"]
    assert client_for(w.a.user).post(url, {}).status_code == 409  # already registered
    assert EventRegistration.objects.filter(event=w.event).count() == 2


def test_a_member_cancels_the_registration(w: World) -> None:
    response = client_for(w.a.user).post(f"{EVENTS}{w.event.pk}/cancel-registration/")

    assert response.status_code == 200
    assert response.json()["your_registration"]["status"] == "cancelled"
    assert response.json()["places_left"] == 2
    assert client_for(w.c.user).post(f"{EVENTS}{w.event.pk}/cancel-registration/").status_code == 409


def test_the_attendees_are_for_attendees_and_staff(w: World) -> None:
    url = f"{EVENTS}{w.event.pk}/attendees/"

    response = english(client_for(w.a.user)).get(url)
    assert response.status_code == 200
    names = {row["enterprise"]["name"] for row in response.json()}
    assert names == {"Hefei Battery Co.", "Jianghuai Vehicles"}
    assert client_for(w.staff).get(url).status_code == 200
    assert client_for(w.c.user).get(url).status_code == 403
    assert APIClient().get(url).status_code == 401


def test_the_schedule_is_for_staff_only(w: World) -> None:
    services.event_register(event=w.event, actor=w.c.user)
    late = w.request(proposed_slot=w.slot(3))
    early = w.request(actor=w.c.user, invitee=w.a.enterprise, proposed_slot=w.slot(1))
    waiting = w.request(actor=w.b.user, invitee=w.c.enterprise)
    services.meeting_accept(meeting=late, actor=w.b.user)
    services.meeting_accept(meeting=early, actor=w.a.user)
    url = f"{EVENTS}{w.event.pk}/schedule/"

    response = client_for(w.staff).get(url)

    assert response.status_code == 200
    assert [(m["id"], m["status"]) for m in response.json()] == [
        (early.pk, "accepted"),
        (late.pk, "accepted"),
        (waiting.pk, "requested"),
    ]
    assert client_for(w.a.user).get(url).status_code == 403
    assert APIClient().get(url).status_code == 401


# ---------------------------------------------------------------------------------------------------
# Meetings


def test_an_attendee_requests_a_meeting(w: World) -> None:
    response = client_for(w.a.user).post(MEETINGS, meeting_body(w), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "requested" and data["your_side"] == "requester"
    assert data["actions"] == ["cancel"]
    assert data["requester"]["id"] == w.a.enterprise.pk and data["invitee"]["id"] == w.b.enterprise.pk
    assert data["listing"] == w.b_listing.pk and data["listing_title"] == w.b_listing.title
    assert MeetingRequest.objects.get().requested_by == w.a.user


def test_meeting_requests_only_between_attendees(w: World) -> None:
    # A non-attendee invitee
    response = english(client_for(w.a.user)).post(
        MEETINGS, meeting_body(w, invitee=w.c.enterprise.pk, listing=None), format="json"
    )
    assert response.status_code == 400 and error(response)["code"] == "not_attendee"
    assert "invitee" in error(response)["fields"]

    # A non-attendee requester
    response = english(client_for(w.c.user)).post(MEETINGS, meeting_body(w, listing=None), format="json")
    assert response.status_code == 400 and "event" in error(response)["fields"]
    assert "not registered" in error(response)["message"]
    assert not MeetingRequest.objects.exists()


def test_bad_meeting_input_names_the_field(w: World) -> None:
    client = client_for(w.a.user)
    early = (w.event.starts_at - timezone.timedelta(hours=2)).isoformat()
    cases = [
        (meeting_body(w, proposed_slot=early), "proposed_slot"),
        (meeting_body(w, invitee=w.a.enterprise.pk), "invitee"),
        (meeting_body(w, listing=999999), "listing"),
        (meeting_body(w, event=EventFactory(published_at=None).pk), "event"),
    ]
    for body, field in cases:
        response = client.post(MEETINGS, body, format="json")
        assert response.status_code == 400, (field, response.json())
        assert field in error(response)["fields"], (field, response.json())
    assert not MeetingRequest.objects.exists()


def test_a_duplicate_pending_request_is_409_and_a_replayed_key_creates_nothing(w: World) -> None:
    client = client_for(w.a.user)
    first = client.post(MEETINGS, meeting_body(w), format="json", headers={"Idempotency-Key": "k-1"})
    replay = client.post(MEETINGS, meeting_body(w), format="json", headers={"Idempotency-Key": "k-1"})

    assert first.status_code == 201 and replay.status_code == 201
    assert replay.json()["id"] == first.json()["id"] and replay["Idempotent-Replayed"] == "true"
    response = client_for(w.b.user).post(MEETINGS, meeting_body(w, invitee=w.a.enterprise.pk), format="json")
    assert response.status_code == 409 and error(response)["code"] == "duplicate"
    assert MeetingRequest.objects.count() == 1


def test_the_invitee_accepts_and_the_match_funnel_moves(w: World) -> None:
    match = w.approved_match()
    meeting = w.request(match=match, proposed_slot=w.slot())
    url = f"{MEETINGS}{meeting.pk}/accept/"

    assert client_for(w.a.user).post(url).status_code == 403  # the requester
    response = client_for(w.b.user).post(url)

    assert response.status_code == 200
    assert response.json()["status"] == "accepted" and response.json()["actions"] == ["cancel"]
    assert Match.objects.get(pk=match.pk).contacted_at is not None
    assert client_for(w.b.user).post(url).status_code == 409  # answered already


def test_decline_and_cancel(w: World) -> None:
    meeting = w.request()
    response = client_for(w.b.user).post(f"{MEETINGS}{meeting.pk}/decline/", {"reason": "日程已满"})
    assert response.status_code == 200
    assert response.json()["status"] == "declined" and response.json()["decline_reason"] == "日程已满"

    again = w.request()
    response = client_for(w.a.user).post(f"{MEETINGS}{again.pk}/cancel/", {})
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


def test_another_enterprise_cannot_see_or_act_on_a_meeting(w: World) -> None:
    meeting = w.request()
    outsider = client_for(w.c.user)

    assert outsider.get(f"{MEETINGS}{meeting.pk}/").status_code == 404
    for action in ("accept", "decline", "cancel"):
        assert outsider.post(f"{MEETINGS}{meeting.pk}/{action}/", {}).status_code == 404
    assert outsider.get(MEETINGS).json()["results"] == []
    assert MeetingRequest.objects.get().status == Status.REQUESTED


def test_my_meetings_with_filters(w: World) -> None:
    services.event_register(event=w.event, actor=w.c.user)
    sent = w.request()
    received = w.request(actor=w.c.user, invitee=w.a.enterprise)
    w.request(actor=w.b.user, invitee=w.c.enterprise)  # not A's
    client = client_for(w.a.user)

    assert {m["id"] for m in client.get(MEETINGS).json()["results"]} == {sent.pk, received.pk}
    assert [m["id"] for m in client.get(MEETINGS, {"role": "requester"}).json()["results"]] == [sent.pk]
    assert [m["id"] for m in client.get(MEETINGS, {"role": "invitee"}).json()["results"]] == [received.pk]
    received_row = client.get(f"{MEETINGS}{received.pk}/").json()
    assert received_row["your_side"] == "invitee"
    assert received_row["actions"] == ["accept", "decline", "cancel"]
    assert APIClient().get(MEETINGS).status_code == 401


def test_the_meetings_list_runs_a_fixed_number_of_queries(
    w: World, django_assert_max_num_queries: Any
) -> None:
    services.event_register(event=w.event, actor=w.c.user)
    w.request(listing=w.b_listing)
    w.request(actor=w.c.user, invitee=w.a.enterprise, match=None)
    client = client_for(w.a.user)

    with django_assert_max_num_queries(6):
        response = client.get(MEETINGS)

    assert response.status_code == 200 and len(response.json()["results"]) == 2
