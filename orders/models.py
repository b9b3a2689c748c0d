"""Business between two enterprises: orders on supply listings, quotes on demand listings (RFQ), licence
and talent engagement requests, and the message thread of each.

Statuses change only through the services in `orders.services`; each change writes an event row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Enterprise, Region
from accounts.taxonomy import bilingual
from listings.choices import TransferMode
from listings.models import Listing
from matching.models import Match
from platform_site.models import TimeStampedModel, TransitionEvent

# ---------------------------------------------------------------------------------------------------
# Orders


class Order(TimeStampedModel):
    """A buyer's order on a seller's listing: placed on a supply listing, or created accepted when the
    buyer awards a quote on their demand listing."""

    class Status(models.TextChoices):
        PLACED = "placed", _("Placed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.PLACED: frozenset({Status.ACCEPTED, Status.REJECTED, Status.CANCELLED, Status.EXPIRED}),
        # After acceptance a cancellation needs both sides: one requests, the other confirms.
        Status.ACCEPTED: frozenset({Status.SHIPPED, Status.CANCELLED}),
        # The buyer's confirmation of receipt completes a shipped order even if the seller never
        # marked it delivered.
        Status.SHIPPED: frozenset({Status.DELIVERED, Status.COMPLETED}),
        Status.DELIVERED: frozenset({Status.COMPLETED}),
        Status.REJECTED: frozenset(),
        Status.COMPLETED: frozenset(),
        Status.CANCELLED: frozenset(),
        Status.EXPIRED: frozenset(),
    }
    # Statuses in which the ordered quantity is committed against the listing.
    COMMITTED = frozenset({Status.ACCEPTED, Status.SHIPPED, Status.DELIVERED, Status.COMPLETED})
    OPEN = frozenset({Status.PLACED, Status.ACCEPTED, Status.SHIPPED, Status.DELIVERED})

    listing = models.ForeignKey(
        Listing, on_delete=models.PROTECT, related_name="orders", verbose_name=_("listing")
    )
    buyer = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="orders_placed", verbose_name=_("buyer")
    )
    seller = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="orders_received", verbose_name=_("seller")
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where the order came from, if not straight from the catalogue.
    match = models.ForeignKey(Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders")
    quote = models.OneToOneField(
        "Quote", null=True, blank=True, on_delete=models.PROTECT, related_name="order"
    )

    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    unit_price = models.DecimalField(_("unit price (CNY)"), max_digits=18, decimal_places=2)
    total = models.DecimalField(_("total (CNY)"), max_digits=18, decimal_places=2)
    delivery_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("delivery region")
    )
    delivery_address = models.CharField(_("delivery address"), max_length=300)
    requested_delivery_date = models.DateField(_("requested delivery date"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLACED, db_index=True
    )
    reject_reason = models.TextField(_("reason for rejection"), blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)  # rejected, cancelled or expired
    # A pending request to cancel an accepted order: which side asked, when and why.
    cancel_requested_by = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_requested_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [
            models.Index(fields=["buyer", "status", "-created_at"], name="order_buyer_idx"),
            models.Index(fields=["seller", "status", "-created_at"], name="order_seller_idx"),
            models.Index(fields=["listing", "status"], name="order_listing_idx"),
            models.Index(fields=["status", "created_at"], name="order_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "placed",
                        "accepted",
                        "rejected",
                        "shipped",
                        "delivered",
                        "completed",
                        "cancelled",
                        "expired",
                    ]
                ),
                name="order_status_valid",
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_quantity_positive"),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0) & Q(total__gte=0), name="order_amounts_not_negative"
            ),
            models.CheckConstraint(condition=~Q(buyer=F("seller")), name="order_not_with_oneself"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""), name="order_rejection_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.listing_id} × {self.quantity}"

    def party_of(self, enterprise_id: int | None) -> str:
        """ "buyer", "seller" or "" for an enterprise looking at the order."""
        if enterprise_id == self.buyer_id:
            return "buyer"
        if enterprise_id == self.seller_id:
            return "seller"
        return ""


class OrderEvent(TransitionEvent):
    """The timeline of an order: every transition, with actor, time, from, to and note."""

    class Action(models.TextChoices):
        PLACED = "placed", _("Order placed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")
        CANCELLATION_REQUESTED = "cancellation_requested", _("Cancellation requested")
        CANCELLATION_DECLINED = "cancellation_declined", _("Cancellation declined")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        COMPLETED = "completed", _("Receipt confirmed; completed")
        EXPIRED = "expired", _("Expired without acceptance")
        AWARDED = "awarded", _("Created from an awarded quote")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=32, choices=Action.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("order event")
        verbose_name_plural = _("order events")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.action}"


# ---------------------------------------------------------------------------------------------------
# Quotations on demand listings (RFQ)


class QuoteRequest(TimeStampedModel):
    """A demand listing opened for quotes by its owner, until a deadline or a number of quotes."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for quotes")
        CLOSED = "closed", _("Closed")
        AWARDED = "awarded", _("Awarded")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS: dict[str, frozenset[str]] = {
        # Closed (deadline or cap reached) still lets the buyer compare and award.
        Status.OPEN: frozenset({Status.CLOSED, Status.AWARDED, Status.CANCELLED}),
        Status.CLOSED: frozenset({Status.AWARDED, Status.CANCELLED}),
        Status.AWARDED: frozenset(),
        Status.CANCELLED: frozenset(),
    }

    listing = models.OneToOneField(
        Listing, on_delete=models.PROTECT, related_name="quote_request", verbose_name=_("demand listing")
    )
    buyer = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="quote_requests", verbose_name=_("buyer")
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deadline = models.DateTimeField(_("quotes due by"))
    max_quotes = models.PositiveSmallIntegerField(_("maximum number of quotes"), default=10)
    instructions = models.TextField(_("instructions to suppliers"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("request for quotes")
        verbose_name_plural = _("requests for quotes")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed", "awarded", "cancelled"]),
                name="quote_request_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(max_quotes__gte=1, max_quotes__lte=50), name="quote_request_cap_1_to_50"
            ),
        ]

    def __str__(self) -> str:
        return f"RFQ {self.listing_id}"

    @property
    def accepting_quotes(self) -> bool:
        return self.status == self.Status.OPEN and self.deadline > timezone.now()


class Quote(TimeStampedModel):
    """A supplier's offer on a request for quotes; one per supplier, revised at most once by the
    supplier and repriced at most once when the buyer asks."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        AWARDED = "awarded", _("Awarded")
        NOT_SELECTED = "not_selected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.SUBMITTED: frozenset(
            {Status.SHORTLISTED, Status.AWARDED, Status.NOT_SELECTED, Status.WITHDRAWN}
        ),
        Status.SHORTLISTED: frozenset(
            {Status.SUBMITTED, Status.AWARDED, Status.NOT_SELECTED, Status.WITHDRAWN}
        ),
        Status.AWARDED: frozenset(),
        Status.NOT_SELECTED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }
    ACTIVE = frozenset({Status.SUBMITTED, Status.SHORTLISTED})

    request = models.ForeignKey(QuoteRequest, on_delete=models.CASCADE, related_name="quotes")
    supplier = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("supplier")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    match = models.ForeignKey(Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes")

    unit_price = models.DecimalField(_("unit price (CNY)"), max_digits=18, decimal_places=2)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    total = models.DecimalField(_("total (CNY)"), max_digits=18, decimal_places=2)
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"))
    valid_until = models.DateField(_("valid until"))
    terms = models.TextField(_("terms"), max_length=4000, blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    # The supplier's own revision before the deadline (one allowed).
    revised_at = models.DateTimeField(null=True, blank=True)
    # The buyer's request for a better price (once per quote) and the supplier's answer.
    reprice_requested_at = models.DateTimeField(null=True, blank=True)
    reprice_note = models.TextField(_("request for a revised price"), blank=True)
    repriced_at = models.DateTimeField(null=True, blank=True)
    previous_unit_price = models.DecimalField(null=True, blank=True, max_digits=18, decimal_places=2)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["unit_price", "id"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        indexes = [models.Index(fields=["supplier", "status"], name="quote_supplier_idx")]
        constraints = [
            models.UniqueConstraint(fields=["request", "supplier"], name="quote_one_per_supplier"),
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "shortlisted", "awarded", "not_selected", "withdrawn"]),
                name="quote_status_valid",
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="quote_quantity_positive"),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0) & Q(total__gte=0), name="quote_amounts_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"Quote {self.pk} on {self.request_id}"


class QuoteAttachment(models.Model):
    """A file a supplier adds to a quote (a drawing, a certificate), checked like listing attachments."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("quote attachment")
        verbose_name_plural = _("quote attachments")

    def __str__(self) -> str:
        return self.original_name


class QuoteEvent(TransitionEvent):
    """The trail of a request for quotes and its quotes (`quote` empty for the request's own steps)."""

    class Action(models.TextChoices):
        OPENED = "opened", _("Opened for quotes")
        CLOSED = "closed", _("Closed for quotes")
        CANCELLED = "cancelled", _("Request cancelled")
        SUBMITTED = "submitted", _("Quote submitted")
        REVISED = "revised", _("Quote revised")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        UNSHORTLISTED = "unshortlisted", _("Removed from the shortlist")
        REPRICE_REQUESTED = "reprice_requested", _("Revised price requested")
        REPRICED = "repriced", _("Price revised")
        AWARDED = "awarded", _("Awarded")
        NOT_SELECTED = "not_selected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    request = models.ForeignKey(QuoteRequest, on_delete=models.CASCADE, related_name="events")
    quote = models.ForeignKey(Quote, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=32, choices=Action.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("quote event")
        verbose_name_plural = _("quote events")

    def __str__(self) -> str:
        return f"{self.request_id}/{self.quote_id}: {self.action}"


# ---------------------------------------------------------------------------------------------------
# Technology licence and talent engagement requests


class EngagementMode(models.TextChoices):
    """How talent on a talent listing is engaged."""

    RECRUITMENT = "recruitment", bilingual("招聘", "Recruitment")
    SECONDMENT = "secondment", bilingual("借调", "Secondment")
    PROJECT = "project", bilingual("项目合作", "Project work")
    TRAINING = "training", bilingual("培训", "Training")


class LicenceRequest(TimeStampedModel):
    """A request to license or take over a technology, or to engage talent, from the listing's holder.

    `kind` says which: a technology listing takes a `licence` request (mode: a transfer mode), a talent
    listing an `engagement` request (mode: an engagement mode). An accepted request records the terms
    both sides agreed.
    """

    class Kind(models.TextChoices):
        LICENCE = "licence", _("Technology licence or transfer")
        ENGAGEMENT = "engagement", _("Talent engagement")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.REQUESTED: frozenset({Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN}),
        Status.ACCEPTED: frozenset(),
        Status.DECLINED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }
    MODES = {Kind.LICENCE: TransferMode, Kind.ENGAGEMENT: EngagementMode}

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="licence_requests")
    requester = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="licence_requests_made",
        verbose_name=_("requester"),
    )
    holder = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="licence_requests_received",
        verbose_name=_("holder"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    match = models.ForeignKey(
        Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="licence_requests"
    )

    mode = models.CharField(_("mode"), max_length=24)
    proposed_fee = models.DecimalField(
        _("proposed fee (CNY)"), null=True, blank=True, max_digits=18, decimal_places=2
    )
    field_of_use = models.CharField(_("field of use"), max_length=300, blank=True)
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    message = models.TextField(_("message"), max_length=4000, blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    # The terms both sides agreed, recorded on acceptance.
    agreed_fee = models.DecimalField(
        _("agreed fee (CNY)"), null=True, blank=True, max_digits=18, decimal_places=2
    )
    agreed_field_of_use = models.CharField(_("agreed field of use"), max_length=300, blank=True)
    agreed_term_months = models.PositiveSmallIntegerField(_("agreed term (months)"), null=True, blank=True)
    agreed_terms = models.TextField(_("agreed terms"), max_length=4000, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("licence or talent request")
        verbose_name_plural = _("licence and talent requests")
        indexes = [
            models.Index(fields=["requester", "status"], name="licence_req_requester_idx"),
            models.Index(fields=["holder", "status"], name="licence_req_holder_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["licence", "engagement"]), name="licence_req_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["requested", "accepted", "declined", "withdrawn"]),
                name="licence_req_status_valid",
            ),
            models.CheckConstraint(condition=~Q(requester=F("holder")), name="licence_req_not_with_oneself"),
            models.CheckConstraint(
                condition=(Q(proposed_fee__isnull=True) | Q(proposed_fee__gte=0))
                & (Q(agreed_fee__isnull=True) | Q(agreed_fee__gte=0)),
                name="licence_req_fee_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="licence_req_decline_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} request {self.pk} on {self.listing_id}"


class LicenceRequestEvent(TransitionEvent):
    """The trail of a licence or talent request."""

    class Action(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    licence_request = models.ForeignKey(LicenceRequest, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=32, choices=Action.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("licence request event")
        verbose_name_plural = _("licence request events")

    def __str__(self) -> str:
        return f"{self.licence_request_id}: {self.action}"


# ---------------------------------------------------------------------------------------------------
# Conversation


class Message(models.Model):
    """One message in the thread of an order, a quote or a licence request, with at most one file.

    Exactly one of `order`, `quote` and `licence_request` is set (a constraint says so).
    """

    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.CASCADE, related_name="messages")
    quote = models.ForeignKey(Quote, null=True, blank=True, on_delete=models.CASCADE, related_name="messages")
    licence_request = models.ForeignKey(
        LicenceRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
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
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.CheckConstraint(
                condition=Q(order__isnull=False, quote__isnull=True, licence_request__isnull=True)
                | Q(order__isnull=True, quote__isnull=False, licence_request__isnull=True)
                | Q(order__isnull=True, quote__isnull=True, licence_request__isnull=False),
                name="message_in_one_thread",
            ),
            models.CheckConstraint(condition=~Q(body="") | ~Q(file=""), name="message_not_empty"),
        ]

    def __str__(self) -> str:
        return self.body[:40] or self.file_name
