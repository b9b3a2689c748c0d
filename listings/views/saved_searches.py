"""Saved searches: save the catalogue's filters under a name, list them, delete one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Membership
from accounts.views import AuthenticatedRequest, member_required
from listings import selectors
from listings.forms import SavedSearchForm
from listings.models import SavedSearch
from listings.saved_searches import saved_search_create, saved_search_delete, saved_search_querydict
from listings.views.search_params import FilterDescriber, _catalogue_params, _saved_params, _valid_filters
from platform_site.errors import ApplicationError


@require_POST
@member_required
def saved_search_new(request: AuthenticatedRequest, membership: Membership) -> HttpResponse:
    """Save the catalogue's current filters under a name (from the catalogue's sidebar)."""
    params, _dropped = _catalogue_params(QueryDict(request.POST.get("params", "")))
    kept = _saved_params(_valid_filters(params))
    back = reverse("listings:catalogue") + (f"?{kept.urlencode()}" if kept else "")
    form = SavedSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the search a name."))
        return redirect(back)
    filters = {name: values if len(values) > 1 else values[0] for name, values in kept.lists() if name != "q"}
    try:
        saved = saved_search_create(
            user=request.user,
            name=form.cleaned_data["name"],
            query=kept.get("q", ""),
            filters=filters,
            notify=form.cleaned_data["notify"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Search %(name)s saved.") % {"name": saved.name})
    return redirect(back)


@member_required
def saved_searches(request: AuthenticatedRequest, membership: Membership) -> HttpResponse:
    """The user's saved searches: run again, delete."""
    describer = FilterDescriber()
    rows = []
    for saved in selectors.saved_searches_of(request.user):
        params = saved_search_querydict(saved)
        url = reverse("listings:catalogue") + (f"?{params.urlencode()}" if params else "")
        rows.append((saved, url, [text for _name, _value, text in describer.describe(params)]))
    return render(request, "listings/saved_searches.html", {"rows": rows})


@require_POST
@member_required
def saved_search_remove(request: AuthenticatedRequest, membership: Membership, pk: int) -> HttpResponse:
    """Delete one of the user's saved searches (another user's is a 404)."""
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    saved_search_delete(saved=saved, user=request.user)
    messages.success(request, _("Saved search %(name)s deleted.") % {"name": saved.name})
    return redirect("listings:saved_searches")
