"""The matches API: enterprises read the approved matches of their listings and record contact; staff
review the queue (approve, reject, approve everything above a score).

A member's queryset holds only approved, current matches of the member's enterprise, so anything else is
a 404; the review actions are refused with 403 to anyone but staff before a match is looked up.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api_views import current_user
from accounts.permissions import IsStaff
from accounts.services import require_membership
from listings.models import Listing
from matching import selectors
from matching.filters import MatchFilter
from matching.models import Match, MatchEvent
from matching.serializers import (
    ApproveAboveResultSerializer,
    ApproveAboveSerializer,
    MatchNoteSerializer,
    MatchRejectSerializer,
    MatchSerializer,
)
from matching.services import review

STAFF_ACTIONS = frozenset({"approve", "reject", "approve_above"})
ORDERING_FIELDS = ["score", "created_at", "reviewed_at", "contacted_at"]


def _scoped(request: Request) -> QuerySet[Match]:
    """Every match for staff; for a member, the approved, current matches of their enterprise."""
    if not request.user.is_staff:
        require_membership(request.user)  # 403 with a reason for a user without an enterprise
    return selectors.matches_visible_to(request.user)


class MatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Match]):
    """Matches between supply and demand listings, best first.

    Members see the approved matches of their enterprise's listings (either side) and `contact` the
    other side. Platform admins see every match, filter the review queue (`?status=proposed&stale=false`,
    by segment, kind, province, score and age), `approve` or `reject` one, or `approve-above` a score.
    """

    serializer_class = MatchSerializer
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = MatchFilter
    ordering_fields = ORDERING_FIELDS
    ordering = ["-score", "-id"]

    def get_permissions(self) -> list[Any]:
        return [IsStaff()] if self.action in STAFF_ACTIONS else [IsAuthenticated()]

    def get_queryset(self) -> QuerySet[Match]:
        if getattr(self, "swagger_fake_view", False):  # Schema generation has no request user.
            return Match.objects.none()
        return _scoped(self.request)

    def _read(self, match: Match) -> Response:
        fresh = selectors.match_queryset().get(pk=match.pk)
        return Response(MatchSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=MatchNoteSerializer, responses=MatchSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Approve a proposed match (staff): both enterprises see it and are notified."""
        data = MatchNoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        match = review.match_approve(
            match=self.get_object(), actor=current_user(request), **data.validated_data
        )
        return self._read(match)

    @extend_schema(request=MatchRejectSerializer, responses=MatchSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """Reject a proposed match with a note (staff); a rematch never proposes it again."""
        data = MatchRejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        match = review.match_reject(
            match=self.get_object(), actor=current_user(request), **data.validated_data
        )
        return self._read(match)

    @extend_schema(request=None, responses=MatchSerializer)
    @action(detail=True, methods=["post"])
    def contact(self, request: Request, pk: str | None = None) -> Response:
        """Record that your enterprise contacted the other side (the first time counts)."""
        match = review.match_record_step(
            match=self.get_object(), actor=current_user(request), step=MatchEvent.Action.CONTACTED
        )
        return self._read(match)

    @extend_schema(request=ApproveAboveSerializer, responses=ApproveAboveResultSerializer, filters=True)
    @action(detail=False, methods=["post"], url_path="approve-above", url_name="approve-above")
    def approve_above(self, request: Request) -> Response:
        """Approve every pending, current match scoring at least `min_score` (staff), within the
        list's filters given as query parameters (`?segment=power_battery`)."""
        data = ApproveAboveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        count = review.matches_approve_above(
            actor=current_user(request),
            queryset=self.filter_queryset(self.get_queryset()),
            **data.validated_data,
        )
        return Response(ApproveAboveResultSerializer({"count": count}).data, status=status.HTTP_200_OK)


@extend_schema_view(
    get=extend_schema(
        parameters=[OpenApiParameter("listing_id", int, OpenApiParameter.PATH, description="A listing id.")]
    )
)
class ListingMatchesView(generics.ListAPIView[Match]):
    """The matches of one listing: the approved, current ones for its enterprise, all of them for staff.

    Anyone else gets 404, whether or not the listing exists.
    """

    serializer_class = MatchSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = MatchFilter
    ordering_fields = ORDERING_FIELDS
    ordering = ["-score", "-id"]

    def get_queryset(self) -> QuerySet[Match]:
        if getattr(self, "swagger_fake_view", False):
            return Match.objects.none()
        listing = Listing.objects.only("pk", "enterprise_id").filter(pk=self.kwargs["listing_id"]).first()
        if listing is None or not selectors.can_see_matches_of(listing, self.request.user):
            raise NotFound
        return selectors.matches_of_listing(listing, self.request.user)
