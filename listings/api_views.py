"""The listings API: the catalogue with search and facets, owners' writes, moderation, files, bulk."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from accounts.api_views import current_user
from accounts.permissions import IsStaff
from accounts.services import require_membership
from listings import bulk, saved_searches, selectors, services
from listings.access import prime_confidential, visible_attachment, visible_attachments
from listings.attachments import attachment_add, attachment_remove, attachment_response
from listings.cards import listing_cards
from listings.filters import ListingFilter
from listings.models import Listing, ListingAttachment, SavedSearch
from listings.pagination import CataloguePagination
from listings.search.facets import catalogue_facets, facets
from listings.serializers import (
    AttachmentSerializer,
    AttachmentUploadSerializer,
    FacetsSerializer,
    ImportResultSerializer,
    ImportSerializer,
    ListingSerializer,
    ListingUpdateSerializer,
    ListingWriteSerializer,
    NoteSerializer,
    ReasonSerializer,
    SavedSearchSerializer,
)
from platform_site.api.schema import UPLOADED_FILE, file_responses

FILE_FORMAT = OpenApiParameter("file_format", str, OpenApiParameter.PATH, enum=["csv", "xlsx"])
PUBLIC_ACTIONS = ("list", "retrieve", "facets", "attachment_download")


# PATCH answers the listing like PUT does (the mixin's partial_update calls update).
@extend_schema_view(
    partial_update=extend_schema(request=ListingUpdateSerializer, responses=ListingSerializer)
)
class ListingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Listing],
):
    """Supply and demand listings.

    Everyone browses published listings (search with `q`, filter, sort, `facets/` for counts). Members
    of verified enterprises create drafts, edit and `submit` them, and `close` their own; `?mine=true`
    lists their enterprise's listings in every status. Platform admins `approve` or `reject` listings
    under review (`?status=pending_review` lists the queue for them).
    """

    filter_backends = [DjangoFilterBackend]
    filterset_class = ListingFilter
    pagination_class = CataloguePagination
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def _public(self) -> bool:
        # Reading a listing's attachments is as public as the listing; uploading is not.
        return self.action in PUBLIC_ACTIONS or (
            self.action == "attachments" and self.request.method == "GET"
        )

    def get_permissions(self) -> list[Any]:
        if self._public():
            return [AllowAny()]
        if self.action in ("approve", "reject"):
            return [IsStaff()]
        return [IsAuthenticated()]

    def get_throttles(self) -> list[Any]:
        return [AnonRateThrottle()] if self._public() else super().get_throttles()

    def _mine(self) -> bool:
        return self.request.query_params.get("mine", "").lower() in ("1", "true", "yes")

    def _catalogue(self) -> bool:
        """Whether a list or facets request reads the public catalogue (not staff's any-status view)."""
        staff_view = self.request.user.is_staff and self.request.query_params.get("status")
        return not (self._mine() or staff_view)

    def get_queryset(self) -> QuerySet[Listing]:
        if getattr(self, "swagger_fake_view", False):  # Schema generation has no request user.
            return Listing.objects.none()
        user = self.request.user
        if self.action in ("list", "facets", "export"):
            if self._mine() or self.action == "export":
                if not user.is_authenticated:
                    raise NotAuthenticated
                return selectors.listing_owned_by(require_membership(user).enterprise_id)
            if not self._catalogue():
                return selectors.listing_queryset()
            return selectors.listing_catalogue()
        return selectors.listing_visible_to(user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "create":
            return ListingWriteSerializer
        if self.action in ("update", "partial_update"):
            return ListingUpdateSerializer
        return ListingSerializer

    def _read(self, listing: Listing, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.listing_queryset().get(pk=listing.pk)
        return Response(ListingSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(
        parameters=[OpenApiParameter("mine", bool, description="Your enterprise's listings in every status.")]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The result window is a list of ids, counted, ranked and sorted without loading a listing;
        # only the page's rows are loaded, with their enterprise, regions and certifications. The
        # filters run on a queryset without a card's joins and prefetches, which every filter copies.
        catalogue = self.get_queryset().select_related(None).prefetch_related(None)
        filterset = DjangoFilterBackend().get_filterset(request, catalogue, self)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        page = self.paginate_queryset(filterset.results())  # ids, not rows
        assert page is not None  # noqa: S101 - the viewset always paginates
        # Read as the window was, so that a listing closed or sent back to review in between drops out
        # (its new state is not the catalogue's to show).
        rows = self.get_queryset().in_bulk(page)
        listings = [rows[pk] for pk in page if pk in rows]
        prime_confidential(listings, request.user)  # the grants for the page at once, not per card
        data = listing_cards(listings, ListingSerializer(context=self.get_serializer_context()))
        return self.get_paginated_response(data)

    @extend_schema(request=ListingWriteSerializer, responses={201: ListingSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ListingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        listing = services.listing_create(actor=current_user(request), **data.to_service_kwargs())
        return self._read(listing, status.HTTP_201_CREATED)

    @extend_schema(request=ListingUpdateSerializer, responses=ListingSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        listing = self.get_object()
        data = ListingUpdateSerializer(data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        listing = services.listing_update(
            listing=listing, actor=current_user(request), **data.to_service_kwargs()
        )
        return self._read(listing)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.listing_delete(listing=self.get_object(), actor=current_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- transitions ------------------------------------------------------------------------------

    @extend_schema(request=None, responses=ListingSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._read(services.listing_submit(listing=self.get_object(), actor=current_user(request)))

    @extend_schema(request=NoteSerializer, responses=ListingSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        listing = services.listing_approve(
            listing=self.get_object(), actor=current_user(request), **data.validated_data
        )
        return self._read(listing)

    @extend_schema(request=ReasonSerializer, responses=ListingSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        listing = services.listing_reject(
            listing=self.get_object(), actor=current_user(request), **data.validated_data
        )
        return self._read(listing)

    @extend_schema(request=NoteSerializer, responses=ListingSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        listing = services.listing_close(
            listing=self.get_object(), actor=current_user(request), **data.validated_data
        )
        return self._read(listing)

    # --- facets -----------------------------------------------------------------------------------

    @extend_schema(responses=FacetsSerializer)
    @action(detail=False, methods=["get"])
    def facets(self, request: Request) -> Response:
        """Counts per value of each facet, under the same parameters as the list."""
        params = ListingFilter(request.query_params, queryset=Listing.objects.none(), request=request)
        if not params.is_valid():
            raise ValidationError(params.errors)
        if self._catalogue():
            counts = catalogue_facets(request.query_params, request)
        else:
            counts = facets(request.query_params, self.get_queryset(), request=request)
        return Response(
            FacetsSerializer({name: [vars(v) for v in values] for name, values in counts.items()}).data
        )

    # --- attachments ------------------------------------------------------------------------------

    @extend_schema(methods=["GET"], responses=AttachmentSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        listing = self.get_object()
        if request.method == "POST":
            data = AttachmentUploadSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            upload = data.validated_data["file"]
            attachment = attachment_add(
                listing=listing,
                actor=current_user(request),
                file=upload,
                name=upload.name,
                confidential=data.validated_data["confidential"],
            )
            return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)
        return Response(AttachmentSerializer(visible_attachments(listing, request.user), many=True).data)

    def _attachment(self, attachment_id: str) -> ListingAttachment:
        return visible_attachment(self.get_object(), attachment_id, self.request.user)

    @extend_schema(responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"attachments/(?P<attachment_id>\d+)")
    def attachment_delete(self, request: Request, pk: str | None = None, attachment_id: str = "") -> Response:
        attachment_remove(attachment=self._attachment(attachment_id), actor=current_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=UPLOADED_FILE)
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<attachment_id>\d+)/download",
        url_name="attachment-download",
    )
    def attachment_download(
        self, request: Request, pk: str | None = None, attachment_id: str = ""
    ) -> FileResponse:
        return attachment_response(self._attachment(attachment_id))

    # --- bulk -------------------------------------------------------------------------------------

    @extend_schema(
        request={"multipart/form-data": ImportSerializer},
        responses={
            201: ImportResultSerializer,
            400: OpenApiResponse(description="Row errors; nothing imported."),
        },
    )
    @action(detail=False, methods=["post"], url_path="import", url_name="import")
    def import_file(self, request: Request) -> Response:
        """Create listings from a CSV or XLSX file: all of them, or none with every row's errors."""
        data = ImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = bulk.listings_import(
            actor=current_user(request),
            file=data.validated_data["file"],
            submit=data.validated_data["submit"],
        )
        return Response(
            {"created": len(created), "ids": [x.pk for x in created]}, status=status.HTTP_201_CREATED
        )

    @extend_schema(parameters=[FILE_FORMAT], responses=file_responses(*bulk.CONTENT_TYPES.values()))
    @action(
        detail=False,
        methods=["get"],
        url_path="import-template/(?P<file_format>csv|xlsx)",
        url_name="import-template",
    )
    def import_template(self, request: Request, file_format: str = "csv") -> HttpResponse:
        """The import layout with commented examples (rows whose first cell starts with # are ignored)."""
        return _download(bulk.import_template(file_format), file_format, "chainmatch-listings-template")

    @extend_schema(parameters=[FILE_FORMAT], responses=file_responses(*bulk.CONTENT_TYPES.values()))
    @action(detail=False, methods=["get"], url_path="export/(?P<file_format>csv|xlsx)", url_name="export")
    def export(self, request: Request, file_format: str = "csv") -> HttpResponse:
        """Your enterprise's listings (filtered like the list) in the import layout."""
        listings = self.filter_queryset(self.get_queryset()).order_by("-id")
        return _download(
            bulk.listings_export(listings=listings, file_format=file_format), file_format, "my-listings"
        )


def _download(content: bytes, file_format: str, stem: str) -> HttpResponse:
    response = HttpResponse(content, content_type=bulk.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class SavedSearchViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[SavedSearch],
):
    """Your saved catalogue searches; you are notified when a newly published listing matches one."""

    serializer_class = SavedSearchSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[SavedSearch]:
        if getattr(self, "swagger_fake_view", False):
            return SavedSearch.objects.none()
        return selectors.saved_searches_of(self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = SavedSearchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = saved_searches.saved_search_create(user=current_user(request), **data.validated_data)
        return Response(SavedSearchSerializer(saved).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        saved_searches.saved_search_delete(saved=self.get_object(), user=current_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
