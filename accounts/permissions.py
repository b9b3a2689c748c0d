"""DRF permission classes of accounts."""

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView


class IsStaff(BasePermission):
    """Platform administrators (Django staff)."""

    message = "Only platform administrators may do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


class ReadOnly(BasePermission):
    """Anyone may read."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return request.method in SAFE_METHODS
