"""Financing applications: an enterprise applies to a financial institution (on one of its offers,
directly, or with an accepted order as evidence), the institution reviews it, asks for more information,
approves or declines it and disburses the funds; the applicant answers and may withdraw before a decision.

Every step locks the application, checks the actor and `FinancingApplication.TRANSITIONS`, writes an
`ApplicationEvent` and notifies the other side after commit. Uploaded documents are checked by content
before anything is written, and deleted again if the transaction that was to keep them fails.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Enterprise, User
from accounts.notifications import Notice, notify
from accounts.services import require_verified_enterprise
from accounts.taxonomy import Segment, Theme
from financing import notices
from financing.models import ApplicationDocument, ApplicationEvent, FinancingApplication
from financing.services.messages import (
    application_link,
    check_body,
    clean_file_name,
    delete_stored,
    store_message,
)
from listings.choices import FinancingDocument, Kind, Side
from listings.models import Listing
from matching.features import offer_range
from matching.models import Match
from orders.models import Order
from orders.services.common import (
    QUOTED,
    acting_enterprise,
    people_of,
    record_match_step,
    require_match_of,
    transition,
)
from platform_site.errors import ApplicationError, Conflict, TransitionNotAllowed
from platform_site.formats import money
from platform_site.uploads import FileType, check_upload, generated_name

Status = FinancingApplication.Status
AppKind = FinancingApplication.Kind
Action = ApplicationEvent.Action

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("99999999999999.99")  # what the amount columns (16 digits, 2 decimals) hold
MIN_TERM, MAX_TERM = 1, 360
PURPOSE_MAX_LENGTH = 4000
DOCUMENT_FOLDER = "financing/documents"
# The order statuses that make an order evidence: order financing needs an accepted order (the buyer
# committed), receivables financing a shipped one (the supplier has a claim on the buyer).
ORDER_STATUSES: dict[str, frozenset[str]] = {
    AppKind.ORDER: frozenset(
        {Order.Status.ACCEPTED, Order.Status.SHIPPED, Order.Status.DELIVERED, Order.Status.COMPLETED}
    ),
    AppKind.RECEIVABLES: frozenset({Order.Status.SHIPPED, Order.Status.DELIVERED, Order.Status.COMPLETED}),
}
# An order backs at most one live application: financing the same receivable twice is what lenders fear.
LIVE = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.APPROVED, Status.DISBURSED)

Document = tuple[str, IO[bytes], str]  # (FinancingDocument code, file, original name)


# ---------------------------------------------------------------------------------------------------
# Helpers


def _record(
    application: FinancingApplication,
    actor: User | None,
    action: str,
    *,
    from_status: str = "",
    note: str = "",
) -> None:
    ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        action=action,
        from_status=from_status or application.status,
        to_status=application.status,
        note=note,
    )


def _tell(
    application: FinancingApplication,
    enterprise_id: int,
    notice: Notice,
    *,
    also: User | None = None,
    **params: str,
) -> None:
    notify(
        recipients=people_of(enterprise_id, also),
        notice=notice,
        link=application_link(application),
        number=str(application.pk),
        **params,
    )


def _tell_applicant(application: FinancingApplication, notice: Notice, **params: str) -> None:
    _tell(
        application,
        application.applicant_id,
        notice,
        also=application.submitted_by,
        institution=application.institution.display_name,
        **params,
    )


def _tell_institution(application: FinancingApplication, notice: Notice, **params: str) -> None:
    author = application.offer.created_by if application.offer is not None else None
    _tell(
        application,
        application.institution_id,
        notice,
        also=application.decided_by or author,
        applicant=application.applicant.display_name,
        **params,
    )


def _lock(application: FinancingApplication) -> FinancingApplication:
    return (
        FinancingApplication.objects.select_for_update(of=("self",))
        .select_related("applicant", "institution", "offer", "submitted_by", "decided_by")
        .get(pk=application.pk)
    )


def _as_institution(application: FinancingApplication, actor: User) -> Enterprise:
    return acting_enterprise(
        actor,
        application.institution_id,
        message=_("Only the financial institution's members may do this with the application."),
    )


def _as_applicant(application: FinancingApplication, actor: User) -> Enterprise:
    return acting_enterprise(
        actor,
        application.applicant_id,
        message=_("Only the applicant's members may do this with the application."),
    )


def _require_pending(application: FinancingApplication, message: str) -> None:
    if application.status not in FinancingApplication.PENDING:
        raise TransitionNotAllowed(message)


def _money(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _check_amount(errors: dict[str, list[str]], field: str, amount: Decimal | None) -> None:
    if amount is None or amount <= 0:
        errors[field] = [_("Give an amount of more than zero.")]
    elif amount > MAX_AMOUNT:
        errors[field] = [_("The amount is too large.")]


def _check_term(errors: dict[str, list[str]], field: str, months: int | None) -> None:
    if months is None or not MIN_TERM <= months <= MAX_TERM:
        errors[field] = [_("Between %(min)s and %(max)s months.") % {"min": MIN_TERM, "max": MAX_TERM}]


def document_label(code: str) -> str:
    return str(FinancingDocument(code).label) if code in FinancingDocument.values else code


def is_open_question(application: FinancingApplication) -> bool:
    """The institution asked for more information and the applicant has not answered yet."""
    return application.info_requested_at is not None and application.info_answered_at is None


# ---------------------------------------------------------------------------------------------------
# What may be applied for


def check_offer(offer: Listing) -> None:
    """An offer is a published funding supply of a verified financial institution."""
    institution = offer.enterprise
    if (
        offer.side != Side.SUPPLY
        or offer.kind != Kind.FUNDING
        or institution.theme != Theme.FINANCIAL_INSTITUTION
        or not institution.is_verified
    ):
        raise ApplicationError(
            _("Applications are made on the financing offers of verified financial institutions."),
            code="not_an_offer",
            fields={"offer": [_("Not a financing offer of a verified financial institution.")]},
        )
    if offer.status != Listing.Status.PUBLISHED:
        raise TransitionNotAllowed(
            _("This offer is not published, so it takes no applications."), code="offer_not_published"
        )


def check_institution(institution: Enterprise | None) -> Enterprise:
    """Without an offer one applies to a verified financial institution."""
    if institution is None:
        raise ValidationError({"institution": [_("Choose an offer or a financial institution.")]})
    if institution.theme != Theme.FINANCIAL_INSTITUTION or not institution.is_verified:
        raise ValidationError({"institution": [_("Not a verified financial institution.")]})
    return institution


def eligibility_errors(offer: Listing, applicant: Enterprise) -> list[str]:
    """Why the offer's eligibility rules (enterprise type, segments, province) exclude the applicant."""
    problems = []
    themes = offer.eligible_themes
    if themes and applicant.theme not in themes:
        labels = ", ".join(str(Theme(code).label) for code in themes if code in Theme.values)
        problems.append(_("This offer is for these enterprise types only: %(types)s.") % {"types": labels})
    segments = offer.eligible_segments
    if segments and not set(segments) & set(applicant.segment_codes):
        labels = ", ".join(str(Segment(code).label) for code in segments if code in Segment.values)
        problems.append(
            _("This offer is for enterprises in these segments only: %(segments)s.") % {"segments": labels}
        )
    provinces = offer.eligible_provinces
    if provinces and applicant.region.province_code not in provinces:
        problems.append(_("This offer is not available in your enterprise's province."))
    return problems


def _range_text(low: Any, high: Any, fmt: Any) -> str:
    if low is not None and high is not None:
        return f"{fmt(low)}–{fmt(high)}"
    return _("at least %(n)s") % {"n": fmt(low)} if low is not None else _("at most %(n)s") % {"n": fmt(high)}


def offer_errors(offer: Listing, amount: Decimal | None, term_months: int | None) -> dict[str, list[str]]:
    """The amount and term outside the offer's ranges (one value stated alone is the ceiling, as the
    catalogue and the matching engine read it)."""
    errors: dict[str, list[str]] = {}
    low, high = offer_range(offer.funding_amount, offer.funding_amount_max)
    if (
        amount is not None
        and amount > 0
        and ((low is not None and amount < low) or (high is not None and amount > high))
    ):
        errors["amount"] = [_("This offer lends ¥%(range)s.") % {"range": _range_text(low, high, money)}]
    shortest, longest = offer_range(offer.funding_term_months, offer.funding_term_max_months)
    if term_months is not None and (
        (shortest is not None and term_months < shortest) or (longest is not None and term_months > longest)
    ):
        errors["term_months"] = [
            _("This offer's term is %(range)s months.") % {"range": _range_text(shortest, longest, str)}
        ]
    return errors


def _order_errors(
    errors: dict[str, list[str]],
    kind: str,
    order: Order | None,
    applicant: Enterprise,
    amount: Decimal | None,
) -> None:
    if kind == AppKind.GENERAL:
        if order is not None:
            errors["order"] = [_("An order is named only for order or receivables financing.")]
        return
    if order is None:
        errors["order"] = [_("Name the order this financing rests on.")]
        return
    if order.seller_id != applicant.pk:
        errors["order"] = [_("Only the order's seller (the supplier) can finance it.")]
        return
    if order.status not in ORDER_STATUSES[kind]:
        errors["order"] = [
            _("Order financing needs an accepted order.")
            if kind == AppKind.ORDER
            else _("Receivables financing needs a shipped, delivered or completed order.")
        ]
    if amount is not None and amount > order.total:
        errors["amount"] = [_("At most the order's value, ¥%(total)s.") % {"total": money(order.total)}]


def _check_documents(
    errors: dict[str, list[str]], documents: Sequence[Document], required: Iterable[str]
) -> list[FileType]:
    """The kinds and files of the uploads; returns each file's type (all checked before any is kept)."""
    problems: list[str] = []
    if len(documents) > settings.FINANCING_DOCUMENT_MAX_COUNT:
        problems.append(
            _("At most %(n)d documents per application.") % {"n": settings.FINANCING_DOCUMENT_MAX_COUNT}
        )
    unknown = sorted({kind for kind, _file, _name in documents if kind not in FinancingDocument.values})
    if unknown:
        problems.append(_("Unknown kind of document: %(kinds)s.") % {"kinds": ", ".join(unknown)})
    given = {kind for kind, _file, _name in documents}
    missing = [code for code in required if code not in given]
    if missing:
        problems.append(
            _("This offer asks for: %(documents)s.")
            % {"documents": ", ".join(document_label(c) for c in missing)}
        )
    types: list[FileType] = []
    for _kind, file, name in documents:
        try:
            types.append(
                check_upload(file, max_bytes=settings.FINANCING_DOCUMENT_MAX_BYTES, field="documents")
            )
        except ValidationError as exc:
            problems.extend(f"{clean_file_name(name, file)}: {text}" for text in exc.messages)
    if problems:
        errors["documents"] = problems
    return types


def _store_document(
    application: FinancingApplication,
    actor: User,
    kind: str,
    file: IO[bytes],
    name: str,
    file_type: FileType,
    stored: list[str],
) -> ApplicationDocument:
    path = default_storage.save(generated_name(DOCUMENT_FOLDER, file_type), File(file))
    stored.append(path)
    return ApplicationDocument.objects.create(
        application=application,
        kind=kind,
        file=path,
        original_name=clean_file_name(name, file),
        content_type=file_type.content_type,
        size=default_storage.size(path),
        uploaded_by=actor,
    )


# ---------------------------------------------------------------------------------------------------
# Applying


@transaction.atomic
def application_submit(
    *,
    actor: User,
    institution: Enterprise | None = None,
    offer: Listing | None = None,
    order: Order | None = None,
    kind: str = AppKind.GENERAL,
    amount: Decimal | None,
    term_months: int | None,
    purpose: str,
    consent: bool,
    documents: Sequence[Document] = (),
    match: Match | None = None,
) -> FinancingApplication:
    """A member of a verified enterprise applies for financing, sharing its profile with the institution.

    On an offer (a published funding supply of a verified financial institution) the amount, term,
    eligibility and required documents follow the offer; without one, `institution` names the verified
    institution applied to. Order or receivables financing names an order the applicant sold, as
    evidence: the amount is at most the order's value. Every field error comes back at once and nothing
    (no row, no file) is written unless all is well. From an approved match with the offer, the match's
    funnel moves to "quoted".
    """
    applicant = require_verified_enterprise(actor)
    if kind not in AppKind.values:
        raise ValidationError(
            {"kind": [_("Choose one of: %(kinds)s.") % {"kinds": ", ".join(str(k.label) for k in AppKind)}]}
        )
    if offer is not None:
        offer = Listing.objects.select_related("enterprise", "created_by").get(pk=offer.pk)
        check_offer(offer)
        if institution is not None and institution.pk != offer.enterprise_id:
            raise ValidationError({"institution": [_("The offer is another institution's.")]})
        institution = offer.enterprise
        require_match_of(match, listing_id=offer.pk, enterprise_id=applicant.pk)
    else:
        institution = check_institution(institution)
        if match is not None:
            raise ValidationError({"match": [_("A match is named only with the offer it proposed.")]})
    if institution.pk == applicant.pk:
        field = "offer" if offer is not None else "institution"
        raise ApplicationError(
            _("Your enterprise cannot apply to itself for financing."),
            code="own_institution",
            fields={field: [_("This is your own enterprise.")]},
        )
    if order is not None:
        # The order's lock serialises applications on it, so two cannot both take it as evidence.
        order = Order.objects.select_for_update().get(pk=order.pk)

    errors: dict[str, list[str]] = {}
    if consent is not True:
        errors["consent"] = [
            _("Agree to share your enterprise profile with %(institution)s to apply.")
            % {"institution": institution.display_name}
        ]
    amount = _money(amount) if amount is not None else None
    _check_amount(errors, "amount", amount)
    _check_term(errors, "term_months", term_months)
    purpose = (purpose or "").strip()
    if not purpose:
        errors["purpose"] = [_("Say what the funds are for.")]
    elif len(purpose) > PURPOSE_MAX_LENGTH:
        errors["purpose"] = [_("At most %(n)d characters.") % {"n": PURPOSE_MAX_LENGTH}]
    if offer is not None:
        for field, texts in offer_errors(offer, amount, term_months).items():
            errors.setdefault(field, texts)
        if problems := eligibility_errors(offer, applicant):
            errors["offer"] = problems
    _order_errors(errors, kind, order, applicant, amount)
    documents = list(documents)
    types = _check_documents(errors, documents, offer.required_documents if offer is not None else ())
    if errors:
        raise ValidationError(errors)
    assert amount is not None and term_months is not None  # noqa: S101 - errors were raised otherwise
    if order is not None:
        taken = FinancingApplication.objects.filter(order=order, status__in=LIVE).first()
        if taken is not None:
            raise Conflict(
                _("This order already backs financing application #%(number)s.") % {"number": taken.pk},
                code="order_already_financed",
            )

    stored: list[str] = []
    try:
        with transaction.atomic():
            application = FinancingApplication.objects.create(
                applicant=applicant,
                institution=institution,
                submitted_by=actor,
                offer=offer,
                order=order,
                match=match,
                kind=kind,
                amount=amount,
                term_months=term_months,
                purpose=purpose,
                consent_at=timezone.now(),
            )
            for (doc_kind, file, name), file_type in zip(documents, types, strict=True):
                _store_document(application, actor, doc_kind, file, name, file_type, stored)
            note = ", ".join(document_label(doc_kind) for doc_kind, _file, _name in documents)
            _record(application, actor, Action.SUBMITTED, note=note)
            _tell_institution(
                application,
                notices.APPLICATION_SUBMITTED,
                what=offer.title if offer is not None else str(AppKind(kind).label),
                amount=money(amount),
                term=str(term_months),
                purpose=purpose[:200],
            )
            record_match_step(match, actor, QUOTED)
    except BaseException:
        delete_stored(stored)
        raise
    return application


# ---------------------------------------------------------------------------------------------------
# The review


@transaction.atomic
def application_start_review(*, application: FinancingApplication, actor: User) -> FinancingApplication:
    """The institution takes a submitted application into review; the applicant is told."""
    application = _lock(application)
    _as_institution(application, actor)
    from_status = transition(application, Status.UNDER_REVIEW, Status)
    application.save(update_fields=["status", "updated_at"])
    _record(application, actor, Action.REVIEW_STARTED, from_status=from_status)
    _tell_applicant(application, notices.APPLICATION_REVIEW_STARTED)
    return application


@transaction.atomic
def application_request_info(
    *, application: FinancingApplication, actor: User, question: str
) -> FinancingApplication:
    """The institution asks for more information before deciding: the question is posted in the
    conversation and stays open until the applicant answers."""
    application = _lock(application)
    enterprise = _as_institution(application, actor)
    _require_pending(application, _("The application is decided; there is nothing more to ask."))
    question = check_body(question, field="question")
    if not question:
        raise ValidationError({"question": [_("Say what you need to know.")]})
    store_message(application=application, actor=actor, enterprise=enterprise, body=question, stored=[])
    application.info_request, application.info_requested_at = question, timezone.now()
    application.info_answered_at = None
    application.save(update_fields=["info_request", "info_requested_at", "info_answered_at", "updated_at"])
    _record(application, actor, Action.INFO_REQUESTED, note=question)
    _tell_applicant(application, notices.APPLICATION_INFO_REQUESTED, question=question)
    return application


@transaction.atomic
def application_answer_info(
    *, application: FinancingApplication, actor: User, answer: str, files: Sequence[IO[bytes]] = ()
) -> FinancingApplication:
    """The applicant answers the institution's open question in the conversation, with files if asked
    (the first with the answer, each further one as a message of its own)."""
    _as_applicant(application, actor)  # Before the files: a stranger learns nothing from the checks.
    answer = check_body(answer, field="answer")
    files = list(files)
    errors: dict[str, list[str]] = {}
    if not answer and not files:
        errors["answer"] = [_("Write an answer or attach a file.")]
    if len(files) > settings.FINANCING_DOCUMENT_MAX_COUNT:
        errors["files"] = [_("At most %(n)d files.") % {"n": settings.FINANCING_DOCUMENT_MAX_COUNT}]
    types: list[FileType] = []
    for file in files:
        try:
            types.append(check_upload(file, max_bytes=settings.FINANCING_DOCUMENT_MAX_BYTES, field="files"))
        except ValidationError as exc:
            errors.setdefault("files", []).extend(
                f"{clean_file_name('', file)}: {text}" for text in exc.messages
            )
    if errors:
        raise ValidationError(errors)
    stored: list[str] = []
    try:
        with transaction.atomic():
            application = _lock(application)
            enterprise = _as_applicant(application, actor)
            _require_pending(application, _("The application is decided; no answer is needed."))
            if not is_open_question(application):
                raise TransitionNotAllowed(
                    _("The institution has no open question; write in the conversation instead."),
                    code="no_open_question",
                )
            pairs: list[tuple[IO[bytes] | None, FileType | None]] = list(zip(files, types, strict=True))
            for index, (attached, file_type) in enumerate(pairs or [(None, None)]):
                store_message(
                    application=application,
                    actor=actor,
                    enterprise=enterprise,
                    body=answer if index == 0 else "",
                    file=attached,
                    file_name=getattr(attached, "name", "") if attached is not None else "",
                    file_type=file_type,
                    stored=stored,
                )
            application.info_answered_at = timezone.now()
            application.save(update_fields=["info_answered_at", "updated_at"])
            _record(application, actor, Action.INFO_ANSWERED, note=answer)
            _tell_institution(
                application,
                notices.APPLICATION_INFO_ANSWERED,
                excerpt=answer[:200] or ", ".join(clean_file_name("", f) for f in files),
            )
    except BaseException:
        delete_stored(stored)
        raise
    return application


@transaction.atomic
def application_add_document(
    *, application: FinancingApplication, actor: User, kind: str, file: IO[bytes], name: str
) -> ApplicationDocument:
    """The applicant adds a document (an image or PDF, checked by content) before the decision; nothing
    is kept if anything fails."""
    _as_applicant(application, actor)  # Before the file: a stranger learns nothing from the checks.
    if kind not in FinancingDocument.values:
        raise ValidationError(
            {
                "kind": [
                    _("Choose one of: %(kinds)s.")
                    % {"kinds": ", ".join(str(k.label) for k in FinancingDocument)}
                ]
            }
        )
    file_type = check_upload(file, max_bytes=settings.FINANCING_DOCUMENT_MAX_BYTES, field="file")
    stored: list[str] = []
    try:
        with transaction.atomic():
            application = _lock(application)
            _as_applicant(application, actor)
            _require_pending(application, _("The application is decided; no more documents are taken."))
            if application.documents.count() >= settings.FINANCING_DOCUMENT_MAX_COUNT:
                raise ValidationError(
                    {
                        "file": [
                            _("At most %(n)d documents per application.")
                            % {"n": settings.FINANCING_DOCUMENT_MAX_COUNT}
                        ]
                    }
                )
            document = _store_document(application, actor, kind, file, name, file_type, stored)
            _record(
                application,
                actor,
                Action.DOCUMENT_ADDED,
                note=f"{document_label(kind)}: {document.original_name}",
            )
            _tell_institution(
                application,
                notices.APPLICATION_DOCUMENT_ADDED,
                document=document_label(kind),
                name=document.original_name,
            )
    except BaseException:
        delete_stored(stored)
        raise
    return document


# ---------------------------------------------------------------------------------------------------
# The decision and the funds


@transaction.atomic
def application_approve(
    *,
    application: FinancingApplication,
    actor: User,
    amount: Decimal | None,
    rate: Decimal | None,
    term_months: int | None,
    conditions: str = "",
) -> FinancingApplication:
    """The institution approves an application under review: an amount up to the one asked for, an
    annual rate or fee, a term, and any conditions."""
    application = _lock(application)
    _as_institution(application, actor)
    from_status = transition(application, Status.APPROVED, Status)
    errors: dict[str, list[str]] = {}
    amount = _money(amount) if amount is not None else None
    _check_amount(errors, "amount", amount)
    if amount is not None and "amount" not in errors and amount > application.amount:
        errors["amount"] = [
            _("At most the amount applied for, ¥%(amount)s.") % {"amount": money(application.amount)}
        ]
    if rate is None or not 0 <= rate <= 100:
        errors["rate"] = [_("An annual rate or fee between 0 and 100%.")]
    _check_term(errors, "term_months", term_months)
    conditions = (conditions or "").strip()
    if len(conditions) > PURPOSE_MAX_LENGTH:
        errors["conditions"] = [_("At most %(n)d characters.") % {"n": PURPOSE_MAX_LENGTH}]
    if errors:
        raise ValidationError(errors)
    assert amount is not None and rate is not None  # noqa: S101 - errors were raised otherwise
    application.approved_amount, application.approved_rate = amount, _money(rate)
    application.approved_term_months, application.conditions = term_months, conditions
    application.decided_by, application.decided_at = actor, timezone.now()
    application.save(
        update_fields=[
            "status",
            "approved_amount",
            "approved_rate",
            "approved_term_months",
            "conditions",
            "decided_by",
            "decided_at",
            "updated_at",
        ]
    )
    _record(application, actor, Action.APPROVED, from_status=from_status, note=conditions)
    _tell_applicant(
        application,
        notices.APPLICATION_APPROVED,
        amount=money(amount),
        rate=f"{application.approved_rate:g}",
        term=str(term_months),
        conditions=conditions,
    )
    return application


@transaction.atomic
def application_decline(
    *, application: FinancingApplication, actor: User, reason: str
) -> FinancingApplication:
    """The institution declines an application before approving it, with a reason the applicant reads."""
    application = _lock(application)
    _as_institution(application, actor)
    from_status = transition(application, Status.DECLINED, Status)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Tell the applicant why.")]})
    application.decline_reason = reason
    application.decided_by, application.decided_at = actor, timezone.now()
    application.save(update_fields=["status", "decline_reason", "decided_by", "decided_at", "updated_at"])
    _record(application, actor, Action.DECLINED, from_status=from_status, note=reason)
    _tell_applicant(application, notices.APPLICATION_DECLINED, reason=reason)
    return application


@transaction.atomic
def application_disburse(
    *, application: FinancingApplication, actor: User, amount: Decimal | None = None, note: str = ""
) -> FinancingApplication:
    """The institution records the funds paid out: the approved amount, or less."""
    application = _lock(application)
    _as_institution(application, actor)
    from_status = transition(application, Status.DISBURSED, Status)
    approved = application.approved_amount
    assert approved is not None  # noqa: S101 - an approved application has an approved amount
    amount = _money(amount) if amount is not None else approved
    if amount <= 0 or amount > approved:
        raise ValidationError(
            {
                "amount": [
                    _("More than zero and at most the approved ¥%(amount)s.") % {"amount": money(approved)}
                ]
            }
        )
    note = (note or "").strip()
    application.disbursed_amount, application.disbursed_at = amount, timezone.now()
    application.save(update_fields=["status", "disbursed_amount", "disbursed_at", "updated_at"])
    _record(application, actor, Action.DISBURSED, from_status=from_status, note=note)
    _tell_applicant(application, notices.APPLICATION_DISBURSED, amount=money(amount), note=note)
    return application


@transaction.atomic
def application_withdraw(
    *, application: FinancingApplication, actor: User, reason: str = ""
) -> FinancingApplication:
    """The applicant takes back an application the institution has not decided yet."""
    application = _lock(application)
    _as_applicant(application, actor)
    from_status = transition(application, Status.WITHDRAWN, Status)
    reason = (reason or "").strip()
    application.save(update_fields=["status", "updated_at"])
    _record(application, actor, Action.WITHDRAWN, from_status=from_status, note=reason)
    _tell_institution(application, notices.APPLICATION_WITHDRAWN, reason=reason)
    return application


def application_actions(application: FinancingApplication, enterprise_id: int | None) -> list[str]:
    """The steps the enterprise may take on the application now (for buttons and the API)."""
    status = application.status
    pending = status in FinancingApplication.PENDING
    if enterprise_id is not None and enterprise_id == application.institution_id:
        actions = {
            "start_review": status == Status.SUBMITTED,
            "request_info": pending,
            "approve": status == Status.UNDER_REVIEW,
            "decline": pending,
            "disburse": status == Status.APPROVED,
        }
    elif enterprise_id is not None and enterprise_id == application.applicant_id:
        actions = {
            "answer_info": pending and is_open_question(application),
            "add_document": pending,
            "withdraw": pending,
        }
    else:
        return []
    return [name for name, allowed in actions.items() if allowed]
