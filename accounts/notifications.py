"""Notifications: an inbox row per recipient, e-mailed by a task after the transaction commits.

Kept apart from `services.py` because every later app notifies through `notify`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone, translation

from accounts.models import Notification, User


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    title: Callable[[], str],
    body: Callable[[], str] = lambda: "",
    link: str = "",
) -> list[Notification]:
    """Write one inbox notification per recipient, in the recipient's language, and e-mail it on commit.

    `title` and `body` are callables so that the text is rendered inside each recipient's language.
    """
    from accounts.tasks import deliver_notification_email

    created = []
    for recipient in {user.pk: user for user in recipients}.values():
        with translation.override(recipient.language):
            created.append(
                Notification.objects.create(
                    recipient=recipient, kind=kind, title=title()[:200], body=body(), link=link
                )
            )
    for notification in created:
        transaction.on_commit(partial(deliver_notification_email.delay, notification.pk))
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
