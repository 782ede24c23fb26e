"""Import and export of the registry as xlsx/csv with Vietnamese headers.

The import reads the whole file, checks every row (reporting row number, column and reason), and
writes only when no row is bad, in one transaction; rows are matched by tax code, so a re-import updates.
"""

import csv
import io
import zipfile

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enterprises.models import Enterprise, IndustrialArea, Sector
from enterprises.validators import size_matches_workers, tax_code_normalize, validate_tax_code
from plan.exports import safe_row
from plan.models import AdministrativeUnit
from plan.roles import district_ids_of, reads_city_wide

# field → Vietnamese header, in column order.
COLUMNS = [
    ("tax_code", "Mã số thuế"), ("name", "Tên cơ sở"), ("address", "Địa chỉ"), ("district", "Mã quận huyện"),
    ("sector", "Mã ngành VSIC"), ("industrial_area", "Khu cụm công nghiệp"), ("size", "Quy mô"),
    ("workers", "Số lao động"), ("revenue_vnd", "Doanh thu (đồng)"), ("capital_vnd", "Nguồn vốn (đồng)"),
    ("status", "Tình trạng"), ("phone", "Điện thoại"), ("email", "Thư điện tử"), ("contact_person", "Người liên hệ"),
]
REQUIRED = ["tax_code", "name", "district", "sector", "size", "workers"]
HEADER_OF = dict(COLUMNS)
SIZE_BY_LABEL = {str(label).lower(): value for value, label in Enterprise.Size.choices} | {
    v: v for v in Enterprise.Size.values}
STATUS_BY_LABEL = {str(label).lower(): value for value, label in Enterprise.Status.choices} | {
    v: v for v in Enterprise.Status.values}


class RowError(dict):
    """{"row": 3, "field": "Mã số thuế", "message": "..."}"""


def export_rows(queryset):
    yield [header for _f, header in COLUMNS]
    for e in queryset.select_related("district", "sector", "industrial_area"):
        yield safe_row([e.tax_code, e.name, e.address, e.district.code, e.sector.code,
                        e.industrial_area.name if e.industrial_area else "", e.get_size_display(), e.workers,
                        e.revenue_vnd, e.capital_vnd, e.get_status_display(), e.phone, e.email, e.contact_person])


def export_xlsx(queryset) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Co so san xuat"
    for row in export_rows(queryset):
        sheet.append(row)  # numbers stay numbers
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_csv(queryset) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in export_rows(queryset):
        writer.writerow(row)
    return "\ufeff" + buffer.getvalue()  # BOM: Excel opens Vietnamese CSV correctly


def read_table(upload) -> list[list]:
    """Rows of an uploaded xlsx or csv, recognised by content, not by name. Refuses anything else."""
    size = getattr(upload, "size", None)
    if size is not None and size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(_("Tệp quá lớn: tối đa %(max)s byte.") % {"max": settings.UPLOAD_MAX_BYTES})
    data = upload.read()
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(_("Tệp quá lớn: tối đa %(max)s byte.") % {"max": settings.UPLOAD_MAX_BYTES})
    if data[:4] == b"PK\x03\x04":
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise ValidationError(_("Tệp không phải là tệp xlsx hợp lệ.")) from exc
        return [["" if v is None else v for v in row] for row in book.active.iter_rows(values_only=True)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("Tệp không phải xlsx hay csv (UTF-8).")) from exc
    if "\x00" in text:
        raise ValidationError(_("Tệp không phải xlsx hay csv (UTF-8)."))
    try:
        return [row for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        raise ValidationError(_("Tệp csv không đọc được: %(error)s") % {"error": exc}) from exc


def _int(value):
    if value in ("", None):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    text = str(value).strip().replace(".", "").replace(",", "").replace(" ", "")
    if not text.isdigit():
        raise ValueError
    return int(text)


class ImportContext:
    """What checking a row needs, loaded once per file: districts and sectors by code, areas by name, scope."""

    def __init__(self, user):
        self.districts = {u.code: u for u in AdministrativeUnit.objects.exclude(type=AdministrativeUnit.Kind.CITY)}
        self.sectors = {s.code: s for s in Sector.objects.all()}
        self.areas = {(a.name.lower(), a.district_id): a for a in IndustrialArea.objects.all()}
        self.allowed = None if reads_city_wide(user) else set(district_ids_of(user))
        self.seen: dict[str, int] = {}  # tax code → first row number, to catch duplicates within the file


def row_check(*, number: int, cells: dict, values: dict, context: ImportContext) -> tuple[str, list, dict | None]:
    """Check one row. `cells`: field → stripped text; `values`: field → raw cell value (numbers may be numbers).

    Returns (tax code, [(field, message), ...], the model values when the row is good else None).
    The page import (enterprise_import) and the admin's import-export resource both use it.
    """
    errors = []

    def bad(field, message):
        errors.append((field, str(message)))

    tax_code = tax_code_normalize(cells.get("tax_code", ""))
    try:
        validate_tax_code(tax_code)
    except ValidationError as exc:
        bad("tax_code", " ".join(exc.messages))
    if tax_code in context.seen and context.seen[tax_code] != number:
        bad("tax_code", _("Trùng mã số thuế với dòng %(row)s trong tệp.") % {"row": context.seen[tax_code]})
    context.seen.setdefault(tax_code, number)
    code = cells.get("district", "")
    district = context.districts.get(code.zfill(3) if code else "")
    if district is None:
        bad("district", _("Không có quận, huyện mã “%(code)s”.") % {"code": code})
    elif context.allowed is not None and district.pk not in context.allowed:
        bad("district", _("Quận, huyện này không thuộc phạm vi của anh/chị."))
    sector = context.sectors.get(cells.get("sector", ""))
    if sector is None:
        bad("sector", _("Không có ngành VSIC mã “%(code)s”.") % {"code": cells.get("sector", "")})
    size = SIZE_BY_LABEL.get(cells.get("size", "").lower())
    if size is None:
        bad("size", _("Quy mô “%(value)s” không hợp lệ (siêu nhỏ, nhỏ, vừa, lớn).") % {"value": cells.get("size", "")})
    numbers = {}
    for field in ("workers", "revenue_vnd", "capital_vnd"):
        try:
            numbers[field] = _int(values.get(field, ""))
        except ValueError:
            bad(field, _("“%(value)s” không phải số nguyên không âm.") % {"value": cells.get(field)})
    if numbers.get("workers") is None and "workers" not in {f for f, _m in errors}:
        bad("workers", _("Thiếu số lao động."))
    elif size and numbers.get("workers") is not None and not size_matches_workers(size, numbers["workers"]):
        bad("size", _("Quy mô mâu thuẫn với số lao động %(workers)s.") % {"workers": numbers["workers"]})
    area = None
    if cells.get("industrial_area") and district is not None:
        area = context.areas.get((cells["industrial_area"].lower(), district.pk))
        if area is None:
            bad("industrial_area", _("Không có khu, cụm công nghiệp này trong quận, huyện."))
    status = STATUS_BY_LABEL.get(cells.get("status", "").lower() or Enterprise.Status.ACTIVE)
    if status is None:
        bad("status", _("Tình trạng không hợp lệ."))
    if not cells.get("name"):
        bad("name", _("Thiếu tên cơ sở."))
    if errors:
        return tax_code, errors, None
    return tax_code, [], {
        "name": cells["name"], "address": cells.get("address", ""), "district": district, "sector": sector,
        "industrial_area": area, "size": size, "workers": numbers["workers"],
        "revenue_vnd": numbers.get("revenue_vnd") or 0, "capital_vnd": numbers.get("capital_vnd"),
        "status": status, "phone": cells.get("phone", ""), "email": cells.get("email", ""),
        "contact_person": cells.get("contact_person", ""),
    }


def scope_error(enterprise: Enterprise | None, context: ImportContext) -> str | None:
    """A district official may not overwrite another district's facility through a matching tax code."""
    if enterprise is not None and enterprise.pk and context.allowed is not None \
            and enterprise.district_id not in context.allowed:
        return _("Mã số thuế đã thuộc một cơ sở ngoài phạm vi của anh/chị.")
    return None


def row_apply(enterprise: Enterprise, values: dict) -> Enterprise:
    """Copy a checked row onto the facility; a closed facility without a closing date closes today."""
    for key, value in values.items():
        setattr(enterprise, key, value)
    if enterprise.status == Enterprise.Status.CLOSED and not enterprise.closed_on:
        from django.utils import timezone

        enterprise.closed_on = timezone.localdate()
    return enterprise


def enterprise_import(*, upload, dry_run: bool, user) -> dict:
    """Check (and unless dry_run, save) every row. Returns {"errors": [...], "created": n, "updated": n}."""
    rows = read_table(upload)
    if not rows:
        raise ValidationError(_("Tệp không có dữ liệu."))
    header = [str(h).strip() for h in rows[0]]
    missing = [HEADER_OF[f] for f in REQUIRED if HEADER_OF[f] not in header]
    if missing:
        raise ValidationError(_("Thiếu cột: %(columns)s.") % {"columns": ", ".join(missing)})
    index = {field: header.index(h) for field, h in COLUMNS if h in header}
    context = ImportContext(user)
    errors, parsed = [], []
    for number, raw in enumerate(rows[1:], start=2):
        if not any(str(v).strip() for v in raw):
            continue
        cells = {f: (str(raw[i]).strip() if i < len(raw) and raw[i] is not None else "") for f, i in index.items()}
        values = {f: raw[i] for f, i in index.items() if i < len(raw)}
        tax_code, row_errors, checked = row_check(number=number, cells=cells, values=values, context=context)
        if row_errors:
            errors += [RowError(row=number, field=HEADER_OF[f], message=m) for f, m in row_errors]
            continue
        parsed.append((number, tax_code, checked))
    existing = {e.tax_code: e for e in Enterprise.objects.filter(tax_code__in=[p[1] for p in parsed])}
    for number, tax_code, _values in parsed:
        message = scope_error(existing.get(tax_code), context)
        if message:
            errors.append(RowError(row=number, field=HEADER_OF["tax_code"], message=message))
    created = updated = 0
    with transaction.atomic():
        for number, tax_code, values in parsed:
            enterprise = row_apply(existing.get(tax_code) or Enterprise(tax_code=tax_code), values)
            is_new = enterprise.pk is None
            try:
                enterprise.full_clean()
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    errors.append(RowError(row=number, field=HEADER_OF.get(field, field),
                                           message=" ".join(messages)))
                continue
            if not errors and not dry_run:
                enterprise._history_user = user
                enterprise.save()
            created += is_new
            updated += not is_new
        if errors or dry_run:
            transaction.set_rollback(True)
    errors.sort(key=lambda e: e["row"])
    return {"errors": errors, "created": created, "updated": updated, "saved": not errors and not dry_run}
