"""Celery tasks of accounts: thin wrappers that take ids and call one service."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts import notifications, services
from accounts.models import Invitation

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(name="accounts.deliver_notification_email", soft_time_limit=50, time_limit=60, **RETRY)
def deliver_notification_email(notification_id: int) -> bool:
    """E-mail one notification (idempotent: a redelivered task sends nothing twice)."""
    return notifications.notification_send_email(notification_id=notification_id)


@shared_task(name="accounts.send_invitation_email", soft_time_limit=50, time_limit=60, **RETRY)
def send_invitation_email(invitation_id: int, path: str) -> bool:
    """E-mail the invitation link; the token travels only in this message, never stored in clear."""
    invitation = (
        Invitation.objects.select_related("enterprise", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or invitation.status != Invitation.Status.PENDING:
        return False
    with override(invitation.invited_by.language):
        subject = _("Invitation to join %(name)s on Chainmatch") % {"name": invitation.enterprise.name_zh}
        body = _("%(who)s invites you to join %(name)s. Open this link within %(days)d days:\n\n%(url)s") % {
            "who": str(invitation.invited_by),
            "name": invitation.enterprise.name_zh,
            "days": settings.INVITATION_VALID_DAYS,
            "url": f"{settings.SITE_URL}{path}",
        }
    send_mail(subject, body, None, [invitation.email])
    return True


@shared_task(name="accounts.expire_invitations", soft_time_limit=100, time_limit=120)
def expire_invitations() -> int:
    """Periodic: mark invitations past their expiry as expired."""
    return services.invitations_expire()


@shared_task(name="accounts.purge_idempotency_keys", soft_time_limit=100, time_limit=120)
def purge_idempotency_keys() -> int:
    """Periodic: forget the API's idempotency keys past their lifetime."""
    return services.idempotency_keys_purge()
