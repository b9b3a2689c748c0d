"""Saved searches: a member keeps a catalogue query and hears of new listings that match it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.notifications import notify
from accounts.services import require_membership
from listings import notices
from listings.filters import ListingFilter
from listings.models import Listing, SavedSearch, SavedSearchHit

MAX_SAVED_SEARCHES = 50


def _as_querydict(query: str, filters: dict[str, Any]) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in filters.items():
        data.setlist(name, [str(v) for v in value] if isinstance(value, list) else [str(value)])
    if query:
        data["q"] = query
    return data


def _clean_filters(query: str, filters: dict[str, Any]) -> dict[str, Any]:
    """Keep only known filter parameters, validated by the catalogue's own FilterSet."""
    unknown = sorted(set(filters) - set(ListingFilter.SAVED_FIELDS))
    if unknown:
        raise ValidationError({"filters": [_("Unknown filter: %(names)s.") % {"names": ", ".join(unknown)}]})
    form = ListingFilter(_as_querydict(query, filters), queryset=Listing.objects.none()).form
    if not form.is_valid():
        raise ValidationError(
            {"filters": [f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()]}
        )
    data = _as_querydict("", filters)
    return {name: data.getlist(name) if len(data.getlist(name)) > 1 else data[name] for name in data}


def saved_search_querydict(saved: SavedSearch) -> QueryDict:
    """The catalogue parameters of a saved search, to run it again."""
    return _as_querydict(saved.query, saved.filters)


def saved_search_create(
    *, user: User, name: str, query: str = "", filters: dict[str, Any] | None = None, notify: bool = True
) -> SavedSearch:
    """Save a catalogue search of a member."""
    require_membership(user)
    filters = {k: v for k, v in (filters or {}).items() if v not in ("", None, [])}
    filters.pop("q", None)
    cleaned = _clean_filters(query.strip(), filters)
    if not name.strip():
        raise ValidationError({"name": [_("Give the search a name.")]})
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(
            {"name": [_("You can keep at most %(n)d saved searches.") % {"n": MAX_SAVED_SEARCHES}]}
        )
    saved = SavedSearch(user=user, name=name.strip(), query=query.strip(), filters=cleaned, notify=notify)
    saved.full_clean()
    saved.save()
    return saved


def saved_search_delete(*, saved: SavedSearch, user: User) -> None:
    """Delete one of the user's saved searches."""
    if saved.user_id != user.pk:
        raise SavedSearch.DoesNotExist
    saved.delete()


def saved_searches_notify(*, listing_id: int) -> int:
    """Notify each saved search (of other enterprises) that the published listing matches, once."""
    listing = Listing.objects.filter(pk=listing_id, status=Listing.Status.PUBLISHED).first()
    if listing is None:
        return 0
    candidates = (
        SavedSearch.objects.filter(notify=True, user__is_active=True)
        .exclude(user__membership__enterprise_id=listing.enterprise_id)
        .select_related("user")
    )
    one = Listing.objects.filter(pk=listing.pk)
    sent = 0
    for saved in candidates.iterator():
        if not ListingFilter(saved_search_querydict(saved), queryset=one).qs.exists():
            continue
        try:
            with transaction.atomic():
                SavedSearchHit.objects.create(saved_search=saved, listing=listing)
                notify(
                    recipients=[saved.user],
                    notice=notices.SAVED_SEARCH_MATCH,
                    link=reverse("listings:detail", args=[listing.pk]),
                    name=saved.name,
                    title=listing.title,
                )
        except IntegrityError:
            continue  # Already told (a redelivered task).
        sent += 1
    return sent
