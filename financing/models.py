"""Financing connection: applications of enterprises to financial institutions, with their documents,
trail and conversation.

A financing offer is a published funding supply listing of a financial institution; its product terms
(amount and term ranges, rates, eligibility, documents required, decision time) are the listing's
`funding_*` columns, so the catalogue and the matching engine read them like any listing detail.
Statuses change only through `financing.services`; each change writes an `ApplicationEvent`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Enterprise
from listings.choices import FinancingDocument
from listings.models import Listing
from matching.models import Match
from orders.models import Order
from platform_site.models import TimeStampedModel, TransitionEvent


class FinancingApplication(TimeStampedModel):
    """An enterprise asks a financial institution for funds: on one of its offers, directly, or with an
    accepted order as evidence (order or receivables financing, at most the order's value)."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("Financing")
        ORDER = "order_financing", _("Order financing")
        RECEIVABLES = "receivables_financing", _("Receivables financing")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        DISBURSED = "disbursed", _("Disbursed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.SUBMITTED: frozenset({Status.UNDER_REVIEW, Status.DECLINED, Status.WITHDRAWN}),
        Status.UNDER_REVIEW: frozenset({Status.APPROVED, Status.DECLINED, Status.WITHDRAWN}),
        Status.APPROVED: frozenset({Status.DISBURSED}),
        Status.DECLINED: frozenset(),
        Status.DISBURSED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }
    # Before a decision: the applicant may still withdraw, the institution still decide.
    PENDING = frozenset({Status.SUBMITTED, Status.UNDER_REVIEW})

    applicant = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="financing_applications",
        verbose_name=_("applicant"),
    )
    institution = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="financing_applications_received",
        verbose_name=_("financial institution"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    offer = models.ForeignKey(
        Listing,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="financing_applications",
        verbose_name=_("financing offer"),
    )
    order = models.ForeignKey(
        Order,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="financing_applications",
        verbose_name=_("order as evidence"),
    )
    match = models.ForeignKey(Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.GENERAL)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=16, decimal_places=2)
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    purpose = models.TextField(_("purpose"), max_length=4000)
    # The applicant's explicit consent to share its enterprise profile with the institution.
    consent_at = models.DateTimeField(_("consent to share the profile given"))

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    # The institution's open question, answered in the conversation.
    info_requested_at = models.DateTimeField(null=True, blank=True)
    info_request = models.TextField(_("information requested"), blank=True)
    info_answered_at = models.DateTimeField(null=True, blank=True)
    # The decision.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    approved_amount = models.DecimalField(
        _("approved amount (CNY)"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    approved_rate = models.DecimalField(
        _("annual rate or fee (%)"), null=True, blank=True, max_digits=5, decimal_places=2
    )
    approved_term_months = models.PositiveSmallIntegerField(
        _("approved term (months)"), null=True, blank=True
    )
    conditions = models.TextField(_("conditions"), max_length=4000, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    disbursed_at = models.DateTimeField(null=True, blank=True)
    disbursed_amount = models.DecimalField(
        _("disbursed amount (CNY)"), null=True, blank=True, max_digits=16, decimal_places=2
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("financing application")
        verbose_name_plural = _("financing applications")
        indexes = [
            models.Index(fields=["applicant", "status"], name="fin_app_applicant_idx"),
            models.Index(fields=["institution", "status", "created_at"], name="fin_app_institution_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=["submitted", "under_review", "approved", "declined", "disbursed", "withdrawn"]
                ),
                name="fin_app_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["general", "order_financing", "receivables_financing"]),
                name="fin_app_kind_valid",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="fin_app_amount_positive"),
            models.CheckConstraint(
                condition=Q(term_months__gte=1, term_months__lte=360), name="fin_app_term_1_to_360"
            ),
            models.CheckConstraint(
                condition=(Q(approved_amount__isnull=True) | Q(approved_amount__gt=0))
                & (Q(disbursed_amount__isnull=True) | Q(disbursed_amount__gt=0))
                & (Q(approved_rate__isnull=True) | Q(approved_rate__gte=0, approved_rate__lte=100)),
                name="fin_app_decision_valid",
            ),
            models.CheckConstraint(condition=~Q(applicant=F("institution")), name="fin_app_not_with_oneself"),
            models.CheckConstraint(
                condition=Q(kind="general") | Q(order__isnull=False), name="fin_app_order_kinds_have_order"
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="fin_app_decline_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class ApplicationDocument(models.Model):
    """A document an applicant uploads (an image or PDF, checked by content), of a kind an offer asks for."""

    application = models.ForeignKey(FinancingApplication, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=32, choices=FinancingDocument.choices)
    file = models.FileField(max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "created_at", "id"]
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")

    def __str__(self) -> str:
        return self.original_name


class ApplicationEvent(TransitionEvent):
    """The timeline of an application."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REVIEW_STARTED = "review_started", _("Review started")
        INFO_REQUESTED = "info_requested", _("More information requested")
        INFO_ANSWERED = "info_answered", _("Information provided")
        DOCUMENT_ADDED = "document_added", _("Document added")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        DISBURSED = "disbursed", _("Disbursed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    application = models.ForeignKey(FinancingApplication, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=32, choices=Action.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.action}"


class ApplicationMessage(models.Model):
    """One message of an application's conversation between the applicant and the institution."""

    application = models.ForeignKey(FinancingApplication, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender_enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"), max_length=5000, blank=True)
    file = models.FileField(max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_content_type = models.CharField(max_length=64, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("application message")
        verbose_name_plural = _("application messages")
        constraints = [
            models.CheckConstraint(condition=~Q(body="") | ~Q(file=""), name="fin_message_not_empty")
        ]

    def __str__(self) -> str:
        return self.body[:40] or self.file_name
