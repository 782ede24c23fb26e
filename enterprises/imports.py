"""Import and export of the registry as xlsx/csv with Vietnamese headers.

The import reads the whole file, checks every row (reporting row number, column and reason), and
writes only when no row is bad, in one transaction; rows are matched by tax code, so a re-import updates.
Lookups are made once per file (districts, sectors, areas, the existing facilities by tax code) and the
rows are written in bulk (`bulk_create_with_history` / `bulk_update_with_history`: every created or changed
facility still gets its history row, with the importing user).

Bad files get a clear message and leave the database as it was:
- a file is recognised by its content (xlsx = a zip with a workbook; anything else must be csv in UTF-8 or
  UTF-16 with a byte-order mark; Windows-1258/CP1252 csv is refused with a hint to save it as "CSV UTF-8");
- formulas in xlsx cells are read as their text (`=1+1`), never evaluated (nor their cached result used);
- at most `IMPORT_MAX_ROWS` data rows per file (settings.ENTERPRISE_IMPORT_MAX_ROWS, default 20,000):
  a longer file is refused while it is read, so memory stays bounded; an xlsx that unpacks to more than
  `XLSX_MAX_UNPACKED_BYTES` is refused before it is read;
- a cell longer than `MAX_CELL_CHARS` is refused naming its row and column;
- columns other than those of `COLUMNS` are ignored and listed in the result (`ignored_columns`).

Exports stream: rows come from `values_list(...).iterator(chunk_size=2000)` (no model instances), every
cell passes `plan.exports.safe_row`; csv is yielded in chunks, xlsx is written by a write-only workbook
into a temporary file.
"""

import codecs
import csv
import io
import tempfile
import zipfile

import openpyxl
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from enterprises.models import Enterprise, IndustrialArea, Sector
from enterprises.validators import size_matches_workers, tax_code_normalize, validate_tax_code
from plan.exports import safe_row
from plan.imports import unescaped
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

IMPORT_MAX_ROWS = getattr(settings, "ENTERPRISE_IMPORT_MAX_ROWS", 20_000)  # data rows per file
MAX_CELL_CHARS = 1_000  # no field of a facility is longer (name, address: 255)
MAX_COLUMNS = 100  # cells right of this column are not read
XLSX_MAX_UNPACKED_BYTES = 20 * settings.UPLOAD_MAX_BYTES  # zip bomb guard
BATCH_SIZE = 1_000
UPDATE_BATCH_SIZE = 100  # Django's bulk_update (not PostgreSQL): its CASE WHEN grows with the batch
EXPORT_CHUNK_SIZE = 2_000
# Written for a matched facility (a re-import): every column of the file but the tax code it is matched by.
UPDATE_FIELDS = [field for field, _header in COLUMNS if field != "tax_code"] + ["closed_on"]
# Checked per row from the objects already loaded; the database still enforces the constraints.
FK_FIELDS = ["district", "sector", "industrial_area", "users"]
EXPORT_FIELDS = ("tax_code", "name", "address", "district__code", "sector__code", "industrial_area__name", "size",
                 "workers", "revenue_vnd", "capital_vnd", "status", "phone", "email", "contact_person")


class RowError(dict):
    """{"row": 3, "field": "Mã số thuế", "message": "..."}"""


# --- export ------------------------------------------------------------------------------------------------


def export_rows(queryset, *, chunk_size: int = EXPORT_CHUNK_SIZE):
    """The header, then one escaped row per facility, read in chunks as plain tuples (memory does not grow)."""
    sizes = {value: str(label) for value, label in Enterprise.Size.choices}
    statuses = {value: str(label) for value, label in Enterprise.Status.choices}
    yield [header for _f, header in COLUMNS]
    for row in queryset.values_list(*EXPORT_FIELDS).iterator(chunk_size=chunk_size):
        row = list(row)
        row[5] = row[5] or ""
        row[6] = sizes.get(row[6], row[6])
        row[10] = statuses.get(row[10], row[10])
        yield safe_row(row)  # numbers stay numbers


def export_csv_chunks(queryset, *, rows_per_chunk: int = 500):
    """The csv as text chunks (for a StreamingHttpResponse); starts with a BOM so Excel reads UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    for count, row in enumerate(export_rows(queryset), start=1):
        writer.writerow(row)
        if count % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def export_xlsx_file(queryset):
    """The xlsx in an anonymous temporary file, positioned at its start (the caller closes it).

    openpyxl's write-only workbook keeps no rows in memory (strings are written inline).
    """
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Co so san xuat")
    for row in export_rows(queryset):
        sheet.append(row)
    out = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        book.save(out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def export_xlsx(queryset) -> bytes:
    """The whole xlsx as bytes (small exports, scripts); pages use `export_xlsx_file`."""
    with export_xlsx_file(queryset) as out:
        return out.read()


def export_csv(queryset) -> str:
    """The whole csv as text (small exports, scripts); pages stream `export_csv_chunks`."""
    return "".join(export_csv_chunks(queryset))


# --- reading a file ----------------------------------------------------------------------------------------


def _too_many_rows():
    return ValidationError(
        _("Tệp có hơn %(max)s dòng dữ liệu: hãy chia thành nhiều tệp, mỗi tệp tối đa %(max)s dòng.")
        % {"max": f"{IMPORT_MAX_ROWS:,}".replace(",", ".")})


def _limited(rows):
    """(row number, cells) of the non-empty rows, refusing more than IMPORT_MAX_ROWS data rows."""
    kept = []
    for number, row in enumerate(rows, start=1):
        cells = ["" if v is None else unescaped(v) for v in row[:MAX_COLUMNS]]  # as saved, before the export's quote
        if not any(str(v).strip() for v in cells):
            continue
        if len(kept) > IMPORT_MAX_ROWS:  # the header plus IMPORT_MAX_ROWS rows are already kept
            raise _too_many_rows()
        kept.append((number, cells))
    return kept


def _read_xlsx(data: bytes):
    invalid = _("Tệp không phải là tệp xlsx hợp lệ (tệp hỏng, bị cắt hoặc là tệp nén khác).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ValidationError(invalid) from exc
    if unpacked > XLSX_MAX_UNPACKED_BYTES:
        raise ValidationError(_("Tệp xlsx giải nén ra quá lớn: tối đa %(max)s byte.") % {"max": XLSX_MAX_UNPACKED_BYTES})
    try:
        # data_only=False: a formula is read as its text ("=1+1"), never evaluated nor its cached result used.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = book.active
        if sheet is None or not hasattr(sheet, "iter_rows"):
            raise ValidationError(_("Tệp xlsx không có trang tính nào."))
        try:
            return _limited(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS))
        finally:
            book.close()
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 — a broken workbook fails in many ways (zip, zlib, XML, KeyError)
        raise ValidationError(invalid) from exc


def _decode_csv(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("Tệp csv UTF-16 bị hỏng.")) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_(
            "Tệp csv không ở bảng mã UTF-8 (có thể là Windows-1258 hoặc CP1252): hãy lưu lại với kiểu "
            "“CSV UTF-8 (Comma delimited)” hoặc dùng tệp xlsx.")) from exc
    if "\x00" in text:
        raise ValidationError(_("Tệp không phải xlsx hay csv (UTF-8)."))
    return text


def read_table(upload) -> list[tuple[int, list]]:
    """(row number, cells) of the non-empty rows of an uploaded xlsx or csv, recognised by content, not by name.

    Refuses anything else, a file over UPLOAD_MAX_BYTES and more than IMPORT_MAX_ROWS data rows.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(_("Tệp quá lớn: tối đa %(max)s byte.") % {"max": settings.UPLOAD_MAX_BYTES})
    data = upload.read(settings.UPLOAD_MAX_BYTES + 1)
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(_("Tệp quá lớn: tối đa %(max)s byte.") % {"max": settings.UPLOAD_MAX_BYTES})
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    text = _decode_csv(data)
    del data
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)  # Excel writes ";" in some locales, tabs in UTF-16
    if csv.field_size_limit() < settings.UPLOAD_MAX_BYTES:  # an over-long cell is reported by row and column
        csv.field_size_limit(settings.UPLOAD_MAX_BYTES)
    try:
        return _limited(csv.reader(io.StringIO(text), delimiter=delimiter))
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


def _constraint_errors(enterprise: Enterprise) -> list[str]:
    """The model's constraints checked in Python (Django's `validate_constraints` is a query per row)."""
    messages = []
    for constraint in Enterprise._meta.constraints:
        check = _CONSTRAINT_CHECKS.get(constraint.name)
        if check is None:  # a constraint added later: checked by the database, one query per row
            try:
                constraint.validate(Enterprise, enterprise)
            except ValidationError as exc:
                messages += exc.messages
        elif not check(enterprise):
            messages.append(str(constraint.get_violation_error_message()))
    return messages


_CONSTRAINT_CHECKS = {
    "enterprise_closed_after_registered": lambda e: e.closed_on is None or e.closed_on >= e.registered_on,
    "enterprise_status_matches_closed_on": lambda e: (
        (e.status == Enterprise.Status.CLOSED and e.closed_on is not None)
        or (e.status == Enterprise.Status.ACTIVE and e.closed_on is None)),
}


def row_clean(enterprise: Enterprise) -> dict[str, list[str]]:
    """`full_clean()` of the facility without its per-row queries: the foreign keys come from the lookups
    loaded once, the tax code is unique within the file and matched against the database in one query,
    and the constraints are checked in Python. Returns {field: [messages]} (empty when the row is good)."""
    errors: dict[str, list[str]] = {}
    try:
        enterprise.full_clean(exclude=FK_FIELDS, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = {field: list(messages) for field, messages in exc.message_dict.items()}
    constraint_messages = _constraint_errors(enterprise)
    if constraint_messages:
        errors.setdefault(NON_FIELD_ERRORS, []).extend(constraint_messages)
    return errors


def _header_of(field: str) -> str:
    if field == NON_FIELD_ERRORS:  # the constraints are about the status and its closing date
        return HEADER_OF["status"]
    return HEADER_OF.get(field, field)


def _history_user(user):
    return user if getattr(user, "is_authenticated", False) else None


def create_with_history(new: list[Enterprise], *, user) -> None:
    """Insert the facilities in batches, each with its history row ("+") by `user`."""
    bulk_create_with_history(new, Enterprise, batch_size=BATCH_SIZE, default_user=_history_user(user))


def update_with_history(changed: list[Enterprise], *, user) -> None:
    """Write UPDATE_FIELDS of the facilities in batches (update_rows on PostgreSQL, bulk_update elsewhere),
    each with its history row ("~") by `user`."""
    update_rows(changed)
    # fields=[] on PostgreSQL: the rows are written above; this writes their history rows in bulk.
    bulk_update_with_history(changed, Enterprise, [] if connection.vendor == "postgresql" else UPDATE_FIELDS,
                             batch_size=UPDATE_BATCH_SIZE, default_user=_history_user(user))


def update_rows(enterprises: list[Enterprise]) -> None:
    """On PostgreSQL, write UPDATE_FIELDS of the matched facilities with one `UPDATE … FROM (VALUES …)` per
    BATCH_SIZE rows: Django's bulk_update builds a CASE per field and row, 30× slower here (elsewhere it is used
    by bulk_update_with_history)."""
    if connection.vendor != "postgresql" or not enterprises:
        return
    fields = [Enterprise._meta.get_field(name) for name in UPDATE_FIELDS]
    quote = connection.ops.quote_name
    pk = Enterprise._meta.pk
    placeholders = "(" + ", ".join(f"%s::{f.cast_db_type(connection)}" for f in [pk, *fields]) + ")"
    names = ", ".join(quote(f.column) for f in [pk, *fields])
    assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields)
    table = quote(Enterprise._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(enterprises), BATCH_SIZE):
            batch = enterprises[start:start + BATCH_SIZE]
            params = []
            for enterprise in batch:
                params.append(enterprise.pk)
                params += [f.get_db_prep_save(getattr(enterprise, f.attname), connection) for f in fields]
            cursor.execute(f"UPDATE {table} AS t SET {assignments} FROM (VALUES {', '.join([placeholders] * len(batch))})"
                           f" AS v({names}) WHERE t.{quote(pk.column)} = v.{quote(pk.column)}", params)


def enterprise_import(*, upload, dry_run: bool, user) -> dict:
    """Check (and unless dry_run, save) every row, all or nothing.

    Returns {"errors": [...], "created": n, "updated": n, "saved": bool, "ignored_columns": [...]}.
    Raises ValidationError for a file that cannot be read as a whole (format, encoding, size, columns).
    """
    rows = read_table(upload)
    if not rows:
        raise ValidationError(_("Tệp không có dữ liệu."))
    _number, header_cells = rows[0]
    header = [str(h).strip() for h in header_cells]
    missing = [HEADER_OF[f] for f in REQUIRED if HEADER_OF[f] not in header]
    if missing:
        raise ValidationError(_("Thiếu cột: %(columns)s.") % {"columns": ", ".join(missing)})
    if len(rows) == 1:
        raise ValidationError(_("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."))
    known = set(HEADER_OF.values())
    ignored_columns = [h for h in header if h and h not in known]
    index = {field: header.index(h) for field, h in COLUMNS if h in header}
    context = ImportContext(user)
    errors, parsed = [], []
    for number, raw in rows[1:]:
        cells = {f: (str(raw[i]).strip() if i < len(raw) and raw[i] is not None else "") for f, i in index.items()}
        too_long = [f for f, text in cells.items() if len(text) > MAX_CELL_CHARS]
        if too_long:
            errors += [RowError(row=number, field=HEADER_OF[f], message=_(
                "Ô quá dài: %(length)s ký tự, tối đa %(max)s.") % {"length": len(cells[f]), "max": MAX_CELL_CHARS})
                for f in too_long]
            continue
        values = {f: raw[i] for f, i in index.items() if i < len(raw)}
        tax_code, row_errors, checked = row_check(number=number, cells=cells, values=values, context=context)
        if row_errors:
            errors += [RowError(row=number, field=HEADER_OF[f], message=m) for f, m in row_errors]
            continue
        parsed.append((number, tax_code, checked))
    del rows
    existing = {e.tax_code: e for e in Enterprise.objects.filter(tax_code__in=[p[1] for p in parsed])}
    new, changed = [], []
    for number, tax_code, values in parsed:
        current = existing.get(tax_code)
        message = scope_error(current, context)
        if message:
            errors.append(RowError(row=number, field=HEADER_OF["tax_code"], message=message))
            continue
        enterprise = row_apply(current or Enterprise(tax_code=tax_code), values)
        row_errors = row_clean(enterprise)
        if row_errors:
            for field, messages in row_errors.items():
                errors.append(RowError(row=number, field=_header_of(field), message=" ".join(messages)))
            continue
        (changed if enterprise.pk else new).append(enterprise)
    saved = not errors and not dry_run
    if saved:
        try:
            with transaction.atomic():
                create_with_history(new, user=user)
                update_with_history(changed, user=user)
        except IntegrityError as exc:  # another user saved one of these tax codes meanwhile
            raise ValidationError(_("Không lưu được vì dữ liệu vừa được người khác thay đổi; "
                                    "không dòng nào được lưu, hãy nhập lại.")) from exc
    errors.sort(key=lambda e: e["row"])
    return {"errors": errors, "created": len(new), "updated": len(changed), "saved": saved,
            "ignored_columns": ignored_columns}
