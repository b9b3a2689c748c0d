"""factory_boy factories for the whole suite."""

from __future__ import annotations

import random
from typing import Any

import factory
from factory.django import DjangoModelFactory

from accounts.credit_code import ALPHABET, check_character
from accounts.models import (
    Certification,
    Enterprise,
    EnterpriseSegment,
    Membership,
    Notification,
    Region,
    User,
)
from accounts.taxonomy import Theme

PASSWORD = "Chainmatch-Test-2026!"


def make_credit_code(n: int) -> str:
    """A valid unified social credit code, distinct for each n."""
    rng = random.Random(n)
    body = "91" + "340100" + "".join(rng.choice(ALPHABET) for _ in range(9))
    return body + check_character(body)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name", locale="zh_CN")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: Any = None) -> None:
        if create:
            instance.save()


class StaffFactory(UserFactory):
    is_staff = True
    email = factory.Sequence(lambda n: f"admin{n}@example.gov.cn")


def region(code: str = "340100") -> Region:
    """A region loaded by the data migration (Hefei by default)."""
    return Region.objects.get(code=code)


class EnterpriseFactory(DjangoModelFactory[Enterprise]):
    class Meta:
        model = Enterprise
        skip_postgeneration_save = True

    name_zh = factory.Faker("company", locale="zh_CN")
    name_en = factory.Sequence(lambda n: f"Test Automotive Co. {n}")
    credit_code = factory.Sequence(make_credit_code)
    theme = Theme.COMPONENT_MAKER
    region = factory.LazyFunction(region)
    status = Enterprise.Status.VERIFIED

    @factory.post_generation
    def segments(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        if create:
            for segment in extracted if extracted is not None else ["power_battery"]:
                EnterpriseSegment.objects.create(enterprise=self, segment=segment)


class PendingEnterpriseFactory(EnterpriseFactory):
    status = Enterprise.Status.PENDING


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    role = Membership.Role.OWNER


class CertificationFactory(DjangoModelFactory[Certification]):
    class Meta:
        model = Certification

    enterprise = factory.SubFactory(EnterpriseFactory)
    standard = "IATF 16949"
    number = factory.Sequence(lambda n: f"IATF-{n:07d}")
    issuer = "TÜV SÜD"


class NotificationFactory(DjangoModelFactory[Notification]):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "test"
    title = factory.Sequence(lambda n: f"Notification {n}")
