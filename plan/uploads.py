"""Uploaded files are checked by their content and size, not by the name the sender gave them (every app's uploads:
outreach's documents and images, budget's vouchers)."""

import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# extension → signatures the file must start with
SIGNATURES = {
    ".pdf": [b"%PDF-"],
    ".docx": [b"PK\x03\x04"],
    ".xlsx": [b"PK\x03\x04"],
    ".pptx": [b"PK\x03\x04"],
    ".odt": [b"PK\x03\x04"],
    ".doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    ".xls": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    ".png": [b"\x89PNG\r\n\x1a\n"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
    ".gif": [b"GIF87a", b"GIF89a"],
    ".webp": [b"RIFF"],
}
# An Office Open XML file is a ZIP archive with its list of content types and its part directory: any other ZIP
# (an archive of anything, renamed) starts with the same four bytes.
OFFICE_PARTS = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
# An OpenDocument file is a ZIP archive too (ISO/IEC 26300, part 3): its first entry is `mimetype`, stored
# uncompressed, holding exactly the document's MIME type, and it has a manifest. A .ods or .odp is checked the same
# way once it is allowed.
OPENDOCUMENT_TYPES = {
    ".odt": b"application/vnd.oasis.opendocument.text",
    ".ods": b"application/vnd.oasis.opendocument.spreadsheet",
    ".odp": b"application/vnd.oasis.opendocument.presentation",
}
DOCUMENT_EXTENSIONS = [".pdf", ".docx", ".doc", ".xlsx", ".xls", ".pptx", ".odt"]
IMAGE_EXTENSIONS = [".png", ".jpg", ".jpeg", ".gif", ".webp"]


def check_upload(file, allowed_extensions=None):
    """Raise ValidationError when the file is too large, of a kind not allowed, or not what its name says."""
    if not file or getattr(file, "_committed", False):
        return  # nothing uploaded, or a file already stored (checked when it was uploaded)
    allowed = allowed_extensions or list(SIGNATURES)
    name = getattr(file, "name", "") or ""
    ext = os.path.splitext(name)[1].lower()
    size = getattr(file, "size", None)
    limit = settings.UPLOAD_MAX_BYTES
    if size is not None and size > limit:
        raise ValidationError(_("Tệp %(name)s quá lớn (%(size)s); tối đa %(limit)s.") % {
            "name": os.path.basename(name), "size": filesizeformat(size), "limit": filesizeformat(limit)})
    if ext not in allowed:
        raise ValidationError(_("Tệp %(name)s: chỉ nhận các loại %(allowed)s.") % {
            "name": os.path.basename(name), "allowed": ", ".join(allowed)})
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(16)
    finally:
        file.seek(position)
    if isinstance(head, str):
        head = head.encode("latin-1", "replace")
    if not any(head.startswith(sig) for sig in SIGNATURES[ext]) or (
            ext in OFFICE_PARTS and not _is_office_file(file, OFFICE_PARTS[ext])) or (
            ext in OPENDOCUMENT_TYPES and not _is_opendocument_file(file, OPENDOCUMENT_TYPES[ext])):
        raise ValidationError(_("Tệp %(name)s không phải tệp %(ext)s như tên của nó.") % {
            "name": os.path.basename(name), "ext": ext.lstrip(".").upper()})


def _is_office_file(file, part_directory: str) -> bool:
    """Whether the ZIP archive `file` is an Office Open XML file: [Content_Types].xml and a part under
    `part_directory` (word/ for a docx). Only the archive's directory is read; the position is kept."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        file.seek(position)
    return "[Content_Types].xml" in names and any(n.startswith(part_directory) and n != part_directory
                                                   for n in names)


def _is_opendocument_file(file, mime_type: bytes) -> bool:
    """Whether the ZIP archive `file` is an OpenDocument file of `mime_type`: its first entry (at the start of the
    file) is `mimetype`, stored uncompressed, holding exactly `mime_type`, and it has META-INF/manifest.xml. Only
    the archive's directory and that short entry are read; the position is kept."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            first = entries[0] if entries else None
            if (first is None or first.filename != "mimetype" or first.header_offset != 0
                    or first.compress_type != zipfile.ZIP_STORED or first.file_size != len(mime_type)):
                return False
            return (archive.read(first) == mime_type
                    and any(entry.filename == "META-INF/manifest.xml" for entry in entries))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError):
        return False  # RuntimeError: an encrypted entry
    finally:
        file.seek(position)


VOUCHER_EXTENSIONS = [".pdf", ".jpg", ".jpeg", ".png", ".xlsx", ".xls", ".docx", ".doc"]


def validate_voucher_file(file):
    """An expenditure's voucher: a scan (PDF or picture) or an office document, nothing else (no program)."""
    check_upload(file, VOUCHER_EXTENSIONS)
