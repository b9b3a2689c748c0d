"""The announcements API (`/api/v1/announcements/`): announcements, policies and news of the office.

Anyone reads the live items (no sign-in); staff read every item (drafts, scheduled, withdrawn), write
them, publish or withdraw them now and attach files. A member who tries to write gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission, IsAdminUser, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.throttling import AnonRateThrottle, BaseThrottle

from accounts.api_views import current_user
from information.api.news_serializers import (
    AnnouncementAttachmentSerializer,
    AnnouncementAttachmentUploadSerializer,
    AnnouncementDetailSerializer,
    AnnouncementSerializer,
    AnnouncementUploadSerializer,
    AnnouncementWriteSerializer,
)
from information.models import Announcement
from information.selectors import announcements_visible_to
from information.services import news as services

READ_ACTIONS = frozenset({"list", "retrieve"})
STAFF_ONLY = OpenApiResponse(description="Signed in, but not platform staff.")
NOT_FOUND = OpenApiResponse(description="No such item, or it is not live and you are not staff.")
BAD_INPUT = OpenApiResponse(
    description="Field errors, all at once: no Chinese title or text, an unpublish time not after the "
    "publish time, a file that is not a PDF or an image (by content), empty or too large; nothing is "
    "written."
)


class AnnouncementFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter ships no types
    """`category`: announcement, policy or news."""

    category = django_filters.ChoiceFilter(choices=Announcement.Category.choices)

    class Meta:
        model = Announcement
        fields = ["category"]


@extend_schema_view(
    list=extend_schema(
        summary="Announcements, policies and news",
        description="The live items, newest first (staff: every item, drafts and withdrawn ones too). "
        "`category` keeps one category. `title`, `summary` and `body` are in the request's language "
        "(`Accept-Language`), in Chinese where the English is missing. Anyone may read them.",
    ),
    retrieve=extend_schema(
        summary="An announcement, policy or news item",
        responses={200: AnnouncementDetailSerializer, 404: NOT_FOUND},
    ),
)
class AnnouncementViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Announcement]
):
    """Anyone reads the live items; staff write, `publish`, `unpublish` and add `attachments`."""

    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    filterset_class = AnnouncementFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_permissions(self) -> list[BasePermission]:
        if self.action in READ_ACTIONS:
            return [AllowAny()]
        return [IsAuthenticated(), IsAdminUser()]

    def get_throttles(self) -> list[BaseThrottle]:
        return [AnonRateThrottle()] if self.action in READ_ACTIONS else super().get_throttles()

    def get_queryset(self) -> QuerySet[Announcement]:
        queryset = announcements_visible_to(self.request.user)
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("attachments")
        return queryset

    def get_serializer_class(self) -> type[Serializer[Any]]:
        return AnnouncementDetailSerializer if self.action == "retrieve" else AnnouncementSerializer

    def _read(self, announcement: Announcement, code: int = status.HTTP_200_OK) -> Response:
        fresh = Announcement.objects.prefetch_related("attachments").get(pk=announcement.pk)
        return Response(
            AnnouncementDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code
        )

    @extend_schema(
        summary="Write an announcement, policy or news item",
        request={
            "application/json": AnnouncementWriteSerializer,
            "multipart/form-data": AnnouncementUploadSerializer,
        },
        responses={201: AnnouncementDetailSerializer, 400: BAD_INPUT, 403: STAFF_ONLY},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Staff write an item: a draft without `publish_at`, scheduled with a future one, live with a past
        one. Send multipart/form-data to attach files (`attachments`, repeated)."""
        data = AnnouncementUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        uploads = [(file, file.name) for file in fields.pop("attachments", [])]
        announcement = services.announcement_create(
            actor=current_user(request), attachments=uploads, **fields
        )
        return self._read(announcement, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change an announcement, policy or news item",
        request=AnnouncementWriteSerializer,
        responses={200: AnnouncementDetailSerializer, 400: BAD_INPUT, 403: STAFF_ONLY, 404: NOT_FOUND},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Staff change the fields they send (the times too: that reschedules the item)."""
        announcement = self.get_object()
        data = AnnouncementWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        announcement = services.announcement_update(
            announcement=announcement, actor=current_user(request), **data.validated_data
        )
        return self._read(announcement)

    def _act(self, request: Request, service: Callable[..., Announcement]) -> Response:
        announcement = service(announcement=self.get_object(), actor=current_user(request))
        return self._read(announcement)

    @extend_schema(
        summary="Publish now",
        request=None,
        responses={
            200: AnnouncementDetailSerializer,
            403: STAFF_ONLY,
            404: NOT_FOUND,
            409: OpenApiResponse(description="Already live."),
        },
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Show a draft, scheduled or withdrawn item from now on."""
        return self._act(request, services.announcement_publish)

    @extend_schema(
        summary="Withdraw now",
        request=None,
        responses={
            200: AnnouncementDetailSerializer,
            403: STAFF_ONLY,
            404: NOT_FOUND,
            409: OpenApiResponse(description="Neither live nor scheduled."),
        },
    )
    @action(detail=True, methods=["post"])
    def unpublish(self, request: Request, pk: str | None = None) -> Response:
        """Withdraw a live item now, or cancel the schedule of a future one (it becomes a draft)."""
        return self._act(request, services.announcement_unpublish)

    @extend_schema(
        summary="Attach a file",
        request={"multipart/form-data": AnnouncementAttachmentUploadSerializer},
        responses={201: AnnouncementAttachmentSerializer, 400: BAD_INPUT, 403: STAFF_ONLY, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        """Staff add a PDF or an image (checked by content) to the item."""
        announcement = self.get_object()
        data = AnnouncementAttachmentUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        file = data.validated_data["file"]
        attachment = services.announcement_attach(
            announcement=announcement, actor=current_user(request), file=file, name=file.name
        )
        return Response(AnnouncementAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)
