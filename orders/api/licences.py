"""The licence and talent requests API: `licence-requests` on technology listings and `talent-requests`
on talent listings, one viewset class parameterised by the kind of request.

A member reads the requests their enterprise sent or received (anyone else's are a 404); staff read
every request but take no action (the services refuse anyone outside the two enterprises).
"""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api_views import current_user
from accounts.services import membership_of
from orders.api.licence_serializers import (
    LicenceRequestAcceptSerializer,
    LicenceRequestCreateSerializer,
    LicenceRequestDeclineSerializer,
    LicenceRequestSerializer,
    LicenceRequestWithdrawSerializer,
    TalentRequestCreateSerializer,
)
from orders.models import LicenceRequest, LicenceRequestEvent
from orders.services import licences
from platform_site.api.filters import IdFilter
from platform_site.api.idempotency import IdempotentCreateMixin

Kind = LicenceRequest.Kind
REFUSED = OpenApiResponse(
    description="Not a member of a verified enterprise, or the wrong side (staff read only)."
)
NOT_FOUND = OpenApiResponse(description="No such request, or your enterprise is not a party of it.")
NOT_NOW = OpenApiResponse(description="The request is no longer pending.")


def _action_responses(bad_input: str) -> dict[int, Any]:
    return {
        200: LicenceRequestSerializer,
        400: OpenApiResponse(description=bad_input),
        403: REFUSED,
        404: NOT_FOUND,
        409: NOT_NOW,
    }


def _create_responses() -> dict[int, Any]:
    return {
        201: LicenceRequestSerializer,
        400: OpenApiResponse(
            description="Field errors (mode, fee, term, headcount, start date), a listing of the wrong kind, "
            "or your own listing; nothing is created."
        ),
        403: REFUSED,
        409: OpenApiResponse(
            description="The listing is not published, or your enterprise has a pending request on it."
        ),
        422: OpenApiResponse(description="The Idempotency-Key was used for a different request."),
    }


ROLE_CHOICES = [("requester", _("Sent by my enterprise")), ("holder", _("Received by my enterprise"))]


class LicenceRequestFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter ships no types
    """`role` (requester: sent by your enterprise; holder: received), `status`, `listing`."""

    role = django_filters.ChoiceFilter(choices=ROLE_CHOICES, method="filter_role", label=_("Your side"))
    status = django_filters.ChoiceFilter(choices=LicenceRequest.Status.choices)
    listing = IdFilter(field_name="listing_id", label=_("Listing id"))

    class Meta:
        model = LicenceRequest
        fields = ["role", "status", "listing"]

    def filter_role(
        self, queryset: QuerySet[LicenceRequest], name: str, value: str
    ) -> QuerySet[LicenceRequest]:
        membership = membership_of(self.request.user)
        if membership is None:  # staff: neither side
            return queryset
        return queryset.filter(**{f"{value}_id": membership.enterprise_id})


class _RequestViewSet(
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[LicenceRequest],
):
    """The requests of one kind that your enterprise sent or received; see the subclasses."""

    kind: ClassVar[str]
    create_serializer: ClassVar[type[serializers.Serializer[Any]]]
    serializer_class = LicenceRequestSerializer
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = LicenceRequestFilter
    ordering_fields = ["created_at", "decided_at", "proposed_fee"]
    ordering = ["-created_at", "-id"]

    def create_once(self, request: Request) -> Response:
        data = self.create_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = licences.licence_request_create(
            actor=current_user(request), kind=self.kind, **data.validated_data
        )
        return self._read(created, status.HTTP_201_CREATED)

    def get_queryset(self) -> QuerySet[LicenceRequest]:
        if getattr(self, "swagger_fake_view", False):  # Schema generation has no request user.
            return LicenceRequest.objects.none()
        timeline = LicenceRequestEvent.objects.select_related("actor").order_by("created_at", "id")
        return (
            licences.licence_requests_visible_to(self.request.user)
            .filter(kind=self.kind)
            .prefetch_related(Prefetch("events", queryset=timeline))
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        membership = membership_of(self.request.user)
        context["enterprise_id"] = membership.enterprise_id if membership is not None else None
        return context

    def _read(self, request: LicenceRequest, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=request.pk)
        return Response(
            LicenceRequestSerializer(fresh, context=self.get_serializer_context()).data, status=code
        )

    @extend_schema(
        request=LicenceRequestAcceptSerializer,
        responses=_action_responses("A negative fee or a term out of range."),
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        """The holder accepts; the agreed fee, field of use and term default to the proposed ones."""
        data = LicenceRequestAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        accepted = licences.licence_request_accept(
            request=self.get_object(), actor=current_user(request), **data.validated_data
        )
        return self._read(accepted)

    @extend_schema(request=LicenceRequestDeclineSerializer, responses=_action_responses("No reason given."))
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        """The holder declines, with a reason the requester reads."""
        data = LicenceRequestDeclineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        declined = licences.licence_request_decline(
            request=self.get_object(), actor=current_user(request), **data.validated_data
        )
        return self._read(declined)

    @extend_schema(
        request=LicenceRequestWithdrawSerializer, responses=_action_responses("A reason too long.")
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """The requester takes back a request the holder has not answered."""
        data = LicenceRequestWithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        withdrawn = licences.licence_request_withdraw(
            request=self.get_object(), actor=current_user(request), **data.validated_data
        )
        return self._read(withdrawn)


@extend_schema_view(
    create=extend_schema(request=LicenceRequestCreateSerializer, responses=_create_responses())
)
class LicenceRequestViewSet(_RequestViewSet):
    """Requests for a licence or transfer of a technology listing.

    A member of a verified enterprise requests one on another enterprise's published technology supply
    (mode, proposed fee, field of use, term); the holder `accept`s, recording the agreed terms, or
    `decline`s with a reason; the requester may `withdraw` while it is pending. `?role=requester|holder`
    and `?status=` filter the list.
    """

    kind = Kind.LICENCE
    create_serializer = LicenceRequestCreateSerializer


@extend_schema_view(
    create=extend_schema(request=TalentRequestCreateSerializer, responses=_create_responses())
)
class TalentRequestViewSet(_RequestViewSet):
    """Requests to engage the people offered on a talent listing (recruitment, secondment, project work,
    training), with headcount and start date; answered like licence requests."""

    kind = Kind.ENGAGEMENT
    create_serializer = TalentRequestCreateSerializer
