"""The admin import of participants (xlsx): dry run first with each bad row named, then all or nothing."""

import re

import pytest

from training.models import Participant
from training.tests.factories import admin_import, enterprise_make, invalid_rows, xlsx_upload

pytestmark = pytest.mark.django_db

HEADERS = ["Họ tên", "Chức vụ", "Mã số thuế cơ sở", "Cơ quan, đơn vị", "Thư điện tử", "Điện thoại"]


def test_a_dry_run_lists_every_bad_participant_row_with_its_reason_and_saves_nothing(client_as):
    client = client_as("doit_staff")
    upload = xlsx_upload(HEADERS, [
        ["Nguyễn Văn An", "Kỹ sư", None, "UBND quận Ba Đình", "an@example.vn", "0912345678"],
        ["Trần Thị Bình", "", None, "UBND quận Tây Hồ", "khong-phai-thu", ""],
        ["Lê Văn Cường", "", None, "UBND quận Đống Đa", "An@Example.vn ", ""],
        ["Phạm Thị Dung", "", "0000000000", "", "dung@example.vn", ""],
    ])
    rows = invalid_rows(admin_import(client, Participant, upload))
    assert set(rows) == {2, 3, 4}
    assert "thư điện tử" in rows[2].lower() or "email" in rows[2].lower()
    assert "an@example.vn" in rows[3] and "dòng 2 " in rows[3]  # the file's line 2 (the header is line 1)
    assert "0000000000" in rows[4]
    assert not Participant.objects.exists()


def test_a_clean_participant_file_imports_every_row(client_as):
    client = client_as("doit_staff")
    enterprise = enterprise_make()
    upload = xlsx_upload(HEADERS, [
        ["Nguyễn Văn An", "Kỹ sư", None, "UBND quận Ba Đình", "AN@example.vn", "0912345678"],
        ["Trần Thị Bình", "Trưởng phòng", enterprise.tax_code, None, "binh@example.vn", None],
    ])
    response = admin_import(client, Participant, upload, confirm=True)
    assert response.status_code == 302
    assert sorted(Participant.objects.values_list("email", flat=True)) == ["an@example.vn", "binh@example.vn"]
    assert Participant.objects.get(email="binh@example.vn").enterprise == enterprise


def test_a_participant_file_with_one_bad_row_among_good_ones_saves_none(client_as):
    from training.resources import ParticipantResource

    dataset = ParticipantResource().export(queryset=Participant.objects.none())
    dataset.append(["Nguyễn Văn An", "", "", "UBND quận Ba Đình", "an@example.vn", ""])
    dataset.append(["Không Cơ Quan", "", "", "", "ko@example.vn", ""])  # neither facility nor agency
    dataset.append(["Trần Thị Bình", "", "", "UBND quận Tây Hồ", "binh@example.vn", ""])
    result = ParticipantResource().import_data(dataset, dry_run=False)
    assert [row.number for row in result.invalid_rows] == [2]
    assert not Participant.objects.exists()
    # and through the admin: the dry run refuses the file, so there is nothing to confirm
    response = admin_import(client_as("doit_staff"), Participant, xlsx_upload(HEADERS, [
        ["Nguyễn Văn An", "", None, "UBND quận Ba Đình", "an@example.vn", ""],
        ["Sai Thư", "", None, "UBND", "sai@", ""]]))
    assert response.context.get("confirm_form") is None
    assert not Participant.objects.exists()


def test_a_duplicate_email_names_the_file_line_of_its_first_copy(client_as):
    """Lines of the file: the header is line 1, the rows lines 2–4; the copy on line 4 repeats line 3."""
    upload = xlsx_upload(HEADERS, [
        ["Nguyễn Văn An", "", None, "UBND quận Ba Đình", "an@example.vn", ""],
        ["Trần Thị Bình", "", None, "UBND quận Tây Hồ", "binh@example.vn", ""],
        ["Trần Thị Bình", "", None, "UBND quận Tây Hồ", "Binh@Example.vn", ""],
    ])
    response = admin_import(client_as("doit_staff"), Participant, upload)
    rows = invalid_rows(response)
    assert list(rows) == [3]  # import-export's row 3, drawn as line 4 on the page
    assert "binh@example.vn trùng với dòng 3 trong tệp" in rows[3]
    html = response.content.decode()
    assert re.search(r"<td>\s*4\s*</td>", html) and "trùng với dòng 3 trong tệp" in html
    assert not Participant.objects.exists()
