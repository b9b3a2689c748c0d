"""Every write that matters in accounts: registration, verification, profiles, members and invitations.

Each state transition opens a transaction, re-reads the row with `select_for_update()` (two admins
deciding at once must not both win), checks the actor and the transition table, saves with
`update_fields`, writes an `EnterpriseEvent` and notifies after commit.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import notifications
from accounts.credit_code import normalize as normalize_credit_code
from accounts.models import (
    Certification,
    Enterprise,
    EnterpriseEvent,
    EnterpriseSegment,
    IdempotencyKey,
    Invitation,
    Membership,
    Region,
    User,
)
from accounts.notifications import notify
from platform_site import outbox
from platform_site.errors import ApplicationError, NotPermitted, TransitionNotAllowed

# Fields an enterprise may edit itself. The credit code and the theme are what an admin verified,
# so they are frozen once the enterprise is verified.
PROFILE_FIELDS = (
    "name_zh",
    "name_en",
    "region",
    "address",
    "description",
    "website",
    "contact_name",
    "contact_phone",
    "contact_email",
)
IDENTITY_FIELDS = ("credit_code", "theme")


# ---------------------------------------------------------------------------------------------------
# Checks other apps rely on


def membership_of(user: User | Any) -> Membership | None:
    """The user's membership, or None for anonymous users and people without an enterprise."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        membership: Membership = user.membership
    except Membership.DoesNotExist:
        return None
    return membership


def require_membership(user: User | Any, *, manage: bool = False) -> Membership:
    """The user's membership; with `manage`, only an owner or administrator passes."""
    membership = membership_of(user)
    if membership is None:
        raise NotPermitted(_("You are not a member of an enterprise."), code="no_enterprise")
    if manage and not membership.can_manage:
        raise NotPermitted(_("Only the owner or an administrator of the enterprise may do this."))
    return membership


def require_verified_enterprise(user: User | Any) -> Enterprise:
    """The one check before publishing or transacting: the user's enterprise must be verified."""
    enterprise = require_membership(user).enterprise
    if not enterprise.is_verified:
        raise NotPermitted(
            _("Your enterprise is not verified yet; publishing and transactions open after verification."),
            code="enterprise_not_verified",
        )
    return enterprise


def user_set_language(*, user: User, language: str) -> User:
    """The language of the user's notifications and e-mails."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": [_("Unknown language.")]})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


# ---------------------------------------------------------------------------------------------------
# Registration


@dataclass(frozen=True)
class Registration:
    """What `enterprise_register` created."""

    user: User
    enterprise: Enterprise
    membership: Membership


def _validate_new_user(email: str, password: str, full_name: str) -> User:
    email = email.strip().lower()
    user = User(email=email, full_name=full_name)
    errors: dict[str, list[str]] = {}
    if User.objects.filter(email__iexact=email).exists():
        errors["email"] = [_("An account with this e-mail address already exists.")]
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    try:
        user.set_unusable_password()
        user.full_clean(exclude=["password", "email"] if "email" in errors else ["password"])
    except ValidationError as exc:
        _merge_errors(errors, exc)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    return user


def _merge_errors(errors: dict[str, list[str]], exc: ValidationError) -> None:
    for field, messages in exc.message_dict.items():
        errors.setdefault(field, []).extend(messages)


def _save_segments(enterprise: Enterprise, segments: Iterable[str]) -> None:
    wanted = set(segments)
    enterprise.segment_links.exclude(segment__in=wanted).delete()
    have = set(enterprise.segment_links.values_list("segment", flat=True))
    EnterpriseSegment.objects.bulk_create(
        [EnterpriseSegment(enterprise=enterprise, segment=s) for s in sorted(wanted - have)]
    )


def _event(
    enterprise: Enterprise,
    actor: User | None,
    action: str,
    *,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
) -> EnterpriseEvent:
    return EnterpriseEvent.objects.create(
        enterprise=enterprise,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def _staff() -> list[User]:
    return list(User.objects.filter(is_staff=True, is_active=True))


def _enterprise_link(enterprise: Enterprise) -> str:
    return reverse("accounts:enterprise_detail", args=[enterprise.pk])


def _validate_segments(segments: Iterable[str]) -> list[str]:
    from accounts.taxonomy import Segment

    chosen = list(dict.fromkeys(segments))
    if not chosen:
        raise ValidationError({"segments": [_("Choose at least one industry segment.")]})
    unknown = [s for s in chosen if s not in Segment.values]
    if unknown:
        raise ValidationError({"segments": [_("Unknown segment: %(s)s.") % {"s": ", ".join(unknown)}]})
    return chosen


def enterprise_register(
    *,
    email: str,
    password: str,
    full_name: str,
    name_zh: str,
    credit_code: str,
    theme: str,
    region: Region,
    segments: Iterable[str],
    phone: str = "",
    **profile: Any,
) -> Registration:
    """Register a person and their enterprise: the person becomes its owner; the enterprise awaits review."""
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unexpected profile fields: {sorted(unknown)}")
    enterprise = Enterprise(
        name_zh=name_zh.strip(),
        credit_code=normalize_credit_code(credit_code),
        theme=theme,
        region=region,
        status=Enterprise.Status.PENDING,
        **profile,
    )
    # Every problem at once, so that a form or an API client can correct them in one go.
    errors: dict[str, list[str]] = {}
    chosen_segments: list[str] = []
    user = User()
    try:
        chosen_segments = _validate_segments(segments)
    except ValidationError as exc:
        _merge_errors(errors, exc)
    try:
        user = _validate_new_user(email, password, full_name)
    except ValidationError as exc:
        _merge_errors(errors, exc)
    try:
        enterprise.full_clean()
    except ValidationError as exc:
        _merge_errors(errors, exc)
    if errors:
        raise ValidationError(errors)
    user.phone = phone
    try:
        with transaction.atomic():
            user.save()
            enterprise.save()
            _save_segments(enterprise, chosen_segments)
            membership = Membership.objects.create(
                user=user, enterprise=enterprise, role=Membership.Role.OWNER
            )
            _event(enterprise, user, EnterpriseEvent.Action.REGISTERED, to_status=enterprise.status)
            notify(
                recipients=_staff(),
                notice=notifications.ENTERPRISE_REGISTERED,
                link=reverse("admin:accounts_enterprise_change", args=[enterprise.pk]),
                name=enterprise.name_zh,
            )
    except IntegrityError as exc:
        # Two registrations racing with the same code or e-mail: the loser gets a field error.
        if Enterprise.objects.filter(credit_code=enterprise.credit_code).exists():
            raise ValidationError(
                {"credit_code": [_("An enterprise with this credit code is already registered.")]}
            ) from exc
        raise ValidationError({"email": [_("An account with this e-mail address already exists.")]}) from exc
    return Registration(user=user, enterprise=enterprise, membership=membership)


# ---------------------------------------------------------------------------------------------------
# Verification


def _transition(enterprise: Enterprise, to_status: str) -> str:
    """Lock the enterprise, check the transition table, return the status it had."""
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if to_status not in Enterprise.TRANSITIONS[locked.status]:
        raise TransitionNotAllowed(
            _("An enterprise that is %(from)s cannot become %(to)s.")
            % {"from": locked.get_status_display(), "to": Enterprise.Status(to_status).label}
        )
    return locked.status


def _owners_and_admins(enterprise: Enterprise) -> list[User]:
    return [
        m.user
        for m in enterprise.memberships.select_related("user").filter(
            role__in=[Membership.Role.OWNER, Membership.Role.ADMIN]
        )
    ]


def _require_staff(actor: User) -> None:
    if not actor.is_staff:
        raise NotPermitted(_("Only platform administrators verify enterprises."))


def _decide(enterprise: Enterprise, actor: User, to_status: str, note: str) -> None:
    """Record a platform admin's verification decision: lock, check, save, event (inside a transaction)."""
    from_status = _transition(enterprise, to_status)
    enterprise.status = to_status
    enterprise.reviewed_by, enterprise.reviewed_at, enterprise.review_note = actor, timezone.now(), note
    enterprise.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    # The decision event is named after the status it leads to (EnterpriseEvent.Action.VERIFIED, ...).
    _event(enterprise, actor, to_status, from_status=from_status, to_status=to_status, note=note)


def enterprise_verify(*, enterprise: Enterprise, actor: User, note: str = "") -> Enterprise:
    """A platform admin verifies a pending enterprise; its members may then publish and transact."""
    _require_staff(actor)
    with transaction.atomic():
        _decide(enterprise, actor, Enterprise.Status.VERIFIED, note)
        notify(
            recipients=_owners_and_admins(enterprise),
            notice=notifications.ENTERPRISE_VERIFIED,
            link=_enterprise_link(enterprise),
            name=enterprise.name_zh,
        )
    return enterprise


def enterprise_reject(*, enterprise: Enterprise, actor: User, reason: str) -> Enterprise:
    """A platform admin rejects a pending enterprise with a reason the owner can act on."""
    _require_staff(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for the rejection.")]})
    with transaction.atomic():
        _decide(enterprise, actor, Enterprise.Status.REJECTED, reason)
        notify(
            recipients=_owners_and_admins(enterprise),
            notice=notifications.ENTERPRISE_REJECTED,
            link=reverse("accounts:profile_edit"),
            name=enterprise.name_zh,
            reason=reason,
        )
    return enterprise


def enterprise_resubmit(*, enterprise: Enterprise, actor: User) -> Enterprise:
    """The owner or an administrator of a rejected enterprise sends it back for verification."""
    membership = require_membership(actor, manage=True)
    if membership.enterprise_id != enterprise.pk:
        raise NotPermitted(_("You can only resubmit your own enterprise."))
    with transaction.atomic():
        from_status = _transition(enterprise, Enterprise.Status.PENDING)
        enterprise.status = Enterprise.Status.PENDING
        enterprise.save(update_fields=["status", "updated_at"])
        _event(
            enterprise,
            actor,
            EnterpriseEvent.Action.RESUBMITTED,
            from_status=from_status,
            to_status="pending",
        )
        notify(
            recipients=_staff(),
            notice=notifications.ENTERPRISE_RESUBMITTED,
            link=reverse("admin:accounts_enterprise_change", args=[enterprise.pk]),
            name=enterprise.name_zh,
        )
    return enterprise


# ---------------------------------------------------------------------------------------------------
# Profile


def enterprise_update_profile(
    *, enterprise: Enterprise, actor: User, segments: Iterable[str] | None = None, **changes: Any
) -> Enterprise:
    """Owners and administrators edit their enterprise; the identity fields only until it is verified."""
    membership = require_membership(actor, manage=True)
    if membership.enterprise_id != enterprise.pk:
        raise NotPermitted(_("You can only edit your own enterprise."))
    allowed = set(PROFILE_FIELDS) | (set() if enterprise.is_verified else set(IDENTITY_FIELDS))
    frozen = set(changes) & set(IDENTITY_FIELDS) - allowed
    if frozen:
        raise ValidationError(
            {
                f: [_("This cannot be changed after verification; contact the platform office.")]
                for f in frozen
            }
        )
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"unexpected profile fields: {sorted(unknown)}")
    if "credit_code" in changes:
        changes["credit_code"] = normalize_credit_code(changes["credit_code"])
    chosen_segments = _validate_segments(segments) if segments is not None else None
    with transaction.atomic():
        locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.full_clean()
        locked.save()
        if chosen_segments is not None:
            _save_segments(locked, chosen_segments)
        changed = sorted(changes) + (["segments"] if chosen_segments is not None else [])
        _event(locked, actor, EnterpriseEvent.Action.PROFILE_UPDATED, note=", ".join(changed))
    return locked


def certification_add(
    *,
    enterprise: Enterprise,
    actor: User,
    standard: str,
    number: str = "",
    issuer: str = "",
    valid_until: Any = None,
) -> Certification:
    """Record a certificate the enterprise holds."""
    membership = require_membership(actor, manage=True)
    if membership.enterprise_id != enterprise.pk:
        raise NotPermitted(_("You can only edit your own enterprise."))
    certification = Certification(
        enterprise=enterprise,
        standard=standard.strip(),
        number=number.strip(),
        issuer=issuer.strip(),
        valid_until=valid_until,
    )
    certification.full_clean()
    certification.save()
    return certification


def certification_remove(*, certification: Certification, actor: User) -> None:
    """Delete a certificate of the actor's own enterprise."""
    membership = require_membership(actor, manage=True)
    if membership.enterprise_id != certification.enterprise_id:
        raise NotPermitted(_("You can only edit your own enterprise."))
    certification.delete()


# ---------------------------------------------------------------------------------------------------
# Members and invitations


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(token: str) -> str:
    """The path of the page where an invitation is accepted."""
    return reverse("accounts:invitation_accept", args=[token])


@dataclass(frozen=True)
class IssuedInvitation:
    """A new invitation and its one-time token (only its hash is stored)."""

    invitation: Invitation
    token: str


def invitation_create(
    *, enterprise: Enterprise, actor: User, email: str, role: str = "member"
) -> IssuedInvitation:
    """The owner or an administrator invites someone by e-mail; the link is valid for a fixed time."""
    from accounts.tasks import send_invitation_email

    membership = require_membership(actor, manage=True)
    if membership.enterprise_id != enterprise.pk:
        raise NotPermitted(_("You can only invite people to your own enterprise."))
    email = email.strip().lower()
    if role not in (Membership.Role.ADMIN, Membership.Role.MEMBER):
        raise ValidationError({"role": [_("You can only invite administrators or members.")]})
    if role == Membership.Role.ADMIN and membership.role != Membership.Role.OWNER:
        raise NotPermitted(_("Only the owner may invite administrators."))
    existing_user = User.objects.filter(email__iexact=email).first()
    if existing_user is not None and Membership.objects.filter(user=existing_user).exists():
        raise ValidationError({"email": [_("This person already belongs to an enterprise on the platform.")]})
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        enterprise=enterprise,
        email=email,
        role=role,
        token_hash=_token_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.full_clean(exclude=["token_hash"])
    with transaction.atomic():
        if Invitation.objects.filter(
            enterprise=enterprise, email=email, status=Invitation.Status.PENDING
        ).exists():
            raise ValidationError({"email": [_("An invitation to this address is already pending.")]})
        invitation.save()
        _event(enterprise, actor, EnterpriseEvent.Action.MEMBER_INVITED, note=f"{email} ({role})")
        outbox.enqueue(send_invitation_email, invitation.pk, invitation_link(token))
    return IssuedInvitation(invitation=invitation, token=token)


def _locked_invitation(invitation: Invitation, to_status: str) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if to_status not in Invitation.TRANSITIONS[locked.status]:
        raise TransitionNotAllowed(
            _("This invitation is %(status)s.") % {"status": locked.get_status_display().lower()}
        )
    return locked


def invitation_revoke(*, invitation: Invitation, actor: User) -> Invitation:
    """The owner or an administrator withdraws a pending invitation."""
    membership = require_membership(actor, manage=True)
    if membership.enterprise_id != invitation.enterprise_id:
        raise NotPermitted(_("You can only revoke invitations of your own enterprise."))
    with transaction.atomic():
        locked = _locked_invitation(invitation, Invitation.Status.REVOKED)
        locked.status = Invitation.Status.REVOKED
        locked.save(update_fields=["status", "updated_at"])
        _event(locked.enterprise, actor, EnterpriseEvent.Action.INVITATION_REVOKED, note=locked.email)
    return locked


def invitation_get_by_token(token: str) -> Invitation:
    """The pending, unexpired invitation a link points at, else a clear error."""
    invitation = Invitation.objects.select_related("enterprise").filter(token_hash=_token_hash(token)).first()
    if invitation is None:
        raise ApplicationError(_("This invitation link is not valid."), code="invitation_invalid")
    if invitation.status != Invitation.Status.PENDING:
        raise ApplicationError(
            _("This invitation is %(status)s.") % {"status": invitation.get_status_display().lower()},
            code="invitation_closed",
        )
    if invitation.expires_at <= timezone.now():
        raise ApplicationError(_("This invitation has expired."), code="invitation_expired")
    return invitation


def invitation_accept(
    *,
    token: str,
    user: User | None = None,
    full_name: str = "",
    password: str = "",
) -> Membership:
    """Join the enterprise of an invitation: signed in, or as a new account for the invited e-mail."""
    invitation = invitation_get_by_token(token)
    if user is not None and user.is_authenticated:
        if membership_of(user) is not None:
            raise ApplicationError(_("You already belong to an enterprise."), code="already_member")
        if user.email.lower() != invitation.email:
            raise NotPermitted(_("This invitation was sent to another e-mail address."))
        new_user = None
    else:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ApplicationError(
                _("An account with this e-mail exists: sign in first, then open the link again."),
                code="sign_in_required",
            )
        new_user = _validate_new_user(invitation.email, password, full_name)
    with transaction.atomic():
        locked = _locked_invitation(invitation, Invitation.Status.ACCEPTED)
        if new_user is not None:
            new_user.save()
            user = new_user
        assert user is not None  # noqa: S101 - one of the branches above set it
        membership = Membership.objects.create(user=user, enterprise=locked.enterprise, role=locked.role)
        locked.status, locked.accepted_by, locked.accepted_at = (
            Invitation.Status.ACCEPTED,
            user,
            timezone.now(),
        )
        locked.save(update_fields=["status", "accepted_by", "accepted_at", "updated_at"])
        _event(
            locked.enterprise,
            user,
            EnterpriseEvent.Action.MEMBER_JOINED,
            note=f"{user.email} ({locked.role})",
        )
        notify(
            recipients=[locked.invited_by],
            notice=notifications.MEMBER_JOINED,
            link=reverse("accounts:members"),
            who=str(user),
            name=locked.enterprise.name_zh,
        )
    return membership


def invitations_expire(*, now: Any = None) -> int:
    """Mark pending invitations past their expiry as expired (periodic task); returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        # Locked, so that an invitation accepted at this moment is either accepted or expired, not both.
        due = list(
            Invitation.objects.select_for_update().filter(
                status=Invitation.Status.PENDING, expires_at__lte=now
            )
        )
        Invitation.objects.filter(pk__in=[i.pk for i in due]).update(
            status=Invitation.Status.EXPIRED, updated_at=now
        )
        EnterpriseEvent.objects.bulk_create(
            EnterpriseEvent(
                enterprise_id=i.enterprise_id,
                action=EnterpriseEvent.Action.INVITATION_EXPIRED,
                from_status=Invitation.Status.PENDING,
                to_status=Invitation.Status.EXPIRED,
                note=i.email,
                created_at=now,
            )
            for i in due
        )
    return len(due)


def membership_remove(*, membership: Membership, actor: User) -> None:
    """The owner or an administrator removes a member; the owner cannot be removed."""
    actor_membership = require_membership(actor, manage=True)
    if actor_membership.enterprise_id != membership.enterprise_id:
        raise NotPermitted(_("You can only manage your own enterprise."))
    if membership.role == Membership.Role.OWNER:
        raise ApplicationError(_("The owner cannot be removed."), code="owner_required")
    if membership.role == Membership.Role.ADMIN and actor_membership.role != Membership.Role.OWNER:
        raise NotPermitted(_("Only the owner may remove administrators."))
    with transaction.atomic():
        _event(
            membership.enterprise, actor, EnterpriseEvent.Action.MEMBER_REMOVED, note=membership.user.email
        )
        membership.delete()


def idempotency_keys_purge(*, now: Any = None) -> int:
    """Delete the API's idempotency keys older than their lifetime; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
    deleted, _by_model = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
