"""`manage.py seed` and financing: the launch offers carry their terms, and the demo logins find
applications in every status to follow and to answer; `--reset` takes them away with the demo."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from accounts.models import Enterprise, Notification, User
from financing.models import ApplicationDocument, FinancingApplication
from listings.choices import Kind, Side
from listings.models import Listing
from listings.validation import validate_listing
from seeds import demo, listing_texts
from seeds import financing as seed_financing

pytestmark = pytest.mark.django_db

Status = FinancingApplication.Status


def seed(**options: Any) -> str:
    out = StringIO()
    call_command("seed", stdout=out, **options)
    return out.getvalue()


def login(theme: str) -> Enterprise:
    return User.objects.get(email=f"{theme}@{demo.DEMO_DOMAIN}").membership.enterprise


@pytest.fixture
def seeded() -> None:
    """The demo with its whole launch catalogue (129 listings), its business and its financing."""
    seed(enterprises=30, seed=7)


def launch_offers() -> list[Listing]:
    titles = {entry.title for entry in listing_texts.SUPPLY_FUNDING}
    return list(
        Listing.objects.filter(
            side=Side.SUPPLY, kind=Kind.FUNDING, status=Listing.Status.PUBLISHED, title__in=titles
        ).prefetch_related("certifications")
    )


def test_every_launch_offer_states_its_terms_within_the_rules(seeded: None) -> None:
    offers = launch_offers()
    assert len(offers) == len(listing_texts.SUPPLY_FUNDING) == 10
    for offer in offers:
        assert offer.funding_amount is not None and offer.funding_amount_max is not None
        assert offer.funding_amount <= offer.funding_amount_max
        assert offer.funding_term_months is not None and offer.funding_term_max_months is not None
        assert offer.funding_term_months <= offer.funding_term_max_months
        assert offer.required_documents and offer.funding_decision_days is not None
        # equity has no rate; every loan, lease, guarantee and supply-chain finance has one
        assert (offer.funding_rate_min is None) == (offer.funding_instrument == "equity")
        validate_listing(offer, [])  # the rules of the form and the API hold
    by_instrument = {o.funding_instrument: o.funding_decision_days for o in offers}
    assert by_instrument["equity"] > by_instrument["supply_chain_finance"]  # an equity round takes longer
    # the terms are written once: seeding them again changes nothing
    assert seed_financing.seed_offer_terms() == 0


def test_the_demo_has_applications_in_every_status(seeded: None) -> None:
    assert set(FinancingApplication.objects.values_list("status", flat=True)) == set(Status.values)
    for application in FinancingApplication.objects.all():
        assert application.consent_at is not None
        assert application.documents.exists()
        if application.offer is not None:
            kinds = set(application.documents.values_list("kind", flat=True))
            assert set(application.offer.required_documents) <= kinds
            assert application.offer.enterprise_id == application.institution_id
        assert application.events.exists()
    for document in ApplicationDocument.objects.all():
        assert default_storage.exists(document.file.name)
    # and they are made once
    assert seed_financing.seed_financing_applications() == {"applications": 0}


def test_the_component_maker_and_the_bank_follow_their_applications(seeded: None) -> None:
    bank, maker = login("financial_institution"), login("component_maker")
    mine = FinancingApplication.objects.filter(applicant=maker, institution=bank)
    general = mine.filter(kind=FinancingApplication.Kind.GENERAL)
    # one under review with the bank's question open, one approved waiting for the funds, one disbursed
    assert sorted(general.values_list("status", flat=True)) == ["approved", "disbursed", "under_review"]
    asking = general.get(status=Status.UNDER_REVIEW)
    assert asking.info_request and asking.info_requested_at and asking.info_answered_at is None
    assert asking.messages.filter(sender_enterprise=bank).exists()
    approved = general.get(status=Status.APPROVED)
    assert approved.approved_amount and approved.approved_rate is not None and not approved.disbursed_at
    disbursed = general.get(status=Status.DISBURSED)
    assert disbursed.disbursed_amount and disbursed.disbursed_amount <= disbursed.approved_amount
    # the component maker's shipped order backs receivables financing, at most the order's value
    financed = mine.get(kind=FinancingApplication.Kind.RECEIVABLES)
    assert financed.order is not None and financed.order.seller_id == maker.pk
    assert financed.amount <= financed.order.total
    # the bank also has a fresh application of another enterprise to review, and older decisions
    others = FinancingApplication.objects.filter(institution=bank).exclude(applicant=maker)
    assert {"submitted", "declined", "withdrawn"} <= set(others.values_list("status", flat=True))
    # the pipeline shows ages: applications were made on different days
    assert len({a.created_at.date() for a in FinancingApplication.objects.filter(institution=bank)}) > 3


def test_the_aftermarket_login_applied_for_its_funding_need(seeded: None) -> None:
    aftermarket = login("aftermarket")
    need = Listing.objects.get(enterprise=aftermarket, side=Side.DEMAND, kind=Kind.FUNDING)
    application = FinancingApplication.objects.get(applicant=aftermarket)
    assert application.status == Status.SUBMITTED
    assert (application.amount, application.term_months) == (need.funding_amount, need.funding_term_months)
    assert application.offer is not None
    assert application.offer.funding_instrument == need.funding_instrument


def test_the_demo_notices_are_delivered_and_reset_replaces_the_applications(seeded: None) -> None:
    institution_users = User.objects.filter(membership__enterprise=login("financial_institution"))
    notices = Notification.objects.filter(recipient__in=institution_users, kind__startswith="financing")
    assert notices.exists() and not notices.filter(emailed_at__isnull=True).exists()
    before = set(FinancingApplication.objects.values_list("pk", flat=True))
    seed(enterprises=30, seed=7, reset=True)
    after = set(FinancingApplication.objects.values_list("pk", flat=True))
    assert not before & after and len(after) == len(before)
