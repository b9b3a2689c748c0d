"""The notifications of events: registrations and one-to-one meetings (msgids, rendered in each
recipient's language)."""

from django.utils.translation import gettext_noop

from accounts.notifications import Notice

# Registrations --------------------------------------------------------------------------------------
EVENT_REGISTERED = Notice(
    "event.registered",
    gettext_noop("%(enterprise)s is registered for %(event)s"),
    gettext_noop(
        "%(when)s, %(venue)s. Registered attendees can request one-to-one meetings with each other on the "
        "event page."
    ),
)
EVENT_REGISTRATION_CANCELLED = Notice(
    "event.registration_cancelled",
    gettext_noop("The registration of %(enterprise)s for %(event)s was cancelled"),
)

# Meetings -------------------------------------------------------------------------------------------
MEETING_REQUESTED = Notice(
    "meeting.requested",
    gettext_noop("%(requester)s asks to meet you at %(event)s"),
    gettext_noop("About: %(subject)s\nProposed time: %(slot)s\n%(message)s"),
)
MEETING_ACCEPTED = Notice(
    "meeting.accepted",
    gettext_noop("%(invitee)s accepted your meeting at %(event)s"),
    gettext_noop("Time: %(slot)s"),
)
MEETING_DECLINED = Notice(
    "meeting.declined",
    gettext_noop("%(invitee)s declined your meeting at %(event)s"),
    gettext_noop("Reason: %(reason)s"),
)
MEETING_CANCELLED = Notice(
    "meeting.cancelled",
    gettext_noop("%(who)s cancelled the meeting at %(event)s"),
    gettext_noop("Reason: %(reason)s"),
)
