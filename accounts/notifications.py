"""Notifications: an inbox row per recipient, e-mailed by a task after the transaction commits.

Kept apart from `services.py` because every later app notifies through `notify`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from accounts.models import Notification, User
from platform_site import outbox


@dataclass(frozen=True)
class Notice:
    """A kind of notification and its texts (msgids, rendered in each recipient's language)."""

    kind: str
    title: str
    body: str = ""

    def render(self, language: str, params: dict[str, str]) -> tuple[str, str]:
        """Title and body in the language, with the parameters filled in."""
        with translation.override(language):
            title = gettext(self.title) % params
            body = gettext(self.body) % params if self.body else ""
        return title[:200], body


ENTERPRISE_REGISTERED = Notice(
    "enterprise.registered", gettext_noop("New enterprise awaiting verification: %(name)s")
)
ENTERPRISE_VERIFIED = Notice(
    "enterprise.verified",
    gettext_noop("Your enterprise %(name)s has been verified"),
    gettext_noop("You can now publish listings and transact on the platform."),
)
ENTERPRISE_REJECTED = Notice(
    "enterprise.rejected",
    gettext_noop("Verification of %(name)s was declined"),
    gettext_noop("Reason: %(reason)s\nCorrect your profile and submit it again."),
)
ENTERPRISE_RESUBMITTED = Notice(
    "enterprise.resubmitted", gettext_noop("Enterprise resubmitted for verification: %(name)s")
)
MEMBER_JOINED = Notice("enterprise.member_joined", gettext_noop("%(who)s joined %(name)s"))


def notify(
    *, recipients: Iterable[User], notice: Notice, link: str = "", **params: str
) -> list[Notification]:
    """Write one inbox notification per recipient, in the recipient's language, and e-mail it on commit."""
    from accounts.tasks import deliver_notification_email

    created = []
    for recipient in {user.pk: user for user in recipients}.values():
        title, body = notice.render(recipient.language, params)
        created.append(
            Notification.objects.create(
                recipient=recipient, kind=notice.kind, title=title, body=body, link=link
            )
        )
    for notification in created:
        outbox.enqueue(deliver_notification_email, notification.pk)
    return created


def notification_mark_read(*, notification: Notification, user: User) -> Notification:
    """Mark one of the user's notifications read; reading twice keeps the first time."""
    if notification.recipient_id != user.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def notification_send_email(*, notification_id: int) -> bool:
    """E-mail a notification once; returns False when it was already sent or has no address."""
    from django.conf import settings
    from django.core.mail import send_mail

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at is not None or not notification.recipient.email:
            return False
        link = (
            f"{settings.SITE_URL}{notification.link}"
            if notification.link.startswith("/")
            else notification.link
        )
        body = "\n\n".join(part for part in (notification.body, link) if part)
        send_mail(notification.title, body, None, [notification.recipient.email])
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True
