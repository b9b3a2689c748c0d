"""The enterprise-scoped viewset: a viewset that cannot forget tenant scoping.

Subclasses declare `scoped_queryset()` and the field that points at the enterprise; the base filters it
by the requesting member's enterprise in `get_queryset`, which subclasses may not override (as in
PostHog's TeamAndOrgViewSetMixin). An object of another enterprise is therefore a 404, never a 403.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django.db.models import Model, QuerySet
from rest_framework import viewsets
from rest_framework.request import Request

from accounts.models import Membership
from accounts.services import require_membership

_MT = TypeVar("_MT", bound=Model)


class EnterpriseScopedViewSet(viewsets.GenericViewSet[_MT]):
    """Restrict every queryset to the requesting member's enterprise; some actions need owner or admin."""

    enterprise_field: ClassVar[str] = "enterprise"
    # Actions that only the owner or an administrator of the enterprise may perform.
    manage_actions: ClassVar[frozenset[str]] = frozenset()
    membership: Membership

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(f"{cls.__name__} must define scoped_queryset(), not get_queryset().")

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.membership = require_membership(request.user, manage=self.action in self.manage_actions)

    def scoped_queryset(self) -> QuerySet[_MT]:
        """The rows the viewset lists, before scoping to the enterprise."""
        raise TypeError(f"{type(self).__name__} must define scoped_queryset().")

    def get_queryset(self) -> QuerySet[_MT]:
        if getattr(self, "swagger_fake_view", False):  # Schema generation has no request user.
            return self.scoped_queryset().none()
        return self.scoped_queryset().filter(**{self.enterprise_field: self.membership.enterprise})
