"""plan.uploads: a docx, xlsx or pptx must be an Office Open XML archive ([Content_Types].xml and its part
directory), not any ZIP renamed (found by QA: a .zip renamed .docx was taken into the public library)."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from outreach.validators import validate_document_file
from plan.uploads import validate_voucher_file


def archive(name, entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zip_file:
        for entry, content in entries.items():
            zip_file.writestr(entry, content)
    return SimpleUploadedFile(name, buffer.getvalue())


def ooxml(name, part_directory):
    return archive(name, {"[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>",
                          f"{part_directory}document.xml": "<x/>"})


def workbook():
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active["A1"] = "Chứng từ"
    book.save(buffer)
    return SimpleUploadedFile("chung-tu.xlsx", buffer.getvalue())


@pytest.mark.parametrize("validate", [validate_document_file, validate_voucher_file])
@pytest.mark.parametrize(("name", "entries"), [
    ("tai-lieu.docx", {"readme.txt": "a plain zip"}),
    ("tai-lieu.docx", {"[Content_Types].xml": "<Types/>"}),             # no word/ part
    ("tai-lieu.docx", {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<x/>"}),  # a workbook named docx
    ("bang.xlsx", {"word/document.xml": "<x/>", "xl/workbook.xml": "<x/>"}),            # no [Content_Types].xml
])
def test_a_zip_that_is_not_the_office_file_its_name_says_is_refused(validate, name, entries):
    with pytest.raises(ValidationError) as exc:
        validate(archive(name, entries))
    assert "không phải tệp" in str(exc.value) and name in str(exc.value)


def test_a_pptx_that_is_a_plain_zip_is_refused_and_one_with_its_part_directory_taken():
    with pytest.raises(ValidationError):
        validate_document_file(archive("trinh-chieu.pptx", {"slides.txt": "x"}))
    validate_document_file(ooxml("trinh-chieu.pptx", "ppt/"))


def test_a_truncated_archive_is_refused_not_a_crash():
    data = ooxml("tai-lieu.docx", "word/").read()
    with pytest.raises(ValidationError):
        validate_document_file(SimpleUploadedFile("tai-lieu.docx", data[: len(data) // 2]))


@pytest.mark.parametrize("validate", [validate_document_file, validate_voucher_file])
def test_real_office_files_are_still_taken_and_left_at_their_position(validate):
    for upload in (ooxml("tai-lieu.docx", "word/"), workbook()):
        upload.seek(3)
        validate(upload)
        assert upload.tell() == 3
