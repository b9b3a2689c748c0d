"""The accounts API: tokens, registration, enterprises, certifications, members, invitations, inbox."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts import notifications, selectors, services
from accounts.filters import EnterpriseFilter, NotificationFilter
from accounts.models import Certification, Enterprise, Invitation, Membership, Notification, Region, User
from accounts.permissions import IsStaff
from accounts.serializers import (
    CertificationSerializer,
    EnterpriseReviewSerializer,
    EnterpriseSerializer,
    EnterpriseUpdateSerializer,
    InvitationAcceptSerializer,
    InvitationSerializer,
    MarkedReadSerializer,
    MembershipSerializer,
    NotificationSerializer,
    RegionSerializer,
    RegistrationResultSerializer,
    RegistrationSerializer,
    RejectSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    UnreadCountSerializer,
    UserSerializer,
    VerifySerializer,
)
from platform_site.api.scoping import EnterpriseScopedViewSet


def current_user(request: Request) -> User:
    """The signed-in user of a view behind an authentication check."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - the permission classes let only signed-in users through
    return user


class AuthTokenView(APIView):
    """Obtain (POST) or revoke (DELETE) the API token of a user."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer}, auth=[])
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The Django request, so that django-axes counts the failure and can lock the account out.
        user = authenticate(
            request._request, username=data.validated_data["email"], password=data.validated_data["password"]
        )
        if user is None or not user.is_active:
            raise ValidationError({"non_field_errors": [_("Wrong e-mail address or password.")]})
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key, "user": UserSerializer(user).data})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        Token.objects.filter(user=current_user(request)).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    """The signed-in user and their membership."""

    @extend_schema(responses=UserSerializer)
    def get(self, request: Request) -> Response:
        return Response(UserSerializer(current_user(request)).data)


class RegistrationView(APIView):
    """Register an enterprise and its owner; it stays pending until a platform admin verifies it."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "registration"

    @extend_schema(request=RegistrationSerializer, responses={201: RegistrationResultSerializer}, auth=[])
    def post(self, request: Request) -> Response:
        data = RegistrationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = services.enterprise_register(**data.validated_data)
        token = Token.objects.create(user=registration.user)
        body = {
            "token": token.key,
            "user": UserSerializer(registration.user).data,
            "enterprise": EnterpriseReviewSerializer(
                selectors.enterprise_queryset().get(pk=registration.enterprise.pk)
            ).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class RegionViewSet(viewsets.ReadOnlyModelViewSet[Region]):
    """Provinces and cities with GB/T 2260 codes; `?parent=340000` lists Anhui's cities."""

    permission_classes = [AllowAny]
    serializer_class = RegionSerializer
    queryset = Region.objects.all()
    lookup_value_regex = r"\d{6}"  # a GB/T 2260 code; anything else is no region (and no query)
    filterset_fields = ["level", "parent"]
    search_fields = ["name_zh", "name_en", "code"]
    pagination_class = None


class EnterpriseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Enterprise]
):
    """The public directory of verified enterprises, the member's own enterprise (`me`), staff review."""

    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter
    search_fields = ["name_zh", "name_en", "description"]
    ordering_fields = ["name_zh", "created_at"]
    ordering = ["name_zh"]

    def get_permissions(self) -> list[Any]:
        if self.action in ("list", "retrieve"):
            return [AllowAny()]
        if self.action in ("verify", "reject"):
            return [IsStaff()]
        return [IsAuthenticated()]

    def get_queryset(self) -> QuerySet[Enterprise]:
        user = self.request.user
        if self.action == "list" and not user.is_staff:
            return selectors.enterprise_queryset().filter(status=Enterprise.Status.VERIFIED)
        return selectors.enterprise_visible_to(user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.request.user.is_staff:
            return EnterpriseReviewSerializer
        return EnterpriseSerializer

    def _own(self) -> Enterprise:
        membership = services.require_membership(self.request.user)
        return selectors.enterprise_queryset().get(pk=membership.enterprise_id)

    @extend_schema(methods=["GET"], responses=EnterpriseReviewSerializer)
    @extend_schema(
        methods=["PATCH"], request=EnterpriseUpdateSerializer, responses=EnterpriseReviewSerializer
    )
    @action(detail=False, methods=["get", "patch"])
    def me(self, request: Request) -> Response:
        enterprise = self._own()
        if request.method == "PATCH":
            data = EnterpriseUpdateSerializer(data=request.data, partial=True)
            data.is_valid(raise_exception=True)
            services.enterprise_update_profile(
                enterprise=enterprise, actor=current_user(request), **data.validated_data
            )
            enterprise = self._own()
        return Response(EnterpriseReviewSerializer(enterprise).data)

    @extend_schema(request=None, responses=EnterpriseReviewSerializer)
    @action(detail=False, methods=["post"], url_path="me/resubmit")
    def resubmit(self, request: Request) -> Response:
        services.enterprise_resubmit(enterprise=self._own(), actor=current_user(request))
        return Response(EnterpriseReviewSerializer(self._own()).data)

    @extend_schema(request=VerifySerializer, responses=EnterpriseReviewSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        data = VerifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enterprise = services.enterprise_verify(
            enterprise=self.get_object(), actor=current_user(request), **data.validated_data
        )
        return Response(
            EnterpriseReviewSerializer(selectors.enterprise_queryset().get(pk=enterprise.pk)).data
        )

    @extend_schema(request=RejectSerializer, responses=EnterpriseReviewSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        data = RejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enterprise = services.enterprise_reject(
            enterprise=self.get_object(), actor=current_user(request), **data.validated_data
        )
        return Response(
            EnterpriseReviewSerializer(selectors.enterprise_queryset().get(pk=enterprise.pk)).data
        )


class CertificationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    EnterpriseScopedViewSet[Certification],
):
    """Certificates of the member's own enterprise; owners and administrators add and remove them."""

    serializer_class = CertificationSerializer
    manage_actions = frozenset({"create", "destroy"})
    filterset_fields = ["standard"]
    ordering_fields = ["standard", "valid_until"]

    def scoped_queryset(self) -> QuerySet[Certification]:
        return Certification.objects.order_by("standard", "id")

    def perform_create(self, serializer: serializers.BaseSerializer[Certification]) -> None:
        serializer.instance = services.certification_add(
            enterprise=self.membership.enterprise,
            actor=current_user(self.request),
            **serializer.validated_data,
        )

    def perform_destroy(self, instance: Certification) -> None:
        services.certification_remove(certification=instance, actor=current_user(self.request))


class MemberViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    EnterpriseScopedViewSet[Membership],
):
    """Members of the own enterprise; owners and administrators remove members."""

    serializer_class = MembershipSerializer
    manage_actions = frozenset({"destroy"})
    filterset_fields = ["role"]
    ordering_fields = ["created_at"]

    def scoped_queryset(self) -> QuerySet[Membership]:
        return Membership.objects.select_related("user").order_by("created_at", "id")

    def perform_destroy(self, instance: Membership) -> None:
        services.membership_remove(membership=instance, actor=current_user(self.request))


class InvitationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    EnterpriseScopedViewSet[Invitation],
):
    """Invitations of the own enterprise (owners and administrators); DELETE revokes a pending one."""

    serializer_class = InvitationSerializer
    manage_actions = frozenset({"list", "retrieve", "create", "destroy"})
    filterset_fields = ["status", "role"]
    ordering_fields = ["created_at"]

    def scoped_queryset(self) -> QuerySet[Invitation]:
        return Invitation.objects.select_related("invited_by").order_by("-created_at", "-id")

    def perform_create(self, serializer: serializers.BaseSerializer[Invitation]) -> None:
        issued = services.invitation_create(
            enterprise=self.membership.enterprise,
            actor=current_user(self.request),
            **serializer.validated_data,
        )
        serializer.instance = issued.invitation

    @extend_schema(responses={200: InvitationSerializer})  # the revoked invitation, not an empty 204
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        invitation = services.invitation_revoke(invitation=self.get_object(), actor=current_user(request))
        return Response(InvitationSerializer(invitation).data)


class InvitationAcceptView(APIView):
    """Accept an invitation with the token from its e-mail: signed in, or creating the invited account."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "registration"

    @extend_schema(request=InvitationAcceptSerializer, responses={201: MembershipSerializer}, auth=[])
    def post(self, request: Request) -> Response:
        data = InvitationAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = request.user if isinstance(request.user, User) else None
        membership = services.invitation_accept(user=user, **data.validated_data)
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Notification]
):
    """The signed-in user's inbox."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ["created_at"]

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return selectors.notifications_for(current_user(self.request))

    @extend_schema(responses=UnreadCountSerializer)
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request: Request) -> Response:
        return Response({"unread": selectors.unread_count(current_user(request))})

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        notification = notifications.notification_mark_read(
            notification=self.get_object(), user=current_user(request)
        )
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses=MarkedReadSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        return Response({"marked": notifications.notifications_mark_all_read(user=current_user(request))})
