"""The financing applications API (`financing/applications`): an enterprise applies to a financial
institution, the institution reviews, asks, decides and disburses through POST actions, and both talk in
the application's conversation.

Only the applicant's and the institution's members see an application, its documents and its messages
(anyone else gets 404, another institution included); staff read everything and take no step (403).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from accounts.api_views import current_user
from accounts.services import membership_of
from financing import selectors
from financing.api.application_serializers import (
    AnswerSerializer,
    AnswerUploadSerializer,
    ApplicationCreateSerializer,
    ApplicationDetailSerializer,
    ApplicationDocumentSerializer,
    ApplicationMessageCreateSerializer,
    ApplicationMessageSerializer,
    ApplicationMessageUploadSerializer,
    ApplicationSerializer,
    ApplicationUploadSerializer,
    ApproveSerializer,
    DeclineSerializer,
    DisburseSerializer,
    DocumentUploadSerializer,
    QuestionSerializer,
    WithdrawSerializer,
)
from financing.models import ApplicationDocument, ApplicationEvent, FinancingApplication
from financing.services import applications as services
from financing.services import messages as conversation
from orders.services.messages import message_file_response
from platform_site.api.idempotency import IDEMPOTENCY_PARAMETER, IdempotentCreateMixin, run_once
from platform_site.api.schema import UPLOADED_FILE
from platform_site.uploads import file_response

ROLE_CHOICES = [("applicant", "applicant"), ("institution", "institution")]
REFUSED = OpenApiResponse(
    description="Not a member of a verified enterprise, or the wrong side (staff read only)."
)
NOT_FOUND = OpenApiResponse(description="No such application, or your enterprise is not a party of it.")
NOT_NOW = OpenApiResponse(description="The application's status does not allow this step now.")


def _responses(bad_input: str, ok: Any = ApplicationDetailSerializer) -> dict[Any, Any]:
    return {200: ok, 400: OpenApiResponse(description=bad_input), 403: REFUSED, 404: NOT_FOUND, 409: NOT_NOW}


def _enterprise_id(request: Request) -> int | None:
    membership = membership_of(request.user)
    return membership.enterprise_id if membership is not None else None


class ApplicationFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter ships no types
    """`status` (repeatable), `role` (applicant: sent by your enterprise; institution: received), `kind`."""

    status = django_filters.MultipleChoiceFilter(choices=FinancingApplication.Status.choices)
    role = django_filters.ChoiceFilter(choices=ROLE_CHOICES, method="filter_role", label="role")
    kind = django_filters.ChoiceFilter(choices=FinancingApplication.Kind.choices)

    class Meta:
        model = FinancingApplication
        fields = ["status", "role", "kind"]

    def filter_role(
        self, queryset: QuerySet[FinancingApplication], name: str, value: str
    ) -> QuerySet[FinancingApplication]:
        mine = _enterprise_id(self.request)
        if mine is None:  # staff: neither side
            return queryset
        return queryset.filter(**{f"{value}_id": mine})


@extend_schema_view(
    create=extend_schema(
        request={
            "multipart/form-data": ApplicationUploadSerializer,
            "application/json": ApplicationCreateSerializer,
        },
        responses={
            201: ApplicationDetailSerializer,
            400: OpenApiResponse(
                description="Field errors, all at once: no consent, amount or term outside the offer's "
                "ranges, an enterprise the offer excludes, missing required documents, a file of the wrong "
                "type, empty or too large, an order that is not yours to finance or worth less than the "
                "amount; nothing is written."
            ),
            403: REFUSED,
            409: OpenApiResponse(
                description="The offer is not published, or the order already backs financing."
            ),
            422: OpenApiResponse(description="The Idempotency-Key was used for a different request."),
        },
        parameters=[IDEMPOTENCY_PARAMETER],
    ),
    list=extend_schema(description="Applications your enterprise sent or received, newest first."),
)
class FinancingApplicationViewSet(
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[FinancingApplication],
):
    """Financing applications of your enterprise, sent (as applicant) or received (as institution).

    `POST` applies (honours `Idempotency-Key`): to an `offer`, or to an `institution` directly, with
    `consent` to share your profile; with the offer's required documents as multipart `documents` and
    `document_kinds`; for `order_financing` or `receivables_financing` an `order` your enterprise sold.
    The institution `start-review`s, `request-info` (the applicant `answer-info`s), `approve`s (amount,
    rate, term, conditions) or `decline`s, and `disburse`s an approved application. The applicant
    `withdraw`s before a decision and adds `documents`. Both sides write in `messages`.
    """

    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, OrderingFilter]
    filterset_class = ApplicationFilter
    ordering_fields = ["created_at", "updated_at", "amount", "status"]
    ordering = ["-created_at", "-id"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def create_once(self, request: Request) -> Response:
        data = ApplicationUploadSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        application = services.application_submit(actor=current_user(request), **data.service_kwargs())
        return self._read(application, status.HTTP_201_CREATED)

    def get_queryset(self) -> QuerySet[FinancingApplication]:
        if getattr(self, "swagger_fake_view", False):  # Schema generation has no request user.
            return FinancingApplication.objects.none()
        queryset = selectors.applications_visible_to(self.request.user)
        if self.action == "retrieve":
            queryset = self._with_detail(queryset)
        return queryset

    @staticmethod
    def _with_detail(queryset: QuerySet[FinancingApplication]) -> QuerySet[FinancingApplication]:
        timeline = ApplicationEvent.objects.select_related("actor").order_by("created_at", "id")
        return queryset.prefetch_related(Prefetch("events", queryset=timeline), "documents")

    def get_serializer_class(self) -> type[Serializer[Any]]:
        if self.action == "create":
            return ApplicationUploadSerializer
        return ApplicationDetailSerializer if self.action == "retrieve" else ApplicationSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "enterprise_id": _enterprise_id(self.request)}

    def _read(self, application: FinancingApplication, code: int = status.HTTP_200_OK) -> Response:
        fresh = self._with_detail(selectors.applications_visible_to(self.request.user)).get(pk=application.pk)
        return Response(
            ApplicationDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code
        )

    def _act(
        self,
        request: Request,
        service: Callable[..., FinancingApplication],
        body: type[Serializer[Any]] | None,
    ) -> Response:
        application = self.get_object()  # 404 before anything else for a stranger
        params: dict[str, Any] = {}
        if body is not None:
            data = body(data=request.data)
            data.is_valid(raise_exception=True)
            params = dict(data.validated_data)
        return self._read(service(application=application, actor=current_user(request), **params))

    # --- the institution's steps ---------------------------------------------------------------

    @extend_schema(request=None, responses=_responses("-"))
    @action(detail=True, methods=["post"], url_path="start-review", url_name="start-review")
    def start_review(self, request: Request, pk: str | None = None) -> Response:
        """The institution takes a submitted application into review."""
        return self._act(request, services.application_start_review, None)

    @extend_schema(request=QuestionSerializer, responses=_responses("No question, or one too long."))
    @action(detail=True, methods=["post"], url_path="request-info", url_name="request-info")
    def request_info(self, request: Request, pk: str | None = None) -> Response:
        """The institution asks for more information; the question is posted in the conversation."""
        return self._act(request, services.application_request_info, QuestionSerializer)

    @extend_schema(request=ApproveSerializer, responses=_responses("Amount, rate or term out of range."))
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """The institution approves an application under review: amount (at most the one applied for),
        annual rate or fee, term and conditions."""
        return self._act(request, services.application_approve, ApproveSerializer)

    @extend_schema(request=DeclineSerializer, responses=_responses("No reason given."))
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        """The institution declines an application before approving it, with a reason."""
        return self._act(request, services.application_decline, DeclineSerializer)

    @extend_schema(request=DisburseSerializer, responses=_responses("More than the approved amount."))
    @action(detail=True, methods=["post"])
    def disburse(self, request: Request, pk: str | None = None) -> Response:
        """The institution records the funds paid out on an approved application."""
        return self._act(request, services.application_disburse, DisburseSerializer)

    # --- the applicant's steps -----------------------------------------------------------------

    @extend_schema(request=WithdrawSerializer, responses=_responses("A reason too long."))
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """The applicant takes back an application before the decision."""
        return self._act(request, services.application_withdraw, WithdrawSerializer)

    @extend_schema(
        request={"multipart/form-data": AnswerUploadSerializer, "application/json": AnswerSerializer},
        responses=_responses("No answer and no file, or a refused file."),
    )
    @action(detail=True, methods=["post"], url_path="answer-info", url_name="answer-info")
    def answer_info(self, request: Request, pk: str | None = None) -> Response:
        """The applicant answers the institution's open question (409 when none is open), with files."""
        application = self.get_object()
        data = AnswerUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answered = services.application_answer_info(
            application=application,
            actor=current_user(request),
            answer=data.validated_data["answer"],
            files=data.validated_data["files"],
        )
        return self._read(answered)

    @extend_schema(methods=["GET"], responses=ApplicationDocumentSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={
            201: ApplicationDocumentSerializer,
            400: OpenApiResponse(
                description="Unknown kind, or a file of the wrong type, empty or too large."
            ),
            403: REFUSED,
            404: NOT_FOUND,
            409: NOT_NOW,
        },
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def documents(self, request: Request, pk: str | None = None) -> Response:
        """The application's documents; the applicant adds one (a PDF or an image, checked by content)
        before the decision."""
        application = self.get_object()
        if request.method == "POST":
            data = DocumentUploadSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            upload = data.validated_data["file"]
            document = services.application_add_document(
                application=application,
                actor=current_user(request),
                kind=data.validated_data["kind"],
                file=upload,
                name=upload.name,
            )
            return Response(ApplicationDocumentSerializer(document).data, status=status.HTTP_201_CREATED)
        return Response(
            ApplicationDocumentSerializer(selectors.application_documents(application), many=True).data
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("document_id", int, OpenApiParameter.PATH, description="A document id.")
        ],
        responses={**UPLOADED_FILE, 404: NOT_FOUND},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document_id>\d+)/download",
        url_name="document-download",
        pagination_class=None,
        filter_backends=[],
    )
    def document_download(
        self, request: Request, pk: str | None = None, document_id: str = ""
    ) -> FileResponse:
        """A document of the application, for its parties and staff: images inline, PDFs as downloads."""
        document = get_object_or_404(ApplicationDocument, pk=document_id, application=self.get_object())
        return file_response(
            document.file.open("rb"),
            content_type=document.content_type,
            filename=document.original_name,
            inline=document.content_type.startswith("image/"),
        )

    # --- the conversation ----------------------------------------------------------------------

    @extend_schema(methods=["GET"], responses=ApplicationMessageSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        parameters=[IDEMPOTENCY_PARAMETER],
        request={
            "application/json": ApplicationMessageCreateSerializer,
            "multipart/form-data": ApplicationMessageUploadSerializer,
        },
        responses={
            201: ApplicationMessageSerializer,
            400: OpenApiResponse(description="No text and no file, text too long, or a refused file."),
            403: OpenApiResponse(description="Staff, or an enterprise not verified."),
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def messages(self, request: Request, pk: str | None = None) -> Response:
        """The conversation, oldest first. Both parties post (text, an image or PDF file, or both) and the
        other side is told; an `Idempotency-Key` makes a retried post create one message."""
        application = self.get_object()
        context = self.get_serializer_context()
        if request.method == "POST":
            return run_once(request, lambda: self._post_message(request, application, context))
        rows = selectors.application_messages(application)
        return Response(ApplicationMessageSerializer(rows, many=True, context=context).data)

    def _post_message(
        self, request: Request, application: FinancingApplication, context: dict[str, Any]
    ) -> Response:
        data = ApplicationMessageUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data.get("file")
        message = conversation.message_post(
            actor=current_user(request),
            application=application,
            body=data.validated_data.get("body", ""),
            file=upload,
            file_name=upload.name if upload is not None else "",
        )
        fresh = selectors.application_messages(application).get(pk=message.pk)
        return Response(
            ApplicationMessageSerializer(fresh, context=context).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        parameters=[OpenApiParameter("message_id", int, OpenApiParameter.PATH, description="A message id.")],
        responses={
            **UPLOADED_FILE,
            404: OpenApiResponse(description="No such message or file, or not a party."),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"messages/(?P<message_id>\d+)/file",
        url_name="message-file",
        pagination_class=None,
        filter_backends=[],
    )
    def message_file(self, request: Request, pk: str | None = None, message_id: str = "") -> FileResponse:
        """The file of a message, for the application's parties and staff."""
        application = self.get_object()
        message = get_object_or_404(application.messages.all(), pk=message_id)
        return message_file_response(message)
