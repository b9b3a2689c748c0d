"""The quotes API: buyers open demands for quotes (`quote-requests`), suppliers quote on them (`quotes`),
and both sides take the transitions as POST actions.

An open request on a published listing is visible to every member (suppliers find it); a decided one
only to its buyer and the suppliers who quoted; a quote only to its two parties. Anything else is 404.
Staff read everything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from accounts.api_views import current_user
from accounts.services import membership_of
from orders import quote_selectors as selectors
from orders.api.quote_serializers import (
    AwardResultSerializer,
    AwardSerializer,
    QuoteAttachmentSerializer,
    QuoteAttachmentUploadSerializer,
    QuoteReasonSerializer,
    QuoteRequestOpenSerializer,
    QuoteRequestSerializer,
    QuoteReviseSerializer,
    QuoteRowSerializer,
    QuoteSerializer,
    QuoteSubmitSerializer,
    RepriceRequestSerializer,
    RepriceSerializer,
)
from orders.models import Quote, QuoteAttachment, QuoteRequest
from orders.services import quotes as services
from platform_site.api.filters import IdFilter
from platform_site.api.idempotency import IDEMPOTENCY_PARAMETER, IdempotentCreateMixin
from platform_site.api.schema import UPLOADED_FILE
from platform_site.errors import NotPermitted
from platform_site.uploads import file_response

ROLE_CHOICES = [("buyer", "buyer"), ("supplier", "supplier")]


def _enterprise_id(request: Request) -> int | None:
    membership = membership_of(request.user)
    return membership.enterprise_id if membership is not None else None


# ---------------------------------------------------------------------------------------------------
# Requests for quotes


class QuoteRequestFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter ships no types
    """`status`, `listing`, `role` (buyer: your enterprise's requests; supplier: those it quoted on)."""

    status = django_filters.MultipleChoiceFilter(choices=QuoteRequest.Status.choices)
    listing = IdFilter(field_name="listing_id")
    role = django_filters.ChoiceFilter(choices=ROLE_CHOICES, method="filter_role", label="role")

    class Meta:
        model = QuoteRequest
        fields = ["status", "listing", "role"]

    def filter_role(self, queryset: QuerySet[QuoteRequest], name: str, value: str) -> QuerySet[QuoteRequest]:
        mine = _enterprise_id(self.request)
        if value == "buyer":
            return queryset.filter(buyer_id=mine)
        quoted = Quote.objects.filter(request=OuterRef("pk"), supplier_id=mine)
        return queryset.filter(Exists(quoted))


@extend_schema_view(
    create=extend_schema(
        request=QuoteRequestOpenSerializer,
        responses={201: QuoteRequestSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
        description="Open a published product or technology demand of your enterprise for quotes "
        "(one request per listing; 409 if it already has one).",
    )
)
class QuoteRequestViewSet(
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[QuoteRequest],
):
    """Demands open for quotes.

    Members see every open request on a published listing, and the requests of their enterprise or
    that it quoted on in any status; staff see all. The buyer `POST`s to open one (honours
    `Idempotency-Key`), reads its quotes side by side at `quotes/`, and may `cancel` it.
    """

    serializer_class = QuoteRequestSerializer
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, OrderingFilter]
    filterset_class = QuoteRequestFilter
    ordering_fields = ["created_at", "deadline"]
    ordering = ["-created_at", "-id"]

    def create_once(self, request: Request) -> Response:
        data = QuoteRequestOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rfq = services.quote_request_open(actor=current_user(request), **data.validated_data)
        return self._read(rfq, status.HTTP_201_CREATED)

    def get_queryset(self) -> QuerySet[QuoteRequest]:
        if getattr(self, "swagger_fake_view", False):  # Schema generation has no request user.
            return QuoteRequest.objects.none()
        return selectors.quote_requests_visible_to(self.request.user)

    def get_serializer_class(self) -> type[Serializer[Any]]:
        return QuoteRequestOpenSerializer if self.action == "create" else QuoteRequestSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["enterprise_id"] = _enterprise_id(self.request)
        return context

    def _read(self, rfq: QuoteRequest, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.quote_request_queryset().get(pk=rfq.pk)
        return Response(
            QuoteRequestSerializer(fresh, context=self.get_serializer_context()).data, status=code
        )

    @extend_schema(request=QuoteReasonSerializer, responses=QuoteRequestSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """The buyer cancels an open or closed request; active quotes are not selected (suppliers told)."""
        data = QuoteReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rfq = services.quote_request_cancel(
            request=self.get_object(), actor=current_user(request), **data.validated_data
        )
        return self._read(rfq)

    @extend_schema(responses=QuoteRowSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def quotes(self, request: Request, pk: str | None = None) -> Response:
        """The quotes side by side (buyer and staff): price, total, lead time, region, certifications,
        match score, status; active ones first, cheapest total first."""
        rfq = self.get_object()
        if not request.user.is_staff and _enterprise_id(request) != rfq.buyer_id:
            raise NotPermitted(_("Only the buyer compares the quotes."))
        rows = selectors.quote_comparison(rfq)
        data = QuoteRowSerializer(cast(Any, rows), many=True, context=self.get_serializer_context()).data
        return Response(data)


# ---------------------------------------------------------------------------------------------------
# Quotes


class QuoteFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter ships no types
    """`status`, `request`, `role` (supplier: quotes you sent; buyer: quotes on your requests)."""

    status = django_filters.MultipleChoiceFilter(choices=Quote.Status.choices)
    request = IdFilter(field_name="request_id")
    role = django_filters.ChoiceFilter(choices=ROLE_CHOICES, method="filter_role", label="role")

    class Meta:
        model = Quote
        fields = ["status", "request", "role"]

    def filter_role(self, queryset: QuerySet[Quote], name: str, value: str) -> QuerySet[Quote]:
        mine = _enterprise_id(self.request)
        if value == "buyer":
            return queryset.filter(request__buyer_id=mine)
        return queryset.filter(supplier_id=mine)


@extend_schema_view(
    create=extend_schema(
        request=QuoteSubmitSerializer,
        responses={201: QuoteSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
        description="Quote on a request open for quotes; one quote per enterprise (409 on a second).",
    )
)
class QuoteViewSet(
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Quote],
):
    """Quotes your enterprise sent, and quotes on your enterprise's requests.

    The supplier `POST`s a quote (honours `Idempotency-Key`), may `revise` it once before the deadline,
    `withdraw` it, add `attachments`, and answer a `request-reprice` with `reprice` once. The buyer
    `shortlist`s and `unshortlist`s, may `request-reprice` once per quote, and `award`s one: it becomes
    an accepted order and every other active quote is not selected.
    """

    serializer_class = QuoteSerializer
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, OrderingFilter]
    filterset_class = QuoteFilter
    ordering_fields = ["created_at", "total", "unit_price", "lead_time_days"]
    ordering = ["-created_at", "-id"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def create_once(self, request: Request) -> Response:
        data = QuoteSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        params = dict(data.validated_data)
        # Any request once open was public, so a decided one is named as such (409 from the service)
        # rather than hidden behind "unknown".
        rfq = QuoteRequest.objects.filter(pk=params.pop("request")).first()
        if rfq is None:
            raise ValidationError({"request": [_("There is no such request for quotes.")]})
        quote = services.quote_submit(actor=current_user(request), request=rfq, **params)
        return self._read(quote, status.HTTP_201_CREATED)

    def get_queryset(self) -> QuerySet[Quote]:
        if getattr(self, "swagger_fake_view", False):
            return Quote.objects.none()
        return selectors.quotes_visible_to(self.request.user)

    def get_serializer_class(self) -> type[Serializer[Any]]:
        return QuoteSubmitSerializer if self.action == "create" else QuoteSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["enterprise_id"] = _enterprise_id(self.request)
        return context

    def _read(self, quote: Quote, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.quote_queryset().get(pk=quote.pk)
        return Response(QuoteSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    def _act(
        self, request: Request, service: Callable[..., Quote], body: type[Serializer[Any]] | None
    ) -> Response:
        params: dict[str, Any] = {}
        if body is not None:
            data = body(data=request.data)
            data.is_valid(raise_exception=True)
            params = dict(data.validated_data)
        return self._read(service(quote=self.get_object(), actor=current_user(request), **params))

    @extend_schema(request=QuoteReviseSerializer, responses=QuoteSerializer)
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: str | None = None) -> Response:
        """The supplier revises its quote, once, before the deadline (only the fields that change)."""
        return self._act(request, services.quote_revise, QuoteReviseSerializer)

    @extend_schema(request=QuoteReasonSerializer, responses=QuoteSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """The supplier withdraws its active quote."""
        return self._act(request, services.quote_withdraw, QuoteReasonSerializer)

    @extend_schema(request=None, responses=QuoteSerializer)
    @action(detail=True, methods=["post"])
    def shortlist(self, request: Request, pk: str | None = None) -> Response:
        """The buyer shortlists a submitted quote; the supplier is told."""
        return self._act(request, services.quote_shortlist, None)

    @extend_schema(request=None, responses=QuoteSerializer)
    @action(detail=True, methods=["post"])
    def unshortlist(self, request: Request, pk: str | None = None) -> Response:
        """The buyer takes a quote off the shortlist."""
        return self._act(request, services.quote_unshortlist, None)

    @extend_schema(request=RepriceRequestSerializer, responses=QuoteSerializer)
    @action(detail=True, methods=["post"], url_path="request-reprice", url_name="request-reprice")
    def request_reprice(self, request: Request, pk: str | None = None) -> Response:
        """The buyer asks the supplier for a revised price (once per quote)."""
        return self._act(request, services.quote_request_reprice, RepriceRequestSerializer)

    @extend_schema(request=RepriceSerializer, responses=QuoteSerializer)
    @action(detail=True, methods=["post"])
    def reprice(self, request: Request, pk: str | None = None) -> Response:
        """The supplier answers the buyer's request with a revised unit price (once; after the deadline
        too)."""
        return self._act(request, services.quote_reprice, RepriceSerializer)

    @extend_schema(request=AwardSerializer, responses=AwardResultSerializer)
    @action(detail=True, methods=["post"])
    def award(self, request: Request, pk: str | None = None) -> Response:
        """The buyer awards the quote: an accepted order is created (its id is returned), the other
        active quotes are not selected and their suppliers told, and the request is decided."""
        data = AwardSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.quote_award(
            quote=self.get_object(), actor=current_user(request), **data.validated_data
        )
        quote = selectors.quote_queryset().get(order=order)
        body = {
            "order": order.pk,
            "order_url": reverse("order-detail", args=[order.pk]),
            "quote": QuoteSerializer(quote, context=self.get_serializer_context()).data,
        }
        return Response(body, status=status.HTTP_200_OK)

    @extend_schema(methods=["GET"], responses=QuoteAttachmentSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": QuoteAttachmentUploadSerializer},
        responses={201: QuoteAttachmentSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        """The quote's files; the supplier adds one (PDF or image, checked by content) while the quote
        is active."""
        quote = self.get_object()
        if request.method == "POST":
            data = QuoteAttachmentUploadSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            upload = data.validated_data["file"]
            attachment = services.quote_add_attachment(
                quote=quote, actor=current_user(request), file=upload, name=upload.name
            )
            return Response(QuoteAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)
        return Response(QuoteAttachmentSerializer(quote.attachments.all(), many=True).data)

    @extend_schema(responses=UPLOADED_FILE)
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<attachment_id>\d+)/download",
        url_name="attachment-download",
        pagination_class=None,
        filter_backends=[],
    )
    def attachment_download(
        self, request: Request, pk: str | None = None, attachment_id: str = ""
    ) -> FileResponse:
        """A file of the quote, for its parties and staff."""
        attachment = get_object_or_404(QuoteAttachment, pk=attachment_id, quote=self.get_object())
        return file_response(
            attachment.file.open("rb"),
            content_type=attachment.content_type,
            filename=attachment.original_name,
            inline=attachment.content_type.startswith("image/"),
        )
