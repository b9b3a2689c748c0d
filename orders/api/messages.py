"""The conversation API: the message thread of an order, a quote, a licence or a talent request, and
the file of a message.

One view class serves every kind of thread (`MessageThreadView.as_view(kind=...)`). A thread the
user's enterprise is not a party of is a 404, whether or not it exists; staff read every thread but
cannot post (403).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_views import current_user
from accounts.models import Enterprise
from accounts.services import membership_of
from orders.models import Message
from orders.services import messages as service
from platform_site.api.idempotency import IDEMPOTENCY_PARAMETER, run_once
from platform_site.api.schema import UPLOADED_FILE

THREAD_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="The id of the order, quote or request."
)


class MessageEnterpriseSerializer(serializers.ModelSerializer[Enterprise]):
    name = serializers.CharField(source="display_name")

    class Meta:
        model = Enterprise
        fields = ["id", "name", "name_zh", "name_en"]


class MessageFileSerializer(serializers.Serializer[Message]):
    name = serializers.CharField(source="file_name")
    content_type = serializers.CharField(source="file_content_type")
    size = serializers.IntegerField(source="file_size")
    url = serializers.SerializerMethodField()

    def get_url(self, message: Message) -> str:
        return reverse("message-file", args=[message.pk])


class MessageSerializer(serializers.ModelSerializer[Message]):
    """A message as both parties and staff read it; `mine` is true for your own enterprise's messages."""

    sender_name = serializers.SerializerMethodField()
    sender_enterprise = MessageEnterpriseSerializer(read_only=True)
    file = serializers.SerializerMethodField()
    mine = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "sender_enterprise", "sender_name", "body", "file", "mine", "created_at"]
        read_only_fields = fields

    def get_sender_name(self, message: Message) -> str:
        return message.sender.get_full_name() if message.sender else ""

    @extend_schema_field(MessageFileSerializer(allow_null=True))
    def get_file(self, message: Message) -> dict[str, Any] | None:
        return MessageFileSerializer(message).data if message.file else None

    def get_mine(self, message: Message) -> bool:
        return message.sender_enterprise_id == self.context.get("enterprise_id")


class MessageCreateSerializer(serializers.Serializer[Any]):
    """A JSON message: text only."""

    body = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class MessageUploadSerializer(MessageCreateSerializer):
    """A multipart message: text, a file (image or PDF), or both."""

    file = serializers.FileField(required=False, allow_empty_file=True, use_url=False)


@extend_schema(parameters=[THREAD_ID])
class MessageThreadView(generics.ListCreateAPIView[Message]):
    """The conversation of an order, a quote, a licence or a talent request, oldest message first.

    Both parties read and post (text, an image or PDF file, or both); the other side is notified of
    each message. Staff read every thread but do not post. Anyone else gets 404.
    """

    kind = ""  # set by as_view(kind=...)
    serializer_class = MessageSerializer
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filter_backends: list[Any] = []

    def thread(self) -> service.Thread:
        return service.thread_for(self.request.user, self.kind, self.kwargs["pk"])

    def get_queryset(self) -> QuerySet[Message]:
        if getattr(self, "swagger_fake_view", False):  # Schema generation has no request user.
            return Message.objects.none()
        return service.messages_of(self.thread())

    def get_serializer_context(self) -> dict[str, Any]:
        membership = membership_of(self.request.user)
        return {**super().get_serializer_context(), "enterprise_id": membership and membership.enterprise_id}

    @extend_schema(
        parameters=[IDEMPOTENCY_PARAMETER],
        request={
            "application/json": MessageCreateSerializer,
            "multipart/form-data": MessageUploadSerializer,
        },
        responses={
            201: MessageSerializer,
            400: OpenApiResponse(description="No text and no file, text too long, or a refused file."),
            403: OpenApiResponse(description="Staff, or an enterprise not verified."),
            404: OpenApiResponse(description="No such thread, or not a party of it."),
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Post a message; an `Idempotency-Key` makes a retried post create it once."""
        thread = self.thread()  # 404 before anything else for a stranger
        return run_once(request, lambda: self._create(request, thread))

    def _create(self, request: Request, thread: service.Thread) -> Response:
        data = MessageUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data.get("file")
        message = service.message_post(
            actor=current_user(request),
            thread=thread,
            body=data.validated_data.get("body", ""),
            file=upload,
            file_name=upload.name if upload is not None else "",
        )
        fresh = service.messages_of(thread).get(pk=message.pk)
        return Response(
            MessageSerializer(fresh, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class MessageFileView(APIView):
    """The file of a message, for the thread's parties and staff: images inline, PDFs as downloads."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="A message id.")],
        responses={
            **UPLOADED_FILE,
            404: OpenApiResponse(description="No such message or file, or not a party of its thread."),
        },
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        return service.message_file_response(service.message_for(request.user, pk))
