"""The financing offers catalogue: enterprises browse the published offers of financial institutions,
filter them by what they need and what they are eligible for, and go on to apply."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from accounts.models import Enterprise
from accounts.services import membership_of
from financing.api.offer_serializers import apply_url
from financing.filters import OfferFilter, offers_catalogue
from financing.models import FinancingApplication
from listings.choices import Kind, Side
from listings.models import Listing

PAGE_SIZE = 12


@dataclass(frozen=True)
class OfferCard:
    """An offer as a card shows it: whether the member's enterprise may apply, and where."""

    offer: Listing
    own: bool
    eligible: bool | None  # None: no enterprise to judge by
    apply_url: str


def is_eligible(offer: Listing, enterprise: Enterprise) -> bool:
    """Python's reading of `financing.filters.eligible_for`, for a page of cards without a query each."""
    themes, segments, provinces = offer.eligible_themes, offer.eligible_segments, offer.eligible_provinces
    return (
        (not themes or enterprise.theme in themes)
        and (not segments or bool(set(segments) & set(enterprise.segment_codes)))
        and (not provinces or enterprise.region.province_code in provinces)
    )


def offers(request: HttpRequest) -> HttpResponse:
    """Published financing offers with filters, newest first; anyone may browse, members apply."""
    offer_filter = OfferFilter(request.GET or None, queryset=offers_catalogue(), request=request)
    page = Paginator(offer_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    membership = membership_of(request.user)
    enterprise = offer_filter.enterprise() if membership is not None else None
    cards = [
        OfferCard(
            offer=offer,
            own=enterprise is not None and offer.enterprise_id == enterprise.pk,
            eligible=is_eligible(offer, enterprise) if enterprise is not None else None,
            apply_url=apply_url(offer),
        )
        for offer in page.object_list
    ]
    form = offer_filter.form
    errors = form.errors if offer_filter.is_bound else {}
    context: dict[str, Any] = {
        "filter_form": form,
        "page": page,
        "cards": cards,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "enterprise": enterprise,
        "filtered": any(
            value not in (None, "", [], False)
            for name, value in (form.cleaned_data.items() if offer_filter.is_bound else [])
            if name != "sort"
        ),
        "filter_errors": [
            f"{form.fields[name].label if name in form.fields else name}: {' '.join(messages)}"
            for name, messages in errors.items()
        ],
    }
    return render(request, "financing/offers/list.html", context)


def offer_panel(request: HttpRequest, listing: Listing) -> str:
    """On a published financing offer's page: whether the member's enterprise may apply, and the button;
    for the institution, the applications waiting for it."""
    if listing.side != Side.SUPPLY or listing.kind != Kind.FUNDING or not listing.is_published:
        return ""
    membership = membership_of(request.user)
    own = membership is not None and membership.enterprise_id == listing.enterprise_id
    context: dict[str, Any] = {"listing": listing, "own": own, "membership": membership}
    if own:
        context["waiting"] = FinancingApplication.objects.filter(
            offer=listing, status=FinancingApplication.Status.SUBMITTED
        ).count()
    elif membership is not None:
        enterprise = Enterprise.objects.prefetch_related("segment_links").get(pk=membership.enterprise_id)
        context["eligible"] = is_eligible(listing, enterprise)
        context["apply_url"] = apply_url(listing)
    return render_to_string("financing/offers/panel.html", context, request=request)
