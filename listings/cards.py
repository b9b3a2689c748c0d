"""A page of catalogue results as the API returns it: `ListingSerializer`'s output, made faster.

The catalogue's list endpoint is the platform's busiest read. DRF builds a serializer's fields anew for
every request (and each nested serializer's) and turns every value through generic field machinery:
for a page of 20 cards that was about a tenth of the request. Here the serializer's fields are read
once per process into a plan of plain converters, one per field and field type, and each card is a
pass over that plan. The serializer stays the single definition of a listing's JSON: the field list,
their sources and types come from it, a field of a type the plan does not know is turned by DRF as
before, and tests compare both outputs on every kind of listing and reader.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import cache
from typing import Any

from django.db.models import Manager
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.fields import get_attribute
from rest_framework.settings import api_settings

from listings.access import hidden_fields
from listings.models import Listing
from listings.serializers import ListingSerializer

Converter = Callable[[Any], Any]
_BIG_INTEGER = getattr(serializers, "BigIntegerField", None)
Plan = tuple[tuple[str, Callable[[Any], Any], Converter], ...]  # name, read the source, convert


def _decimal(field: serializers.DecimalField) -> Converter:
    """A column's value has the field's places already (DRF would quantize it to them): written out;
    anything else goes through DRF."""
    exponent = -(field.decimal_places or 0)  # never None here (`_converter`)

    def convert(value: Any) -> Any:
        if isinstance(value, Decimal) and value.as_tuple().exponent == exponent:
            return f"{value:f}"
        return field.to_representation(value)

    return convert


def _datetime(field: serializers.DateTimeField) -> Converter:
    def convert(value: Any) -> Any:
        if not (isinstance(value, datetime.datetime) and timezone.is_aware(value)):
            return field.to_representation(value)
        # As DRF writes an aware time: in the current time zone, ISO 8601, "Z" for UTC.
        text = timezone.localtime(value).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return convert


def _date(field: serializers.DateField) -> Converter:
    return lambda value: value.isoformat() if type(value) is datetime.date else field.to_representation(value)


def _iso(field: Any, default: str | None) -> bool:
    """Whether a date or time field writes ISO 8601 in the current time zone (DRF's defaults)."""
    written = getattr(field, "format", default)
    return isinstance(written, str) and written.lower() == ISO_8601 and not hasattr(field, "timezone")


def _choice(field: serializers.ChoiceField) -> Converter:
    values = field.choice_strings_to_values
    return lambda value: value if value == "" else values.get(str(value), value)


def _many(plan: Plan) -> Converter:
    def convert(value: Any) -> list[dict[str, Any]]:
        items = value.all() if isinstance(value, Manager) else value
        return [_apply(plan, item) for item in items]

    return convert


def _converter(field: serializers.Field[Any, Any, Any, Any]) -> Converter:
    """A plain function doing what `field.to_representation` does, for the field types of a card."""
    if isinstance(field, serializers.ListSerializer) and isinstance(field.child, serializers.Serializer):
        return _many(_plan_of(field.child))
    if isinstance(field, serializers.Serializer):
        plan = _plan_of(field)
        return lambda value: _apply(plan, value)
    if (
        isinstance(field, serializers.DecimalField)
        and getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
        and not (field.localize or field.normalize_output or field.decimal_places is None)
    ):
        return _decimal(field)
    if type(field) is serializers.DateTimeField and _iso(field, api_settings.DATETIME_FORMAT):
        return _datetime(field)
    if type(field) is serializers.DateField and _iso(field, api_settings.DATE_FORMAT):
        return _date(field)
    if type(field) is serializers.ChoiceField:
        return _choice(field)
    if type(field) is serializers.IntegerField or (
        type(field) is _BIG_INTEGER  # DRF 3.16 and later, which may write big integers as strings
        and not getattr(field, "coerce_to_string", getattr(api_settings, "COERCE_BIGINT_TO_STRING", False))
    ):
        return int
    if type(field) in (serializers.CharField, serializers.BooleanField):
        return str if type(field) is serializers.CharField else bool
    if type(field) is serializers.ListField and type(field.child) is serializers.CharField:
        return lambda values: [str(value) for value in values]
    return field.to_representation  # anything else as DRF turns it


def _reader(source_attrs: list[str]) -> Callable[[Any], Any]:
    return lambda instance: get_attribute(instance, source_attrs)  # DRF's own walk along the source


def _plan_of(serializer: serializers.Serializer[Any]) -> Plan:
    return tuple(
        (name, _reader(field.source_attrs), _converter(field))
        for name, field in serializer.fields.items()
        if not field.write_only and not isinstance(field, serializers.SerializerMethodField)
    )


def _apply(plan: Plan, instance: Any) -> dict[str, Any]:
    card = {}
    for name, read, convert in plan:
        value = read(instance)
        card[name] = None if value is None else convert(value)
    return card


@cache
def _card_plan() -> tuple[list[str], Plan, dict[str, str]]:
    """The serializer's field names in order, the plan of its plain fields, and its method fields'
    methods by name."""
    serializer = ListingSerializer()
    methods = {
        name: field.method_name
        for name, field in serializer.fields.items()
        if isinstance(field, serializers.SerializerMethodField)
    }
    return list(serializer.fields), _plan_of(serializer), methods


def listing_cards(listings: Sequence[Listing], serializer: ListingSerializer) -> list[dict[str, Any]]:
    """What `ListingSerializer(listings, many=True).data` gives. `serializer` is a ListingSerializer
    with the request's context: its methods give the method fields (the card's url, the attachments
    the reader may see), and its reader the fields left out (`listings.access.hidden_fields`)."""
    names, plan, method_names = _card_plan()
    methods = [(name, getattr(serializer, method)) for name, method in method_names.items()]
    reader = serializer.reader()
    cards = []
    for listing in listings:
        values = _apply(plan, listing)
        for name, method in methods:
            values[name] = method(listing)
        hidden = hidden_fields(listing, reader)
        cards.append({name: values[name] for name in names if name not in hidden})
    return cards
