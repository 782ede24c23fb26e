"""plan.uploads: an .odt must be an OpenDocument text, not any ZIP renamed: its first entry is `mimetype`, stored
uncompressed, holding exactly application/vnd.oasis.opendocument.text, and it has META-INF/manifest.xml."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from plan.uploads import DOCUMENT_EXTENSIONS, check_upload

TEXT = "application/vnd.oasis.opendocument.text"
MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
            'manifest:version="1.2">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{TEXT}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>')
CONTENT = ('<?xml version="1.0" encoding="UTF-8"?>'
           '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
           '<office:body><office:text><text:p>Sổ tay sản xuất sạch hơn</text:p></office:text></office:body>'
           '</office:document-content>')


def odt(name="so-tay.odt", *, mimetype=TEXT, mimetype_compressed=False, mimetype_first=True, manifest=True):
    """An OpenDocument text as LibreOffice writes it (the parts a reader needs), or one flaw of it."""
    mimetype_entry = ("mimetype", mimetype, zipfile.ZIP_DEFLATED if mimetype_compressed else zipfile.ZIP_STORED)
    others = [("content.xml", CONTENT, zipfile.ZIP_DEFLATED)]
    if manifest:
        others.append(("META-INF/manifest.xml", MANIFEST, zipfile.ZIP_DEFLATED))
    entries = [mimetype_entry, *others] if mimetype_first else [*others, mimetype_entry]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry, content, method in entries:
            archive.writestr(entry, content, compress_type=method)
    return SimpleUploadedFile(name, buffer.getvalue())


def plain_zip(name, entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, content in entries.items():
            archive.writestr(entry, content)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_a_real_odt_is_taken_and_left_at_its_position():
    upload = odt()
    upload.seek(5)
    check_upload(upload, DOCUMENT_EXTENSIONS)
    assert upload.tell() == 5


@pytest.mark.parametrize("upload", [
    plain_zip("so-tay.odt", {"readme.txt": "a plain zip", "run.exe": "MZ"}),
    plain_zip("so-tay.odt", {"[Content_Types].xml": "<Types/>", "word/document.xml": "<x/>"}),  # a docx renamed
    odt(mimetype="application/vnd.oasis.opendocument.spreadsheet"),  # a spreadsheet named .odt
    odt(mimetype=TEXT + "\n"),  # not exactly the type
    odt(mimetype_compressed=True),
    odt(mimetype_first=False),
    odt(manifest=False),
], ids=["plain-zip", "docx-renamed", "spreadsheet", "type-with-newline", "mimetype-compressed",
        "mimetype-not-first", "no-manifest"])
def test_a_zip_that_is_not_an_opendocument_text_is_refused_naming_the_file(upload):
    with pytest.raises(ValidationError) as exc:
        check_upload(upload, DOCUMENT_EXTENSIONS)
    assert exc.value.messages == ["Tệp so-tay.odt không phải tệp ODT như tên của nó."]


def test_a_truncated_odt_is_refused_not_a_crash():
    data = odt().read()
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("so-tay.odt", data[: len(data) // 2]), DOCUMENT_EXTENSIONS)
