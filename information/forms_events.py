"""Forms of the event pages: registering, requesting a meeting with another attendee, answering or
cancelling one. They only parse; the services check the business rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from information.event_selectors import MeetingSubjects
from information.models import Event
from information.services.events import MAX_ATTENDEES, MAX_MESSAGE
from listings.models import Listing
from matching.models import Match

SLOT_FORMAT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends


class EventRegisterForm(forms.Form):
    attendees = forms.IntegerField(
        label=_("People attending"),
        min_value=1,
        max_value=MAX_ATTENDEES,
        initial=1,
        help_text=_("How many people of your enterprise will come (1 to %(max)s).") % {"max": MAX_ATTENDEES},
    )

    def service_kwargs(self) -> dict[str, Any]:
        return {"attendees": self.cleaned_data["attendees"]}


def _match_label(match: Match) -> str:
    return f"{match.supply.title} ↔ {match.demand.title}"


class MeetingRequestForm(forms.Form):
    """A meeting request to one attendee: what it is about (one of the two enterprises' published
    listings or an approved match between them), a proposed time during the event, a message."""

    subject = forms.ChoiceField(label=_("Topic"), required=False)
    proposed_slot = forms.DateTimeField(
        label=_("Proposed time"),
        required=False,
        input_formats=[SLOT_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=SLOT_FORMAT),
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=MAX_MESSAGE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, event: Event, subjects: MeetingSubjects, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.listings = {str(listing.pk): listing for listing in subjects.listings}
        self.matches = {str(match.pk): match for match in subjects.matches}
        choices: list[Any] = [("", _("A general introduction"))]
        if subjects.matches:
            choices.append(
                (_("Approved matches"), [(f"match:{pk}", _match_label(m)) for pk, m in self.matches.items()])
            )
        if subjects.listings:
            choices.append(
                (
                    _("Listings"),
                    [
                        (f"listing:{pk}", f"{item.title} ({item.get_side_display()})")
                        for pk, item in self.listings.items()
                    ],
                )
            )
        subject = self.fields["subject"]
        assert isinstance(subject, forms.ChoiceField)  # noqa: S101 - declared above
        subject.choices = choices
        slot = self.fields["proposed_slot"]
        slot.widget.attrs["min"] = timezone.localtime(event.starts_at).strftime(SLOT_FORMAT)
        slot.widget.attrs["max"] = timezone.localtime(event.ends_at).strftime(SLOT_FORMAT)
        slot.help_text = _("During the event; leave empty to agree on a time later.")

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kind, _sep, pk = (data.get("subject") or "").partition(":")
        listing: Listing | None = self.listings.get(pk) if kind == "listing" else None
        match: Match | None = self.matches.get(pk) if kind == "match" else None
        return {
            "listing": listing,
            "match": match,
            "proposed_slot": data.get("proposed_slot"),
            "message": data.get("message") or "",
        }


class MeetingDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=MAX_MESSAGE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def service_kwargs(self) -> dict[str, Any]:
        return {"reason": self.cleaned_data.get("reason") or ""}


class MeetingCancelForm(MeetingDeclineForm):
    pass


class MeetingAcceptForm(forms.Form):
    def service_kwargs(self) -> dict[str, Any]:
        return {}
