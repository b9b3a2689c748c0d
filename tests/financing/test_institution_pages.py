"""The financing pages: applying (with consent and documents, errors under the fields), my applications,
an application for each side with its forms, the institution's workspace, and both languages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from financing.models import ApplicationDocument, ApplicationMessage, FinancingApplication
from financing.services import applications as services
from financing.services import messages as conversation
from listings.models import Listing
from orders.models import Order
from tests.factories import ListingFactory, OrderFactory
from tests.financing.test_applications import PDF, World, at, nothing_written, stored_files, w

__all__ = ["w"]  # the fixture, shared with the service tests

pytestmark = pytest.mark.django_db

Status = FinancingApplication.Status
APPLY = reverse("financing:apply")
MINE = reverse("financing:applications")
WORKSPACE = reverse("financing:workspace")


def browser(user: User, language: str = "en") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def page_of(w: World, role: str, language: str = "en") -> Client:
    return browser(w.user(role), language)


def detail(application: FinancingApplication) -> str:
    return reverse("financing:application_detail", args=[application.pk])


def action(application: FinancingApplication, name: str) -> str:
    return reverse("financing:application_action", args=[application.pk, name])


def upload(name: str = "doc.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def form(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "amount": "3000000",
        "term_months": "12",
        "purpose": "扩充电驱总成产线流动资金",
        "consent": "on",
        "doc_business_licence": upload("营业执照.pdf"),
        "doc_financial_statements": upload("年报.pdf"),
    }
    data.update(extra)
    return {key: value for key, value in data.items() if value is not None}


# ---------------------------------------------------------------------------------------------------
# Applying


def test_the_form_on_an_offer_asks_for_consent_and_its_documents(w: World) -> None:
    response = page_of(w, "applicant").get(f"{APPLY}?offer={w.offer.pk}")

    assert response.status_code == 200
    html = response.content.decode()
    assert "I agree to share my enterprise profile" in html and "with Hefei Industrial Bank" in html
    assert 'name="doc_business_licence"' in html and 'name="doc_financial_statements"' in html
    assert 'name="institution"' not in html and 'name="kind"' not in html
    assert "¥1,000,000–¥10,000,000" in html and "6–36 months" in html


def test_applying_from_the_page_goes_to_the_application(w: World) -> None:
    response = page_of(w, "applicant").post(f"{APPLY}?offer={w.offer.pk}", form())

    application = FinancingApplication.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(application)
    assert application.institution == w.bank.enterprise and application.documents.count() == 2


@pytest.mark.parametrize(
    ("extra", "text"),
    [
        ({"consent": None}, "Agree to share your enterprise profile with Hefei Industrial Bank to apply."),
        ({"amount": "100"}, "This offer lends ¥1,000,000–10,000,000."),
        ({"term_months": "60"}, "This offer&#x27;s term is 6–36 months."),
        ({"doc_financial_statements": None}, "This offer asks for: Financial statements (3 years)."),
        ({"doc_business_licence": upload("x.pdf", b"plain")}, "x.pdf: Only PDF, PNG, JPEG, WebP files"),
    ],
)
def test_errors_come_back_on_the_form_and_nothing_is_written(
    w: World, extra: dict[str, Any], text: str
) -> None:
    response = page_of(w, "applicant").post(f"{APPLY}?offer={w.offer.pk}", form(**extra))

    assert response.status_code == 400
    assert text in response.content.decode()
    assert nothing_written()


def test_applying_to_an_institution_chosen_on_the_form(w: World) -> None:
    client = page_of(w, "applicant")
    page = client.get(APPLY).content.decode()
    assert 'name="institution"' in page and "Anhui Credit Union" in page

    response = client.post(
        APPLY,
        form(
            institution=w.other_bank.enterprise_id, doc_business_licence=None, doc_financial_statements=None
        ),
    )

    assert response.status_code == 302
    assert FinancingApplication.objects.get().institution == w.other_bank.enterprise


def test_an_order_is_financed_from_the_page(w: World) -> None:
    order = OrderFactory(
        listing=ListingFactory(enterprise=w.applicant.enterprise), status=Order.Status.ACCEPTED
    )
    client = page_of(w, "applicant")
    url = f"{APPLY}?order={order.pk}&institution={w.bank.enterprise_id}"

    page = client.get(url).content.decode()
    assert f"Order #{order.pk} as evidence" in page and 'name="kind"' in page and "80,000" in page
    too_much = client.post(url, form(kind="order_financing", amount="90000", term_months="6"))
    assert (
        too_much.status_code == 400
        and "At most the order&#x27;s value, ¥80,000." in too_much.content.decode()
    )

    response = client.post(url, form(kind="order_financing", amount="80000", term_months="6"))

    assert response.status_code == 302
    assert FinancingApplication.objects.get().order == order


def test_an_order_of_someone_else_or_a_non_offer_is_not_found(w: World) -> None:
    client = page_of(w, "applicant")
    product = ListingFactory()
    draft = ListingFactory(enterprise=w.bank.enterprise, status=Listing.Status.DRAFT)

    assert client.get(f"{APPLY}?order={OrderFactory().pk}").status_code == 404
    assert client.get(f"{APPLY}?offer={product.pk}").status_code == 404
    assert client.get(f"{APPLY}?offer={draft.pk}").status_code == 404
    assert client.get(f"{APPLY}?institution={w.other.enterprise_id}").status_code == 404


def test_an_unverified_enterprise_sees_why_it_cannot_apply(w: World) -> None:
    page = page_of(w, "unverified").get(f"{APPLY}?offer={w.offer.pk}").content.decode()

    assert "not verified yet" in page and "disabled" in page


# ---------------------------------------------------------------------------------------------------
# My applications and the workspace


def test_my_applications_list_with_status_tabs(w: World) -> None:
    pending = w.apply()
    approved = at(w, Status.APPROVED)

    page = page_of(w, "applicant").get(MINE).content.decode()

    assert f"#{pending.pk}" in page and f"#{approved.pk}" in page and "¥3,000,000" in page
    assert "approved ¥2,500,000" in page and "Hefei Industrial Bank" in page
    assert 'href="/financing/applications/?status=approved"' in page
    only = page_of(w, "applicant").get(f"{MINE}?status=approved").content.decode()
    assert f"#{approved.pk}" in only and f">#{pending.pk}<" not in only


def test_an_institution_is_shown_its_workspace_from_my_applications(w: World) -> None:
    w.apply()

    page = page_of(w, "institution").get(MINE).content.decode()

    assert "1 application waiting for a decision" in page and WORKSPACE in page


def test_the_workspace_shows_the_pipeline_with_amounts_and_ages(w: World) -> None:
    submitted = w.apply()
    FinancingApplication.objects.filter(pk=submitted.pk).update(created_at=submitted.created_at - _days(4))
    at(w, Status.UNDER_REVIEW)
    disbursed = at(w, Status.DISBURSED)

    response = page_of(w, "institution").get(WORKSPACE)

    assert response.status_code == 200
    page = response.content.decode()
    assert "4 days old" in page and "0 days old" in page and "¥3,000,000" in page
    assert "2 open applications, ¥6,000,000 in all" in page
    assert f"#{disbursed.pk}" in page and "disbursed ¥2,500,000" in page


def test_the_workspace_is_for_financial_institutions_only(w: World) -> None:
    assert page_of(w, "applicant").get(WORKSPACE).status_code == 403
    assert page_of(w, "other_bank").get(WORKSPACE).status_code == 200


def _days(n: int) -> Any:
    import datetime

    return datetime.timedelta(days=n)


# ---------------------------------------------------------------------------------------------------
# One application


def test_the_institution_sees_the_profile_the_documents_and_its_forms(w: World) -> None:
    application = w.apply()

    page = page_of(w, "institution").get(detail(application)).content.decode()

    assert "Applicant's profile" in page and "finance@wuhu-drive.example.com" in page and "王经理" in page
    assert "营业执照.pdf" in page and "2025年报.pdf" in page
    assert action(application, "start_review") in page and action(application, "request_info") in page
    assert action(application, "decline") in page and action(application, "withdraw") not in page
    assert "Timeline" in page


def test_the_applicant_sees_its_forms_and_no_decision_forms(w: World) -> None:
    application = w.apply()

    page = page_of(w, "applicant").get(detail(application)).content.decode()

    assert action(application, "withdraw") in page and action(application, "add_document") in page
    assert action(application, "approve") not in page and action(application, "start_review") not in page
    assert "Waiting for the institution to review it." in page


@pytest.mark.parametrize(("who", "status"), [("other", 404), ("other_bank", 404), ("staff", 200)])
def test_others_are_told_the_application_does_not_exist(w: World, who: str, status: int) -> None:
    application = w.apply()
    document = application.documents.first()
    conversation.message_post(
        actor=w.applicant.user, application=application, file=upload(), file_name="a.pdf"
    )
    message = ApplicationMessage.objects.get()
    client = page_of(w, who)

    assert client.get(detail(application)).status_code == status
    document_url = reverse("financing:application_document", args=[application.pk, document.pk])
    file_url = reverse("financing:application_message_file", args=[application.pk, message.pk])
    assert client.get(document_url).status_code == status
    assert client.get(file_url).status_code == status
    if who != "staff":
        assert client.post(action(application, "withdraw")).status_code == 404
        assert (
            client.post(reverse("financing:application_message_post", args=[application.pk])).status_code
            == 404
        )


def test_the_institution_reviews_asks_approves_and_disburses_from_the_page(w: World) -> None:
    application = w.apply()
    bank, applicant = page_of(w, "institution"), page_of(w, "applicant")

    assert bank.post(action(application, "start_review")).status_code == 302
    assert bank.post(action(application, "request_info"), {"question": "请补充银行流水"}).status_code == 302
    page = applicant.get(detail(application)).content.decode()
    assert "More information requested:" in page and action(application, "answer_info") in page
    response = applicant.post(
        action(application, "answer_info"), {"answer": "见附件", "answer_files": [upload("流水.pdf")]}
    )
    assert response.status_code == 302

    bad = bank.post(action(application, "approve"), {"amount": "9000000", "rate": "4", "term_months": "12"})
    assert bad.status_code == 400 and "At most the amount applied for, ¥3,000,000." in bad.content.decode()
    ok = bank.post(
        action(application, "approve"),
        {"amount": "2500000", "rate": "4.35", "term_months": "12", "conditions": "需担保"},
    )
    assert ok.status_code == 302
    assert bank.post(action(application, "disburse"), {"amount": "", "note": "LN-1"}).status_code == 302

    application.refresh_from_db()
    assert application.status == Status.DISBURSED and application.disbursed_amount == Decimal("2500000.00")
    page = applicant.get(detail(application)).content.decode()
    assert "Approved terms" in page and "4.35%" in page and "¥2,500,000 disbursed" in page
    assert "请补充银行流水" in page and "流水.pdf" in page  # the conversation


def test_decline_and_withdraw_from_the_page(w: World) -> None:
    declined, withdrawn = w.apply(), w.apply()

    missing = page_of(w, "institution").post(action(declined, "decline"), {"reason": ""})
    assert missing.status_code == 400
    page_of(w, "institution").post(action(declined, "decline"), {"reason": "负债率过高"})
    page_of(w, "applicant").post(action(withdrawn, "withdraw"), {"reason": ""})

    assert FinancingApplication.objects.get(pk=declined.pk).status == Status.DECLINED
    assert FinancingApplication.objects.get(pk=withdrawn.pk).status == Status.WITHDRAWN
    assert "Declined:" in page_of(w, "applicant").get(detail(declined)).content.decode()


def test_a_refused_step_is_a_message_not_an_error(w: World) -> None:
    application = w.apply()

    response = page_of(w, "applicant").post(
        action(application, "approve"), {"amount": "1", "rate": "1", "term_months": "1"}, follow=True
    )

    assert response.status_code == 200
    assert "Only the financial institution&#x27;s members" in response.content.decode()
    assert FinancingApplication.objects.get().status == Status.SUBMITTED


def test_documents_and_messages_from_the_page(w: World) -> None:
    application = w.apply()
    applicant = page_of(w, "applicant")
    before = len(stored_files())

    bad = applicant.post(
        action(application, "add_document"), {"kind": "tax_records", "file": upload("x", b"nope")}
    )
    assert bad.status_code == 400 and len(stored_files()) == before
    applicant.post(action(application, "add_document"), {"kind": "tax_records", "file": upload("完税.pdf")})
    applicant.post(
        reverse("financing:application_message_post", args=[application.pk]), {"body": "请尽快审批"}
    )

    assert ApplicationDocument.objects.filter(kind="tax_records").count() == 1
    page = page_of(w, "institution").get(detail(application)).content.decode()
    assert "完税.pdf" in page and "请尽快审批" in page


def test_an_unknown_step_is_not_found(w: World) -> None:
    application = w.apply()

    assert page_of(w, "institution").post(action(application, "explode")).status_code == 404


# ---------------------------------------------------------------------------------------------------
# Both languages, and the way in


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_page_renders_for_both_sides_in_both_languages(w: World, language: str) -> None:
    order = OrderFactory(
        listing=ListingFactory(enterprise=w.applicant.enterprise), status=Order.Status.SHIPPED
    )
    application = services.application_submit(
        actor=w.applicant.user,
        institution=w.bank.enterprise,
        order=order,
        kind="receivables_financing",
        amount=Decimal("50000"),
        term_months=3,
        purpose="应收账款融资",
        consent=True,
    )
    pages = {
        "applicant": [
            APPLY,
            f"{APPLY}?offer={w.offer.pk}",
            f"{APPLY}?order={order.pk}",
            MINE,
            detail(application),
        ],
        "institution": [MINE, WORKSPACE, detail(application)],
    }
    for role, urls in pages.items():
        client = page_of(w, role, language)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            assert response.headers["Content-Language"] == language
    facts = page_of(w, "institution", language).get(detail(application)).content.decode()
    assert "80,000" in facts and order.listing.title in facts


def test_the_business_pages_link_to_financing(w: World) -> None:
    page = page_of(w, "applicant").get(reverse("orders:orders_mine")).content.decode()

    assert f'href="{MINE}"' in page


# ---------------------------------------------------------------------------------------------------
# The admin: read-only


def test_staff_follow_applications_in_the_admin_but_change_nothing(w: World) -> None:
    application = at(w, Status.UNDER_REVIEW)
    conversation.message_post(actor=w.applicant.user, application=application, body="请尽快审批")
    w.staff.is_superuser = True
    w.staff.save()
    client = browser(w.staff)
    change = reverse("admin:financing_financingapplication_change", args=[application.pk])

    listing = client.get(reverse("admin:financing_financingapplication_changelist") + "?q=Wuhu")
    page = client.get(change)

    assert listing.status_code == 200 and f">{application.pk}<" in listing.content.decode()
    assert page.status_code == 200
    html = page.content.decode()
    assert "营业执照.pdf" in html and "review_started" in html and "请尽快审批" in html
    assert client.get(reverse("admin:financing_financingapplication_add")).status_code == 403
    assert client.post(change, {"status": "approved"}).status_code == 403
    assert client.get(reverse("admin:financing_applicationmessage_changelist")).status_code == 200
    assert FinancingApplication.objects.get().status == Status.UNDER_REVIEW
