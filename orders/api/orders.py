"""The orders API: a buyer places an order on a product listing, the seller accepts or rejects it, and
both follow it to completion through POST actions. Only the two enterprises (and staff, read-only) see an
order; anyone else gets 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from accounts.api_views import current_user
from accounts.services import membership_of
from orders.api.order_serializers import (
    OrderCreateSerializer,
    OrderDetailSerializer,
    OrderNoteSerializer,
    OrderReasonSerializer,
    OrderSerializer,
)
from orders.models import Order
from orders.selectors import orders_visible_to
from orders.services import orders as services
from platform_site.api.filters import IdFilter
from platform_site.api.idempotency import IDEMPOTENCY_PARAMETER, run_once


class OrderFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter ships no types
    """`status`, `role` (buyer: orders you placed; seller: orders you received), `listing`."""

    status = django_filters.MultipleChoiceFilter(choices=Order.Status.choices)
    role = django_filters.ChoiceFilter(
        choices=[("buyer", "buyer"), ("seller", "seller")], method="filter_role", label="role"
    )
    listing = IdFilter(field_name="listing_id")

    class Meta:
        model = Order
        fields = ["status", "role", "listing"]

    def filter_role(self, queryset: QuerySet[Order], name: str, value: str) -> QuerySet[Order]:
        membership = membership_of(self.request.user)
        if membership is None:
            return queryset
        field = "buyer_id" if value == "buyer" else "seller_id"
        return queryset.filter(Q(**{field: membership.enterprise_id}))


class OrderViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Order],
):
    """Orders your enterprise placed or received, newest first.

    `POST` places an order (honours `Idempotency-Key`). The seller `accept`s or `reject`s a placed order;
    the buyer `cancel`s it until then. After acceptance either side `request-cancellation` and the other
    `confirm-cancellation` or `decline-cancellation`; the seller `ship`s and `mark-delivered`; the buyer
    `confirm-receipt`, which completes the order.
    """

    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, OrderingFilter]
    filterset_class = OrderFilter
    ordering_fields = ["created_at", "total", "status"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self) -> QuerySet[Order]:
        if getattr(self, "swagger_fake_view", False):  # Schema generation has no request user.
            return Order.objects.none()
        queryset = orders_visible_to(self.request.user)
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("events__actor")
        return queryset

    def get_serializer_class(self) -> type[Serializer[Any]]:
        if self.action == "create":
            return OrderCreateSerializer
        return OrderDetailSerializer if self.action == "retrieve" else OrderSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        membership = membership_of(self.request.user)
        return {
            **super().get_serializer_context(),
            "enterprise_id": membership.enterprise_id if membership is not None else None,
        }

    def _read(self, order: Order, code: int = status.HTTP_200_OK) -> Response:
        fresh = orders_visible_to(self.request.user).prefetch_related("events__actor").get(pk=order.pk)
        return Response(OrderDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(
        request=OrderCreateSerializer,
        responses={201: OrderDetailSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Place an order on a published product listing of another enterprise."""
        return run_once(request, lambda: self._place(request))

    def _place(self, request: Request) -> Response:
        data = OrderCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.order_place(
            actor=current_user(request),
            listing=data.validated_data["listing"],
            terms=data.terms(),
            match=data.validated_data.get("match"),
        )
        return self._read(order, status.HTTP_201_CREATED)

    def _act(
        self, request: Request, service: Callable[..., Order], body: type[Serializer[Any]] | None
    ) -> Response:
        params: dict[str, Any] = {}
        if body is not None:
            data = body(data=request.data)
            data.is_valid(raise_exception=True)
            params = dict(data.validated_data)
        order = service(order=self.get_object(), actor=current_user(request), **params)
        return self._read(order)

    @extend_schema(request=OrderNoteSerializer, responses=OrderDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        """The seller accepts a placed order; its quantity is committed against the listing (409 when
        fewer units are left)."""
        return self._act(request, services.order_accept, OrderNoteSerializer)

    @extend_schema(request=OrderReasonSerializer, responses=OrderDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """The seller rejects a placed order with a reason."""
        return self._act(request, services.order_reject, OrderReasonSerializer)

    @extend_schema(request=OrderReasonSerializer, responses=OrderDetailSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """The buyer cancels an order the seller has not answered yet."""
        return self._act(request, services.order_cancel, OrderReasonSerializer)

    @extend_schema(request=OrderReasonSerializer, responses=OrderDetailSerializer)
    @action(detail=True, methods=["post"], url_path="request-cancellation")
    def request_cancellation(self, request: Request, pk: str | None = None) -> Response:
        """Either side asks to cancel an accepted order; the other side answers."""
        return self._act(request, services.order_request_cancellation, OrderReasonSerializer)

    @extend_schema(request=None, responses=OrderDetailSerializer)
    @action(detail=True, methods=["post"], url_path="confirm-cancellation")
    def confirm_cancellation(self, request: Request, pk: str | None = None) -> Response:
        """The other side agrees: the order is cancelled and its quantity released."""
        return self._act(request, services.order_confirm_cancellation, None)

    @extend_schema(request=OrderNoteSerializer, responses=OrderDetailSerializer)
    @action(detail=True, methods=["post"], url_path="decline-cancellation")
    def decline_cancellation(self, request: Request, pk: str | None = None) -> Response:
        """The other side refuses the cancellation; the order stays accepted."""
        return self._act(request, services.order_decline_cancellation, OrderNoteSerializer)

    @extend_schema(request=OrderNoteSerializer, responses=OrderDetailSerializer)
    @action(detail=True, methods=["post"])
    def ship(self, request: Request, pk: str | None = None) -> Response:
        """The seller ships an accepted order (the note: carrier and tracking number)."""
        return self._act(request, services.order_ship, OrderNoteSerializer)

    @extend_schema(request=OrderNoteSerializer, responses=OrderDetailSerializer)
    @action(detail=True, methods=["post"], url_path="mark-delivered")
    def mark_delivered(self, request: Request, pk: str | None = None) -> Response:
        """The seller records delivery."""
        return self._act(request, services.order_mark_delivered, OrderNoteSerializer)

    @extend_schema(request=OrderNoteSerializer, responses=OrderDetailSerializer)
    @action(detail=True, methods=["post"], url_path="confirm-receipt")
    def confirm_receipt(self, request: Request, pk: str | None = None) -> Response:
        """The buyer confirms receipt, which completes the order."""
        return self._act(request, services.order_confirm_receipt, OrderNoteSerializer)
