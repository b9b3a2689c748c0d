"""Bulk import and export of listings as CSV or XLSX.

Import is all or nothing: every row is parsed and validated by the same rules as the form and the API
(`services.listing_build`); if any row fails, nothing is written and the member gets every error by
row and field. Rows whose first cell starts with "#" are comments (the template's examples).
Spreadsheet row numbers are reported as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Enterprise, Region, User
from accounts.notifications import notify
from accounts.services import require_verified_enterprise
from accounts.taxonomy import Segment
from listings import notices
from listings.choices import Instrument, Kind, Side, TextLanguage, TransferMode
from listings.models import Listing, ListingEvent
from listings.services import listing_build, record_event, save_certifications, staff_users
from listings.validation import CODE_FIELDS, EDITABLE_FIELDS, CertificationInput, code_choices, split_codes
from platform_site.errors import ApplicationError

# The file's columns: side and kind, then what an owner may set (in the order of the form), then the
# certifications as one cell.
COLUMNS: tuple[str, ...] = ("side", "kind", *EDITABLE_FIELDS, "certifications")
REQUIRED_COLUMNS = ("side", "kind", "title", "segment", "category", "region")
# Export writes these too; import accepts and ignores them, so an export can be edited and re-imported.
EXPORT_ONLY_COLUMNS = ("id", "status", "published_at")
CHOICES: dict[str, Any] = {
    "side": Side,
    "kind": Kind,
    "segment": Segment,
    "language": TextLanguage,
    "tech_transfer_mode": TransferMode,
    "funding_instrument": Instrument,
}
DECIMALS = ("quantity", "min_order_quantity", "price_min", "price_max", "talent_salary_min",
            "talent_salary_max", "funding_amount", "funding_amount_max", "funding_rate_min",
            "funding_rate_max")  # fmt: skip
INTEGERS = (
    "lead_time_days",
    "tech_trl",
    "talent_headcount",
    "talent_experience_years",
    "funding_term_months",
    "funding_term_max_months",
    "funding_decision_days",
)
DATES = ("deadline", "valid_until")
REGIONS = ("region", "talent_work_region")
TRUE = {"true", "yes", "y", "1", "是", "x", "✓"}
FALSE = {"false", "no", "n", "0", "否", ""}
XLSX_MAGIC = b"PK\x03\x04"
DATE_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
# A spreadsheet runs a cell that starts with one of these as a formula; exports defuse them with a
# leading apostrophe (which spreadsheets hide) and imports take it off again.
FORMULA_STARTS = ("=", "+", "-", "@")

EXAMPLES: tuple[dict[str, str], ...] = (
    {"side": "# supply", "kind": "product",
     "title": "示例 Example: 方形磷酸铁锂电芯 280Ah",
     "segment": "power_battery", "category": "电芯", "region": "340100", "quantity": "50000",
     "unit": "件", "min_order_quantity": "500",
     "price_min": "380", "price_max": "420", "lead_time_days": "30", "certifications": "IATF 16949; UN38.3"},
    {"side": "# demand", "kind": "technology", "title": "示例 Example: 寻求 SiC 电驱控制器技术合作",
     "segment": "electric_drive", "category": "电机控制器", "region": "340200", "price_negotiable": "yes",
     "tech_transfer_mode": "co_development", "deadline": "2027-06-30", "certifications": "ISO 26262*"},
    {"side": "# supply", "kind": "talent", "title": "Example: Battery engineers for secondment",
     "segment": "power_battery", "category": "电池工程师", "region": "340100", "talent_headcount": "5",
     "talent_skills": "BMS, 热管理, cell testing", "talent_experience_years": "3",
     "talent_salary_min": "15000", "talent_salary_max": "25000"},
    {"side": "# supply", "kind": "funding", "title": "示例 Example: 汽车零部件供应链金融",
     "segment": "complete_vehicle", "category": "供应链金融", "region": "340100",
     "funding_amount": "1000000", "funding_amount_max": "5000000", "funding_term_months": "3",
     "funding_term_max_months": "12", "funding_rate_min": "3.5", "funding_rate_max": "5.5",
     "funding_instrument": "supply_chain_finance", "funding_eligible_themes": "component_maker",
     "funding_eligible_provinces": "340000, 320000", "funding_decision_days": "5",
     "funding_required_documents": "business_licence, order_contract, invoices"},
)  # fmt: skip


class ImportRejected(ApplicationError):
    """The file or some of its rows are invalid; nothing was imported."""

    code = "import_rejected"


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    messages: tuple[str, ...]


# ---------------------------------------------------------------------------------------------------
# Reading files


def _read_rows(file: IO[bytes]) -> Iterator[list[Any]]:
    head = file.read(4)
    file.seek(0)
    if head == XLSX_MAGIC:
        return _xlsx_rows(file)
    raw = file.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")  # Excel on Chinese Windows saves CSV in GBK.
        except UnicodeDecodeError:
            raise ImportRejected(
                _("The file is neither XLSX nor a CSV text file."), fields={"file": [_("Unreadable file.")]}
            ) from None
    if "\x00" in text:
        raise ImportRejected(
            _("The file is neither XLSX nor a CSV text file."), fields={"file": [_("Unreadable file.")]}
        )
    return csv.reader(io.StringIO(text))


def _xlsx_rows(file: IO[bytes]) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged archive
        raise ImportRejected(
            _("The XLSX file could not be read."), fields={"file": [_("Damaged or not a workbook.")]}
        ) from exc
    # Lazily, so that the row limit stops a workbook that unpacks into millions of rows.
    return (list(row) for row in workbook.worksheets[0].iter_rows(values_only=True))


# ---------------------------------------------------------------------------------------------------
# Parsing cells


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in FORMULA_STARTS:
        return text[1:]
    return text


def _defused(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _choice(name: str, value: str) -> str:
    choices = CHOICES[name]
    wanted = value.casefold()
    for code in choices.values:
        labels = {code.casefold()}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                labels.add(str(choices(code).label).casefold())
        if wanted in labels:
            return str(code)
    raise ValidationError(
        _("Unknown value %(value)s; use one of: %(codes)s.")
        % {"value": value, "codes": ", ".join(choices.values)}
    )


def _region(value: str, regions: dict[str, Region]) -> Region:
    region = regions.get(value.casefold())
    if region is None:
        raise ValidationError(_("Unknown region %(value)s; give its code, e.g. 340100.") % {"value": value})
    return region


def _decimal(value: str) -> Decimal:
    try:
        return Decimal(value.replace(",", "").replace("¥", "").replace("￥", "").strip())
    except InvalidOperation:
        raise ValidationError(_("Enter a number.")) from None


def _integer(value: str) -> int:
    number = _decimal(value)
    if number != number.to_integral_value():
        raise ValidationError(_("Enter a whole number."))
    return int(number)


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    # Excel on Chinese Windows writes dates into CSV as 2027/6/30.
    match = DATE_RE.match(_text(value))
    try:
        if match:
            return datetime.date(*map(int, match.groups()))
        return datetime.date.fromisoformat(_text(value))
    except ValueError:
        raise ValidationError(_("Enter a date as YYYY-MM-DD.")) from None


def _boolean(value: str) -> bool:
    folded = value.casefold()
    if folded in TRUE:
        return True
    if folded in FALSE:
        return False
    raise ValidationError(_("Enter yes or no."))


def _certifications(value: str) -> list[CertificationInput]:
    parts = [p.strip() for p in value.replace("；", ";").split(";") if p.strip()]
    return [CertificationInput(p.rstrip("*").strip(), mandatory=p.endswith("*")) for p in parts]


def _codes(name: str, text: str) -> list[str]:
    """A list cell of an offer: codes or their names (either language, or a province's name) separated
    by commas or semicolons. What is not recognised stays as written, for validation to name."""
    known: dict[str, str] = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for code, label in code_choices(name):
                known.setdefault(code.casefold(), code)
                known.setdefault(str(label).casefold(), code)
    if name == "funding_eligible_provinces":
        for region in Region.objects.filter(level=Region.Level.PROVINCE):
            for key in (region.name_zh, region.name_en):
                known.setdefault(key.casefold(), region.code)
    parts = split_codes(text.replace("；", ",").replace(";", ","))
    return [known.get(part.casefold(), part) for part in parts]


def _parse_cell(name: str, value: Any, regions: dict[str, Region]) -> Any:
    text = _text(value)
    if name in CODE_FIELDS:
        return _codes(name, text)
    if name in DATES:
        return _date(value) if text else None
    if name in CHOICES:
        return _choice(name, text) if text else ""
    if name in REGIONS:
        return _region(text, regions) if text else None
    if name in DECIMALS:
        return _decimal(text) if text else None
    if name in INTEGERS:
        return _integer(text) if text else None
    if name == "price_negotiable":
        return _boolean(text)
    if name == "certifications":
        return _certifications(text)
    if name == "tech_patents":
        return "\n".join(
            p.strip() for p in text.replace("；", ";").replace("\n", ";").split(";") if p.strip()
        )
    return text


def _region_index() -> dict[str, Region]:
    index: dict[str, Region] = {}
    for region in Region.objects.all():
        for key in (region.code, region.name_zh, region.name_en):
            index.setdefault(key.casefold(), region)
    return index


# ---------------------------------------------------------------------------------------------------
# Import


def _header(row: list[Any]) -> list[str]:
    names = [_text(cell).lower() for cell in row]
    unknown = [n for n in names if n and n not in COLUMNS and n not in EXPORT_ONLY_COLUMNS]
    missing = [n for n in REQUIRED_COLUMNS if n not in names]
    problems = []
    if unknown:
        problems.append(_("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)})
    if missing:
        problems.append(_("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
    if problems:
        raise ImportRejected(_("The header row does not match the template."), fields={"file": problems})
    return names


def _skipped(row: list[Any]) -> bool:
    """Blank rows and comments (a first cell starting with "#", like the template's examples)."""
    cells = [_text(cell) for cell in row]
    return not any(cells) or cells[0].startswith("#")


def _build_row(
    enterprise: Enterprise, values: dict[str, Any], regions: dict[str, Region]
) -> tuple[tuple[Listing, list[CertificationInput]] | None, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    parsed: dict[str, Any] = {}
    for name in COLUMNS:
        if name not in values:
            continue
        try:
            parsed[name] = _parse_cell(name, values[name], regions)
        except ValidationError as exc:
            errors[name] = list(exc.messages)
    if errors:
        return None, errors
    side, kind = parsed.pop("side", ""), parsed.pop("kind", "")
    certifications = parsed.pop("certifications", [])
    if parsed.get("valid_until") is None:
        parsed.pop("valid_until", None)
    parsed.setdefault("price_negotiable", False)
    try:
        return listing_build(
            enterprise=enterprise, side=side, kind=kind, certifications=certifications, **parsed
        ), {}
    except ValidationError as exc:
        return None, {field: list(messages) for field, messages in exc.message_dict.items()}


def listings_parse(
    *, enterprise: Enterprise, file: IO[bytes]
) -> list[tuple[Listing, list[CertificationInput]]]:
    """Every data row of the file as a validated, unsaved listing, or ImportRejected with all errors."""
    size = getattr(file, "size", None)
    if size == 0:
        raise ImportRejected(_("The file is empty."), fields={"file": [_("The file is empty.")]})
    if size is not None and size > settings.LISTING_IMPORT_MAX_BYTES:
        raise ImportRejected(_("The file is too large."), fields={"file": [_("The file is too large.")]})
    rows = _read_rows(file)
    header = next(rows, None)
    if header is None:
        raise ImportRejected(_("The file is empty."), fields={"file": [_("The file is empty.")]})
    names = _header(header)
    regions = _region_index()
    built: list[tuple[Listing, list[CertificationInput]]] = []
    errors: list[RowError] = []
    data_rows = 0
    for number, row in enumerate(rows, start=2):
        if _skipped(row):
            continue
        data_rows += 1
        if data_rows > settings.LISTING_IMPORT_MAX_ROWS:
            raise ImportRejected(
                _("At most %(n)d listings per file.") % {"n": settings.LISTING_IMPORT_MAX_ROWS},
                fields={"file": [_("Too many rows.")]},
            )
        values = {name: cell for name, cell in zip(names, row, strict=False) if name in COLUMNS}
        result, row_errors = _build_row(enterprise, values, regions)
        if result is not None:
            built.append(result)
        errors.extend(RowError(number, field, tuple(messages)) for field, messages in row_errors.items())
    if errors:
        raise ImportRejected(
            ngettext(
                "%(n)d row has errors; nothing was imported.",
                "%(n)d rows have errors; nothing was imported.",
                len({e.row for e in errors}),
            )
            % {"n": len({e.row for e in errors})},
            fields={"rows": _errors_by_row(errors)},
        )
    if not built:
        raise ImportRejected(_("The file has no listings."), fields={"file": [_("No data rows.")]})
    return built


def _errors_by_row(errors: Iterable[RowError]) -> dict[str, dict[str, list[str]]]:
    report: dict[str, dict[str, list[str]]] = {}
    for error in errors:
        report.setdefault(str(error.row), {})[error.field] = list(error.messages)
    return report


def row_errors(exc: ImportRejected) -> list[RowError]:
    """The per-row errors of a rejected import, in row order, for a page to show as a table."""
    rows: dict[str, dict[str, list[str]]] = exc.fields.get("rows") or {}
    return [
        RowError(int(row), field, tuple(messages))
        for row, fields in sorted(rows.items(), key=lambda item: int(item[0]))
        for field, messages in fields.items()
    ]


@transaction.atomic
def listings_import(*, actor: User, file: IO[bytes], submit: bool = False) -> list[Listing]:
    """Create every listing of the file as a draft (or submitted for review), or none of them."""
    enterprise = require_verified_enterprise(actor)
    built = listings_parse(enterprise=enterprise, file=file)
    created = []
    now = timezone.now()
    for listing, certifications in built:
        listing.created_by = actor
        if submit:
            listing.status, listing.submitted_at = Listing.Status.PENDING_REVIEW, now
        listing.save()
        save_certifications(listing, certifications)
        record_event(listing, actor, ListingEvent.Action.IMPORTED)
        created.append(listing)
    if submit:
        notify(
            recipients=staff_users(),
            notice=notices.LISTINGS_IMPORTED,
            link="/admin/listings/listing/?status__exact=pending_review",
            count=str(len(created)),
            name=enterprise.name_zh,
        )
    return created


# ---------------------------------------------------------------------------------------------------
# Export and the template


def _cell(listing: Listing, name: str) -> Any:
    if name == "certifications":
        return "; ".join(f"{c.standard}{'*' if c.mandatory else ''}" for c in listing.certifications.all())
    if name == "tech_patents":
        return "; ".join(listing.patent_numbers)
    if name in CODE_FIELDS:
        return ", ".join(split_codes(getattr(listing, name)))
    if name in REGIONS:
        return getattr(listing, f"{name}_id") or ""
    if name == "published_at":
        return (
            timezone.localtime(listing.published_at).strftime("%Y-%m-%d %H:%M")
            if listing.published_at
            else ""
        )
    value = getattr(listing, name)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else value


def _write(
    rows: Iterable[list[Any]], file_format: str, sheet_extra: Callable[[Any], None] | None = None
) -> bytes:
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in rows:
            writer.writerow(row)
        return buffer.getvalue().encode("utf-8-sig")  # The BOM makes Excel read the Chinese text right.
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = "listings"
    for row in rows:
        sheet.append(row)
    if sheet_extra:
        sheet_extra(workbook)
    buffer_bytes = io.BytesIO()
    workbook.save(buffer_bytes)
    return buffer_bytes.getvalue()


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def listings_export(*, listings: QuerySet[Listing], file_format: str) -> bytes:
    """The listings in the import layout, with id, status and publication time in front."""
    columns = [*EXPORT_ONLY_COLUMNS, *COLUMNS]
    rows: list[list[Any]] = [columns]
    rows += [[_defused(_cell(listing, name)) for name in columns] for listing in listings]
    return _write(rows, file_format)


def _instructions(workbook: Any) -> None:
    sheet = workbook.create_sheet("instructions")
    sheet.append(["column", "values"])
    for name in COLUMNS:
        values = ", ".join(CHOICES[name].values) if name in CHOICES else ""
        if name in REGIONS:
            values = "GB/T 2260 code (340100) or name (合肥市 / Hefei)"
        elif name in DATES:
            values = "YYYY-MM-DD"
        elif name == "certifications":
            values = "separated by ';', a trailing * makes it mandatory (demand only)"
        elif name == "price_negotiable":
            values = "yes / no"
        elif name == "funding_eligible_provinces":
            values = "province codes (340000) or names, separated by ','; empty: anywhere (offers only)"
        elif name in CODE_FIELDS:
            values = ", ".join(code for code, _label in code_choices(name))
            values += " (several separated by ','; offers only)"
        sheet.append([name + (" (required)" if name in REQUIRED_COLUMNS else ""), values])
    sheet.append([])
    sheet.append(["Rows whose first cell starts with # are ignored: take the # away to import an example."])


def import_template(file_format: str) -> bytes:
    """An empty import file with the header row and commented examples of each kind."""
    rows = [list(COLUMNS)] + [[example.get(name, "") for name in COLUMNS] for example in EXAMPLES]
    return _write(rows, file_format, _instructions if file_format == "xlsx" else None)
