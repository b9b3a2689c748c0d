"""The notifications of financing applications and their conversations (msgids, rendered in each
recipient's language).

Every notice names the application by its number; `%(what)s` is the offer's title or, for an
application made directly to an institution, the kind of financing.
"""

from django.utils.translation import gettext_noop

from accounts.notifications import Notice

APPLICATION_SUBMITTED = Notice(
    "financing.submitted",
    gettext_noop("New financing application #%(number)s from %(applicant)s: %(what)s"),
    gettext_noop("¥%(amount)s over %(term)s months. Purpose: %(purpose)s"),
)
APPLICATION_REVIEW_STARTED = Notice(
    "financing.review_started",
    gettext_noop("%(institution)s started reviewing financing application #%(number)s"),
    gettext_noop("You are notified of its questions and of the decision."),
)
APPLICATION_INFO_REQUESTED = Notice(
    "financing.info_requested",
    gettext_noop("%(institution)s asks for more information on financing application #%(number)s"),
    gettext_noop("%(question)s\nAnswer on the application's page."),
)
APPLICATION_INFO_ANSWERED = Notice(
    "financing.info_answered",
    gettext_noop("%(applicant)s answered your question on financing application #%(number)s"),
    gettext_noop("%(excerpt)s"),
)
APPLICATION_DOCUMENT_ADDED = Notice(
    "financing.document_added",
    gettext_noop("%(applicant)s added a document to financing application #%(number)s"),
    gettext_noop("%(document)s: %(name)s"),
)
APPLICATION_APPROVED = Notice(
    "financing.approved",
    gettext_noop("Financing application #%(number)s was approved by %(institution)s"),
    gettext_noop("¥%(amount)s at %(rate)s%% a year over %(term)s months. %(conditions)s"),
)
APPLICATION_DECLINED = Notice(
    "financing.declined",
    gettext_noop("Financing application #%(number)s was declined by %(institution)s"),
    gettext_noop("Reason: %(reason)s"),
)
APPLICATION_DISBURSED = Notice(
    "financing.disbursed",
    gettext_noop("%(institution)s disbursed ¥%(amount)s on financing application #%(number)s"),
    gettext_noop("%(note)s"),
)
APPLICATION_WITHDRAWN = Notice(
    "financing.withdrawn",
    gettext_noop("%(applicant)s withdrew financing application #%(number)s"),
    gettext_noop("%(reason)s"),
)
APPLICATION_MESSAGE = Notice(
    "financing.message",
    gettext_noop("New message from %(sender)s about financing application #%(number)s"),
    gettext_noop("%(excerpt)s"),
)
