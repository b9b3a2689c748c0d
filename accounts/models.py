"""Users, enterprises and their members, regions, invitations, the enterprise audit trail, notifications."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.credit_code import validate_credit_code
from accounts.taxonomy import Segment, Theme
from platform_site.models import TimeStampedModel, TransitionEvent


class UserManager(BaseUserManager["User"]):
    """Users are identified by e-mail, compared without regard to case."""

    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)

    def _create(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=email.strip().lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with an e-mail address; belongs to at most one enterprise."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()  # type: ignore[assignment,misc]  # e-mail, not username, identifies users

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name or self.email


class Region(models.Model):
    """A province-level division or a city (a Shanghai district counts as a city); code per GB/T 2260."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        CITY = "city", _("city")

    code = models.CharField(max_length=6, primary_key=True)
    name_zh = models.CharField(max_length=50)
    name_en = models.CharField(max_length=80)
    level = models.CharField(max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.display_name

    @property
    def province_code(self) -> str:
        return self.parent_id or self.code

    @property
    def display_name(self) -> str:
        """'安徽省 合肥市' or 'Hefei, Anhui' in the active language."""
        from django.utils.translation import get_language

        zh = (get_language() or "zh-hans").startswith("zh")
        own = self.name_zh if zh else self.name_en
        if self.parent_id is None:
            return own
        parent = self.parent
        assert parent is not None  # noqa: S101 - parent_id is set
        return f"{parent.name_zh} {own}" if zh else f"{own}, {parent.name_en}"


class Enterprise(TimeStampedModel):
    """An organisation on the platform, verified by platform admins before it may publish or transact."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    # The verification pipeline. A rejected enterprise corrects its profile and resubmits.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.PENDING: frozenset({Status.VERIFIED, Status.REJECTED}),
        Status.REJECTED: frozenset({Status.PENDING}),
        Status.VERIFIED: frozenset(),
    }

    name_zh = models.CharField(_("name (Chinese)"), max_length=100, validators=[MinLengthValidator(2)])
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        help_text=_("18 characters, GB 32100-2015."),
    )
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices, db_index=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("region")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    status = models.CharField(
        _("verification status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "verified", "rejected"]), name="enterprise_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(review_note=""), name="enterprise_rejection_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.name_zh

    @property
    def display_name(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    @property
    def segment_codes(self) -> list[str]:
        return [link.segment for link in self.segment_links.all()]

    def get_segments_display(self) -> list[str]:
        return [str(Segment(code).label) for code in self.segment_codes]


class EnterpriseSegment(models.Model):
    """One of the industry segments an enterprise works in (a link table, so both databases filter it)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="segment_links")
    segment = models.CharField(max_length=32, choices=Segment.choices, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "segment"], name="enterprise_segment_unique")
        ]

    def __str__(self) -> str:
        return self.segment


class Certification(TimeStampedModel):
    """A certificate an enterprise holds, such as IATF 16949; shown as expired after `valid_until`."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="certifications")
    standard = models.CharField(_("standard"), max_length=100)
    number = models.CharField(_("certificate number"), max_length=100, blank=True)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["standard"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self) -> str:
        return self.standard

    def is_expired(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.valid_until is not None and self.valid_until < today


class Membership(TimeStampedModel):
    """Ties a user to their one enterprise with a role."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Member")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"], condition=Q(role="owner"), name="membership_one_owner_per_enterprise"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.enterprise} ({self.role})"

    @property
    def can_manage(self) -> bool:
        """Owners and administrators manage the profile, members and invitations."""
        return self.role in (self.Role.OWNER, self.Role.ADMIN)


class Invitation(TimeStampedModel):
    """An invitation by e-mail to join an enterprise; the link carries a token whose hash is stored."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.PENDING: frozenset({Status.ACCEPTED, Status.REVOKED, Status.EXPIRED}),
        Status.ACCEPTED: frozenset(),
        Status.REVOKED: frozenset(),
        Status.EXPIRED: frozenset(),
    }

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=[
            (Membership.Role.ADMIN, Membership.Role.ADMIN.label),
            (Membership.Role.MEMBER, Membership.Role.MEMBER.label),
        ],
        default=Membership.Role.MEMBER,
    )
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "email"],
                condition=Q(status="pending"),
                name="invitation_one_pending_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.enterprise}"


class EnterpriseEvent(TransitionEvent):
    """The audit trail of an enterprise: registration, verification decisions, members joining and leaving."""

    class Action(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        RESUBMITTED = "resubmitted", _("Resubmitted for verification")
        PROFILE_UPDATED = "profile_updated", _("Profile updated")
        MEMBER_INVITED = "member_invited", _("Member invited")
        INVITATION_REVOKED = "invitation_revoked", _("Invitation revoked")
        INVITATION_EXPIRED = "invitation_expired", _("Invitation expired")
        MEMBER_JOINED = "member_joined", _("Member joined")
        MEMBER_REMOVED = "member_removed", _("Member removed")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=32, choices=Action.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("enterprise event")
        verbose_name_plural = _("enterprise events")

    def __str__(self) -> str:
        return f"{self.enterprise}: {self.action}"


class Notification(models.Model):
    """A message in a user's inbox, also sent by e-mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class IdempotencyKey(models.Model):
    """A creating API request an enterprise sent with an `Idempotency-Key` header, and its response.

    The same key with the same request replays the response; with another request it is refused.
    Rows older than `IDEMPOTENCY_KEY_HOURS` no longer count and are purged by a periodic task.
    """

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # SHA-256 of the method, path and body, so a changed request under the same key is recognised.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enterprise", "key"], name="idempotency_key_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {self.key}"
