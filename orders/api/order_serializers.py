"""API serializers of orders: an order as its two parties read it, the order form, the actions' bodies.

`status` and the transition times are read-only; they change through the actions (`/orders/{id}/accept/`).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Enterprise
from accounts.serializers import RegionCodeField
from listings.models import Listing
from matching.models import Match
from orders.models import Order, OrderEvent
from orders.services.orders import OrderTerms, order_actions

# Listings one may name in an order: those that were public at some point (a clear 409 then says why
# a closed or expired one takes no orders); drafts and listings under review stay unknown.
ORDERABLE_LOOKUP = Listing.objects.filter(
    status__in=[Listing.Status.PUBLISHED, Listing.Status.CLOSED, Listing.Status.EXPIRED]
)


class PartySerializer(serializers.ModelSerializer[Enterprise]):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = Enterprise
        fields = ["id", "name"]
        read_only_fields = fields


class OrderEventSerializer(serializers.ModelSerializer[OrderEvent]):
    actor = serializers.CharField(source="actor.__str__", read_only=True, default="")
    action_display = serializers.CharField(source="get_action_display", read_only=True)

    class Meta:
        model = OrderEvent
        fields = ["action", "action_display", "from_status", "to_status", "note", "actor", "created_at"]
        read_only_fields = fields


class OrderSerializer(serializers.ModelSerializer[Order]):
    """An order: what, how many, at what price, between whom, where to, and how far it has come."""

    listing_title = serializers.CharField(source="listing.title", read_only=True)
    buyer = PartySerializer(read_only=True)
    seller = PartySerializer(read_only=True)
    delivery_region_name = serializers.CharField(source="delivery_region.display_name", read_only=True)
    your_side = serializers.SerializerMethodField(help_text="buyer, seller, or '' for staff.")
    actions = serializers.SerializerMethodField(help_text="The actions your enterprise may take now.")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = [
            "id",
            "listing",
            "listing_title",
            "buyer",
            "seller",
            "your_side",
            "match",
            "quote",
            "quantity",
            "unit",
            "unit_price",
            "total",
            "delivery_region",
            "delivery_region_name",
            "delivery_address",
            "requested_delivery_date",
            "note",
            "status",
            "reject_reason",
            "cancel_requested_by",
            "cancel_requested_at",
            "cancel_reason",
            "created_at",
            "accepted_at",
            "shipped_at",
            "delivered_at",
            "completed_at",
            "closed_at",
            "actions",
            "url",
        ]
        read_only_fields = fields

    def _enterprise_id(self) -> int | None:
        enterprise_id: int | None = self.context.get("enterprise_id")
        return enterprise_id

    def get_your_side(self, order: Order) -> str:
        return order.party_of(self._enterprise_id())

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, order: Order) -> list[str]:
        return order_actions(order, self._enterprise_id())

    def get_url(self, order: Order) -> str:
        return reverse("orders:order_detail", args=[order.pk])


class OrderDetailSerializer(OrderSerializer):
    """An order with its timeline."""

    events = OrderEventSerializer(many=True, read_only=True)

    class Meta(OrderSerializer.Meta):
        fields = [*OrderSerializer.Meta.fields, "events"]
        read_only_fields = fields


class OrderCreateSerializer(serializers.Serializer[Any]):
    """An order on a published product listing. Without `unit_price` the listing's single price is
    taken; a listing with a price range needs one within it (or any, if the price is negotiable)."""

    listing = serializers.PrimaryKeyRelatedField(queryset=ORDERABLE_LOOKUP)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    unit_price = serializers.DecimalField(max_digits=18, decimal_places=2, required=False, allow_null=True)
    delivery_region = RegionCodeField()
    delivery_address = serializers.CharField(max_length=300)
    requested_delivery_date = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    match = serializers.PrimaryKeyRelatedField(
        queryset=Match.objects.select_related("supply", "demand"), required=False, allow_null=True
    )

    def terms(self) -> OrderTerms:
        data = self.validated_data
        return OrderTerms(
            quantity=data["quantity"],
            unit_price=data.get("unit_price"),
            delivery_region=data["delivery_region"],
            delivery_address=data["delivery_address"],
            requested_delivery_date=data.get("requested_delivery_date"),
            note=data.get("note", ""),
        )


class OrderReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class OrderNoteSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
