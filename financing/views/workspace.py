"""The institution's workspace: its application pipeline by status, with amounts and ages."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.views import AuthenticatedRequest, member_required
from financing import selectors


@member_required
def workspace(request: AuthenticatedRequest, membership: Membership) -> HttpResponse:
    """The applications a financial institution received: the open stages oldest first (who has waited
    longest), the closed ones latest first. Only for members of financial institutions."""
    enterprise = membership.enterprise
    if not selectors.is_financial_institution(enterprise):
        raise PermissionDenied(_("The financing workspace is for members of financial institutions."))
    stages, closed = selectors.institution_pipeline(enterprise.pk)
    context = {
        "enterprise": enterprise,
        "stages": stages,
        "closed": closed,
        # The latest closed applications of every kind together, the latest first.
        "closed_rows": sorted(
            (app for stage in closed for app in stage.applications), key=lambda a: a.updated_at, reverse=True
        )[: selectors.STAGE_LIMIT],
        "open_count": sum(stage.count for stage in stages),
        "open_amount": sum((stage.amount for stage in stages), Decimal(0)),
    }
    return render(request, "financing/workspace.html", context)
