"""The financing offers API: the catalogue of financial institutions' published offers, public to read.

Offers are funding supply listings, so writes go through the listings API; this is the enterprises'
catalogue with the filters of the offers page (`financing.filters.OfferFilter`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.throttling import AnonRateThrottle

from financing.api.offer_serializers import OfferSerializer
from financing.filters import OfferFilter, offers_catalogue
from listings.models import Listing


@extend_schema_view(
    list=extend_schema(
        summary="Financing offers",
        description=(
            "Published offers of verified financial institutions, newest first. `amount` and `term` keep "
            "the offers whose range holds the amount (CNY) and term (months) you need; `eligible=true` "
            "keeps those your enterprise may apply for (its theme, segments and province; ignored "
            "without an enterprise); `segment` and `province` keep those open to that segment or "
            "province; `sort` is newest, rate, decision or amount. Anyone may read them."
        ),
    ),
    retrieve=extend_schema(summary="A financing offer"),
)
class OfferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Listing]):
    """Financing offers: anyone reads them; members apply through `financing/applications`."""

    serializer_class = OfferSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = OfferFilter
    permission_classes = [AllowAny]

    def get_throttles(self) -> list[Any]:
        return [AnonRateThrottle()]

    def get_queryset(self) -> QuerySet[Listing]:
        # Unfiltered for `retrieve`: an offer withdrawn, expired or of another kind is a 404.
        return offers_catalogue()
