"""The people and listings of a match, shared by the review, API, admin and page tests of matching.

A battery maker in Hefei (owner and a plain member) supplies cells; a vehicle maker in Nanjing (owner)
looks for them; a third enterprise has nothing to do with either; and a platform admin reviews.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from accounts.models import Enterprise, Membership, User
from accounts.taxonomy import Theme
from listings.models import Listing
from matching.models import Match
from tests.factories import (
    DemandListingFactory,
    EnterpriseFactory,
    ListingFactory,
    MatchFactory,
    MembershipFactory,
    StaffFactory,
    region,
)

BREAKDOWN: list[dict[str, Any]] = [
    {
        "feature": "region",
        "value": 1.0,
        "weight": 0.06,
        "reason_zh": "同城",
        "reason_en": "same city",
        "miss": "",
    },
    {
        "feature": "certification",
        "value": 1.0,
        "weight": 0.07,
        "reason_zh": "持有 IATF 16949",
        "reason_en": "holds IATF 16949",
        "miss": "",
    },
    {
        "feature": "price",
        "value": 0.8,
        "weight": 0.07,
        "reason_zh": "价格区间重叠 80%",
        "reason_en": "price ranges overlap 80%",
        "miss": "",
    },
    {
        "feature": "time",
        "value": 0.5,
        "weight": 0.05,
        "reason_zh": "交期 45 天，超出 30 天要求",
        "reason_en": "lead time 45 days exceeds 30",
        "miss": "mild",
    },
]


@dataclass
class Parties:
    supplier: Enterprise
    supplier_owner: Membership
    supplier_member: Membership
    buyer: Enterprise
    buyer_owner: Membership
    outsider: Membership
    staff: User
    supply: Listing
    demand: Listing

    def match(self, **fields: Any) -> Match:
        """A match of the supplier's cells with the buyer's demand (proposed unless told otherwise)."""
        defaults: dict[str, Any] = {
            "supply": self.supply,
            "demand": self.demand,
            "score": 0.87,
            "breakdown": BREAKDOWN,
        }
        if fields.get("status", Match.Status.PROPOSED) != Match.Status.PROPOSED:
            defaults |= {"reviewed_at": timezone.now(), "reviewed_by": self.staff}
        return MatchFactory(**(defaults | fields))


def make_parties() -> Parties:
    supplier = EnterpriseFactory(
        name_zh="合肥国轩电芯有限公司",
        name_en="Hefei Cells Co.",
        contact_name="王经理",
        contact_phone="0551-6000 1234",
        contact_email="sales@cells.example.com",
    )
    buyer = EnterpriseFactory(
        name_zh="南京整车制造有限公司",
        name_en="Nanjing Vehicles Co.",
        theme=Theme.VEHICLE_MAKER,
        region=region("320100"),
        contact_name="李采购",
        contact_phone="025-8000 5678",
        contact_email="buy@vehicles.example.com",
    )
    return Parties(
        supplier=supplier,
        supplier_owner=MembershipFactory(enterprise=supplier, role=Membership.Role.OWNER),
        supplier_member=MembershipFactory(enterprise=supplier, role=Membership.Role.MEMBER),
        buyer=buyer,
        buyer_owner=MembershipFactory(enterprise=buyer, role=Membership.Role.OWNER),
        outsider=MembershipFactory(enterprise=EnterpriseFactory(name_zh="无关企业有限公司")),
        staff=StaffFactory(),
        supply=ListingFactory(enterprise=supplier, title="方形磷酸铁锂电芯 280Ah"),
        demand=DemandListingFactory(enterprise=buyer, title="采购储能电芯 280Ah", region=region("320100")),
    )
