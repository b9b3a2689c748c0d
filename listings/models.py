"""Supply and demand listings, their certifications, attachments, audit trail and saved searches."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Enterprise, Region
from accounts.taxonomy import Segment
from listings.choices import Instrument, Kind, Side, TextLanguage, TransferMode
from platform_site.models import TimeStampedModel, TransitionEvent


def _non_negative(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0})


def _positive(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": 0})


def _ordered(low: str, high: str) -> Q:
    return Q(**{f"{low}__isnull": True}) | Q(**{f"{high}__isnull": True}) | Q(**{f"{low}__lte": F(high)})


class Listing(TimeStampedModel):
    """What an enterprise offers (supply) or looks for (demand): a product, technology, talent or funding.

    Prices are CNY. For supply they are the unit price range (per `unit` when one is given); for demand
    they are the budget. Kind-specific details are plain columns with a prefix (tech_, talent_,
    funding_) so that they are validated, constrained and filterable like any other field; a
    constraint keeps them empty on listings of the other kinds.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING_REVIEW = "pending_review", _("Pending review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        CLOSED = "closed", _("Closed")
        EXPIRED = "expired", _("Expired")

    # The moderation pipeline. A rejected or expired listing is edited and submitted again; a material
    # edit sends a published one back to review; closing is final.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.DRAFT: frozenset({Status.PENDING_REVIEW}),
        Status.PENDING_REVIEW: frozenset({Status.PUBLISHED, Status.REJECTED, Status.CLOSED}),
        Status.REJECTED: frozenset({Status.PENDING_REVIEW, Status.CLOSED}),
        Status.PUBLISHED: frozenset({Status.CLOSED, Status.EXPIRED, Status.PENDING_REVIEW}),
        Status.EXPIRED: frozenset({Status.PENDING_REVIEW, Status.CLOSED}),
        Status.CLOSED: frozenset(),
    }

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="listings", verbose_name=_("enterprise")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    side = models.CharField(_("side"), max_length=8, choices=Side.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=120, validators=[MinLengthValidator(4)])
    description = models.TextField(_("description"), max_length=5000, blank=True)
    segment = models.CharField(_("industry segment"), max_length=32, choices=Segment.choices)
    category = models.CharField(
        _("category"), max_length=60, help_text=_("What it is, in a few words: 电芯, wire harness, BMS.")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    # The region's province, kept on the row so that the catalogue filters and counts by it cheaply.
    province = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False)
    language = models.CharField(_("language of the text"), max_length=8, choices=TextLanguage.choices)

    quantity = models.DecimalField(_("quantity"), null=True, blank=True, max_digits=14, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=20, blank=True, help_text=_("件, 套, 吨, pcs, sets ..."))
    # Ordered units the seller has accepted (orders.services); what is left to order is quantity minus
    # this, and a constraint keeps it from going below zero.
    quantity_committed = models.DecimalField(
        _("quantity committed to orders"), max_digits=14, decimal_places=3, default=0, editable=False
    )
    min_order_quantity = models.DecimalField(
        _("minimum order quantity"), null=True, blank=True, max_digits=14, decimal_places=3
    )
    price_min = models.DecimalField(
        _("lowest price (CNY)"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    price_max = models.DecimalField(
        _("highest price (CNY)"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    price_negotiable = models.BooleanField(_("price negotiable"), default=False)
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"), null=True, blank=True)
    deadline = models.DateField(_("needed by"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"))

    tech_patents = models.TextField(
        _("patent numbers"), blank=True, help_text=_("One per line, e.g. ZL202010123456.X or CN112345678A.")
    )
    tech_trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    tech_transfer_mode = models.CharField(
        _("transfer mode"), max_length=24, choices=TransferMode.choices, blank=True
    )
    tech_field = models.CharField(_("field of application"), max_length=200, blank=True)

    talent_headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)
    talent_skills = models.CharField(
        _("skills"), max_length=500, blank=True, help_text=_("Separated by commas.")
    )
    talent_experience_years = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True, validators=[MaxValueValidator(50)]
    )
    talent_salary_min = models.DecimalField(
        _("lowest monthly salary (CNY)"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    talent_salary_max = models.DecimalField(
        _("highest monthly salary (CNY)"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    talent_work_region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("work region"),
    )

    funding_amount = models.DecimalField(
        _("amount (CNY)"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    funding_term_months = models.PositiveSmallIntegerField(
        _("term (months)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(360)]
    )
    funding_instrument = models.CharField(
        _("instrument"), max_length=24, choices=Instrument.choices, blank=True
    )
    # A financing offer's product terms (funding supply): the amount runs from `funding_amount` to
    # `funding_amount_max` and the term from `funding_term_months` to `funding_term_max_months`. The
    # eligibility lists hold codes between commas (",power_battery,electric_drive,"), so that one
    # `__contains` filter answers "is this segment eligible" on PostgreSQL and SQLite alike; empty means
    # every theme, segment or province.
    funding_amount_max = models.DecimalField(
        _("highest amount (CNY)"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    funding_term_max_months = models.PositiveSmallIntegerField(
        _("longest term (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(360)],
    )
    funding_rate_min = models.DecimalField(
        _("lowest annual rate or fee (%)"), null=True, blank=True, max_digits=5, decimal_places=2
    )
    funding_rate_max = models.DecimalField(
        _("highest annual rate or fee (%)"), null=True, blank=True, max_digits=5, decimal_places=2
    )
    funding_eligible_themes = models.CharField(_("eligible enterprise types"), max_length=200, blank=True)
    funding_eligible_segments = models.CharField(_("eligible industry segments"), max_length=400, blank=True)
    funding_eligible_provinces = models.CharField(_("eligible provinces"), max_length=400, blank=True)
    funding_required_documents = models.CharField(_("documents required"), max_length=300, blank=True)
    funding_decision_days = models.PositiveSmallIntegerField(
        _("typical decision time (days)"), null=True, blank=True, validators=[MaxValueValidator(365)]
    )

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    expiry_warned_at = models.DateTimeField(null=True, blank=True)

    # Search tokens (listings.search.text): segmented Chinese, normalised English, alias keys. On
    # PostgreSQL a generated tsvector column with a GIN index is built from them (migration 0002).
    search_title = models.TextField(blank=True, editable=False)
    search_body = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        indexes = [
            models.Index(fields=["status", "side", "kind"], name="listing_catalogue_idx"),
            models.Index(fields=["status", "segment"], name="listing_segment_idx"),
            models.Index(fields=["status", "province"], name="listing_province_idx"),
            models.Index(fields=["status", "-published_at"], name="listing_newest_idx"),
            models.Index(fields=["status", "price_min"], name="listing_price_idx"),
            models.Index(fields=["status", "valid_until"], name="listing_validity_idx"),
            models.Index(fields=["enterprise", "status"], name="listing_owner_idx"),
            # The latest change keys the cached catalogue facets (listings.search.facets).
            models.Index(fields=["updated_at"], name="listing_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=["draft", "pending_review", "published", "rejected", "closed", "expired"]
                ),
                name="listing_status_valid",
            ),
            models.CheckConstraint(condition=Q(side__in=Side.values), name="listing_side_valid"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="listing_kind_valid"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(review_note=""), name="listing_rejection_has_reason"
            ),
            models.CheckConstraint(
                condition=_non_negative("price_min") & _non_negative("price_max"),
                name="listing_price_not_negative",
            ),
            models.CheckConstraint(
                condition=_ordered("price_min", "price_max"), name="listing_price_ordered"
            ),
            models.CheckConstraint(
                condition=_positive("quantity") & _positive("min_order_quantity"),
                name="listing_quantity_positive",
            ),
            models.CheckConstraint(
                condition=_ordered("min_order_quantity", "quantity"), name="listing_moq_within_quantity"
            ),
            models.CheckConstraint(
                condition=Q(quantity_committed__gte=0)
                & (Q(quantity__isnull=True) | Q(quantity_committed__lte=F("quantity"))),
                name="listing_not_oversold",
            ),
            models.CheckConstraint(
                condition=Q(side="supply") | Q(lead_time_days__isnull=True), name="listing_lead_time_supply"
            ),
            models.CheckConstraint(
                condition=Q(side="demand") | Q(deadline__isnull=True), name="listing_deadline_demand"
            ),
            models.CheckConstraint(
                condition=Q(tech_trl__isnull=True) | Q(tech_trl__gte=1, tech_trl__lte=9),
                name="listing_trl_1_to_9",
            ),
            models.CheckConstraint(
                condition=_non_negative("talent_salary_min")
                & _non_negative("talent_salary_max")
                & _ordered("talent_salary_min", "talent_salary_max")
                & _positive("talent_headcount"),
                name="listing_talent_valid",
            ),
            models.CheckConstraint(
                condition=_positive("funding_amount") & _positive("funding_term_months"),
                name="listing_funding_positive",
            ),
            models.CheckConstraint(
                condition=_ordered("funding_amount", "funding_amount_max")
                & _ordered("funding_term_months", "funding_term_max_months")
                & _ordered("funding_rate_min", "funding_rate_max")
                & (Q(funding_rate_min__isnull=True) | Q(funding_rate_min__gte=0, funding_rate_min__lte=100))
                & (Q(funding_rate_max__isnull=True) | Q(funding_rate_max__gte=0, funding_rate_max__lte=100)),
                name="listing_funding_terms_valid",
            ),
            models.CheckConstraint(
                condition=Q(side="supply")
                | Q(
                    funding_amount_max__isnull=True,
                    funding_term_max_months__isnull=True,
                    funding_rate_min__isnull=True,
                    funding_rate_max__isnull=True,
                    funding_eligible_themes="",
                    funding_eligible_segments="",
                    funding_eligible_provinces="",
                    funding_required_documents="",
                    funding_decision_days__isnull=True,
                ),
                name="listing_offer_terms_only_supply",
            ),
            models.CheckConstraint(
                condition=Q(kind="technology")
                | Q(tech_patents="", tech_trl__isnull=True, tech_transfer_mode="", tech_field=""),
                name="listing_tech_details_only_technology",
            ),
            models.CheckConstraint(
                condition=Q(kind="talent")
                | Q(
                    talent_headcount__isnull=True,
                    talent_skills="",
                    talent_experience_years__isnull=True,
                    talent_salary_min__isnull=True,
                    talent_salary_max__isnull=True,
                    talent_work_region__isnull=True,
                ),
                name="listing_talent_details_only_talent",
            ),
            models.CheckConstraint(
                condition=Q(kind="funding")
                | Q(
                    funding_amount__isnull=True,
                    funding_term_months__isnull=True,
                    funding_instrument="",
                    funding_amount_max__isnull=True,
                    funding_term_max_months__isnull=True,
                    funding_rate_min__isnull=True,
                    funding_rate_max__isnull=True,
                    funding_eligible_themes="",
                    funding_eligible_segments="",
                    funding_eligible_provinces="",
                    funding_required_documents="",
                    funding_decision_days__isnull=True,
                ),
                name="listing_funding_details_only_funding",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_supply(self) -> bool:
        return self.side == Side.SUPPLY

    @property
    def quantity_available(self) -> Decimal | None:
        """What is left to order; None when the listing states no quantity."""
        return None if self.quantity is None else self.quantity - self.quantity_committed

    @staticmethod
    def _codes(value: str) -> list[str]:
        return [code for code in value.split(",") if code]

    @property
    def eligible_themes(self) -> list[str]:
        return self._codes(self.funding_eligible_themes)

    @property
    def eligible_segments(self) -> list[str]:
        return self._codes(self.funding_eligible_segments)

    @property
    def eligible_provinces(self) -> list[str]:
        return self._codes(self.funding_eligible_provinces)

    @property
    def required_documents(self) -> list[str]:
        return self._codes(self.funding_required_documents)

    @property
    def patent_numbers(self) -> list[str]:
        return [line.strip() for line in self.tech_patents.splitlines() if line.strip()]

    @property
    def skills(self) -> list[str]:
        return [s.strip() for s in self.talent_skills.replace("，", ",").split(",") if s.strip()]


class ListingCertification(models.Model):
    """A certificate a supplier holds, or one a buyer requires (and may make mandatory)."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="certifications")
    standard = models.CharField(_("standard"), max_length=100)
    mandatory = models.BooleanField(_("mandatory"), default=False)

    class Meta:
        ordering = ["standard"]
        verbose_name = _("listing certification")
        verbose_name_plural = _("listing certifications")
        constraints = [
            models.UniqueConstraint(fields=["listing", "standard"], name="listing_certification_unique")
        ]
        indexes = [
            models.Index(fields=["standard"], name="listing_cert_standard_idx"),
            # The certification filter compares case-insensitively; this index also gives the
            # planner statistics of UPPER(standard), without which it guessed 1% for any standard.
            models.Index(Upper("standard"), name="listing_cert_upper_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.standard}{' *' if self.mandatory else ''}"


class ListingAttachment(models.Model):
    """An image or PDF of a listing, stored under a generated name; confidential ones are restricted."""

    class FileKind(models.TextChoices):
        IMAGE = "image", _("Image")
        PDF = "pdf", _("PDF")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=64)
    file_kind = models.CharField(max_length=8, choices=FileKind.choices)
    size = models.PositiveIntegerField()
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Shown only to your enterprise and to parties of an approved match or an order."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class ListingEvent(TransitionEvent):
    """The audit trail of a listing: every transition and edit, with actor, time and note."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", _("Approved and published")
        REJECTED = "rejected", _("Rejected")
        RETURNED_TO_REVIEW = "returned_to_review", _("Edited; back to review")
        CLOSED = "closed", _("Closed")
        EXPIRED = "expired", _("Expired")
        EXPIRY_WARNED = "expiry_warned", _("Owner warned of expiry")
        ATTACHMENT_ADDED = "attachment_added", _("Attachment added")
        ATTACHMENT_REMOVED = "attachment_removed", _("Attachment removed")
        IMPORTED = "imported", _("Imported")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=32, choices=Action.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("listing event")
        verbose_name_plural = _("listing events")

    def __str__(self) -> str:
        return f"{self.listing_id}: {self.action}"


class SavedSearch(TimeStampedModel):
    """A member's catalogue search, kept to be run again and to be told of new listings that match."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("search text"), max_length=200, blank=True)
    # Catalogue filter parameters, validated by listings.filters.ListingFilter before they are saved.
    filters = models.JSONField(default=dict, blank=True)
    notify = models.BooleanField(_("notify me of new matches"), default=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self) -> str:
        return self.name


class SavedSearchHit(models.Model):
    """A published listing a saved search was told about; unique, so a redelivered task notifies once."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="hits")
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "listing"], name="saved_search_hit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.saved_search_id} -> {self.listing_id}"
