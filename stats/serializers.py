"""The shape of the statistics in the API, for the OpenAPI schema.

The views return the cached figures as they are (`stats.tables.present`): running a few hundred rows
through DRF serializers on every request would cost more than reading them from the cache. These
serializers document that shape exactly; `tests/stats` checks the payload against them.
Money is a string with two decimals (CNY), as everywhere in the API; shares are fractions (0.837),
null when there is nothing to divide.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

STAFF = "Staff only."


def _money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=18, decimal_places=2, **kwargs)


def _share(**kwargs: Any) -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, min_value=0, max_value=1, **kwargs)


class EnterpriseThemeSerializer(serializers.Serializer[Any]):
    theme = serializers.CharField()
    theme_label = serializers.CharField()
    registered = serializers.IntegerField()
    verified = serializers.IntegerField()


class EnterpriseSegmentSerializer(serializers.Serializer[Any]):
    segment = serializers.CharField()
    segment_label = serializers.CharField()
    registered = serializers.IntegerField()
    verified = serializers.IntegerField()


class EnterpriseMonthSerializer(serializers.Serializer[Any]):
    month = serializers.CharField(help_text="YYYY-MM")
    registered = serializers.IntegerField(help_text="Registered in the month.")
    verified = serializers.IntegerField(help_text="Verified in the month.")
    registered_total = serializers.IntegerField()
    verified_total = serializers.IntegerField()


class EnterprisesSerializer(serializers.Serializer[Any]):
    registered = serializers.IntegerField()
    verified = serializers.IntegerField()
    by_theme = EnterpriseThemeSerializer(many=True)
    by_segment = EnterpriseSegmentSerializer(many=True)
    by_month = EnterpriseMonthSerializer(many=True)
    computed_at = serializers.DateTimeField()


class ListingKindSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    supply = serializers.IntegerField()
    demand = serializers.IntegerField()
    total = serializers.IntegerField()


class ListingMonthSerializer(serializers.Serializer[Any]):
    month = serializers.CharField(help_text="YYYY-MM")
    supply = serializers.IntegerField(help_text="Supply listings published in the month.")
    demand = serializers.IntegerField(help_text="Demand listings published in the month.")
    supply_total = serializers.IntegerField()
    demand_total = serializers.IntegerField()
    supply_share = _share(help_text="Of every listing published up to the end of the month.")


class ListingsSerializer(serializers.Serializer[Any]):
    published = serializers.IntegerField()
    supply = serializers.IntegerField()
    demand = serializers.IntegerField()
    supply_share = _share(help_text="Of the published listings (83.7% at launch).")
    by_kind = ListingKindSerializer(many=True)
    by_month = ListingMonthSerializer(many=True)
    computed_at = serializers.DateTimeField()


class FunnelStepSerializer(serializers.Serializer[Any]):
    step = serializers.ChoiceField(choices=["proposed", "approved", "contacted", "quoted", "ordered"])
    step_label = serializers.CharField()
    count = serializers.IntegerField()
    share_of_proposed = _share()


class FunnelSegmentSerializer(serializers.Serializer[Any]):
    segment = serializers.CharField(help_text="Of the demand listing.")
    segment_label = serializers.CharField()
    proposed = serializers.IntegerField()
    approved = serializers.IntegerField()
    contacted = serializers.IntegerField()
    quoted = serializers.IntegerField()
    ordered = serializers.IntegerField()


class FunnelSerializer(serializers.Serializer[Any]):
    steps = FunnelStepSerializer(many=True)
    median_days_approval_to_order = serializers.FloatField(allow_null=True)
    rejected = serializers.IntegerField(required=False, help_text=STAFF)
    by_segment = FunnelSegmentSerializer(many=True, required=False, help_text=STAFF)
    computed_at = serializers.DateTimeField()


class OrderTotalsSerializer(serializers.Serializer[Any]):
    placed = serializers.IntegerField(help_text="Every order placed.")
    ordered = serializers.IntegerField(help_text="Accepted, shipped, delivered or completed.")
    value = _money(help_text="CNY, of the ordered ones.")


class OrderMonthSerializer(OrderTotalsSerializer):
    month = serializers.CharField(help_text="YYYY-MM")


class OrderSegmentSerializer(OrderTotalsSerializer):
    segment = serializers.CharField()
    segment_label = serializers.CharField()


class OrderMonthSegmentSerializer(OrderSegmentSerializer):
    month = serializers.CharField(help_text="YYYY-MM")


class OrdersSerializer(OrderTotalsSerializer):
    by_month = OrderMonthSerializer(many=True)
    by_segment = OrderSegmentSerializer(many=True)
    by_month_segment = OrderMonthSegmentSerializer(many=True, required=False, help_text=STAFF)
    computed_at = serializers.DateTimeField()


class FinancingStageSerializer(serializers.Serializer[Any]):
    stage = serializers.ChoiceField(choices=["applied", "approved", "disbursed"])
    stage_label = serializers.CharField()
    count = serializers.IntegerField()
    amount = _money(help_text="CNY: requested, approved or disbursed.")


class FinancingMonthSerializer(serializers.Serializer[Any]):
    month = serializers.CharField(help_text="YYYY-MM")
    applied = serializers.IntegerField()
    applied_amount = _money()
    approved = serializers.IntegerField()
    approved_amount = _money()
    disbursed = serializers.IntegerField()
    disbursed_amount = _money()


class FinancingSerializer(serializers.Serializer[Any]):
    stages = FinancingStageSerializer(many=True)
    by_month = FinancingMonthSerializer(many=True)
    computed_at = serializers.DateTimeField()


class LocalisationSegmentSerializer(serializers.Serializer[Any]):
    segment = serializers.CharField()
    segment_label = serializers.CharField()
    ordered_value = _money()
    local_value = _money()
    rate = _share()


class LocalisationSerializer(serializers.Serializer[Any]):
    ordered_value = _money(help_text="CNY, orders accepted or later.")
    local_value = _money(help_text="Of it, where buyer and seller are in the same province.")
    rate = _share()
    by_segment = LocalisationSegmentSerializer(many=True, required=False, help_text=STAFF)
    computed_at = serializers.DateTimeField()


class GapSegmentSerializer(serializers.Serializer[Any]):
    segment = serializers.CharField()
    segment_label = serializers.CharField()
    published_demands = serializers.IntegerField()
    without_local_supply = serializers.IntegerField()
    share = _share()


class GapRowSerializer(serializers.Serializer[Any]):
    segment = serializers.CharField()
    segment_label = serializers.CharField()
    category = serializers.CharField()
    province = serializers.CharField(help_text="GB/T 2260 code of the buyer's province.")
    province_name_zh = serializers.CharField()
    province_name_en = serializers.CharField()
    demands = serializers.IntegerField(help_text="Published demands without a published local supply.")
    supply_elsewhere = serializers.IntegerField(help_text="Published supplies of the segment and category.")
    supplying_provinces = serializers.IntegerField()


class ChainGapsSerializer(serializers.Serializer[Any]):
    published_demands = serializers.IntegerField()
    without_local_supply = serializers.IntegerField()
    share = _share()
    by_segment = GapSegmentSerializer(many=True)
    table = GapRowSerializer(many=True, required=False, help_text=STAFF)
    computed_at = serializers.DateTimeField()


class DownloadSerializer(serializers.Serializer[Any]):
    figure = serializers.CharField()
    title = serializers.CharField()
    staff_only = serializers.BooleanField()
    csv = serializers.CharField(help_text="Absolute URL of the CSV.")
    json = serializers.CharField(help_text="Absolute URL of the table as JSON.")


class StatsSerializer(serializers.Serializer[Any]):
    audience = serializers.ChoiceField(choices=["public", "staff"])
    enterprises = EnterprisesSerializer()
    listings = ListingsSerializer()
    funnel = FunnelSerializer()
    orders = OrdersSerializer()
    financing = FinancingSerializer()
    localisation = LocalisationSerializer()
    chain_gaps = ChainGapsSerializer()
    downloads = DownloadSerializer(many=True)


class StatsTableSerializer(serializers.Serializer[Any]):
    figure = serializers.CharField()
    title = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(
        child=serializers.DictField(), help_text="One object per row, keyed by column."
    )
