"""manage.py backup / restore: the API answers the same after a round trip through an empty database."""

import tarfile

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

ENDPOINTS = [
    "/api/v1/plans/", "/api/v1/targets/", "/api/v1/administrative-units/", "/api/v1/reporting-periods/",
    "/api/v1/budget/lines/", "/api/v1/budget/summary/", "/api/v1/enterprises/", "/api/v1/participants/",
    "/api/v1/training-classes/",
]


def _answers(token_key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_key}")
    answers = {}
    for url in ENDPOINTS:
        response = api.get(url)
        assert response.status_code == 200, (url, response.status_code)
        answers[url] = response.json()
    return answers


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_gives_the_same_api_answers(personas, tmp_path, settings):
    from rest_framework.authtoken.models import Token

    from training.tests.factories import ParticipantFactory, enterprise_make

    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "outreach" / "documents").mkdir(parents=True)
    (tmp_path / "media" / "outreach" / "documents" / "so-tay.pdf").write_bytes(b"%PDF-1.4 so tay SXSH")
    enterprise_make(name="Công ty Dệt Hà Nội")
    enterprise_make(size="small", district_code="002", name="HTX Gốm Bát Tràng")
    ParticipantFactory(full_name="Nguyễn Văn An")
    token = Token.objects.create(user=personas["doit_staff"])
    before = _answers(token.key)

    archive = tmp_path / "backups" / "sxsh.tar.gz"
    call_command("backup", str(archive), stdout=open("/dev/null", "w"))
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert {"manifest.json", "data.json", "media/outreach/documents/so-tay.pdf"} <= set(names)

    call_command("flush", interactive=False, verbosity=0)
    (tmp_path / "media" / "outreach" / "documents" / "so-tay.pdf").unlink()
    from plan.models import Plan

    assert not Plan.objects.exists()

    call_command("restore", str(archive), stdout=open("/dev/null", "w"))
    assert _answers(token.key) == before
    assert (tmp_path / "media" / "outreach" / "documents" / "so-tay.pdf").read_bytes() == b"%PDF-1.4 so tay SXSH"
    assert personas["district_official"].__class__.objects.get(username="test.district_official").check_password(
        "pw-for-tests-1")

    # A database with data is not overwritten unless asked.
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("restore", str(archive))
    call_command("restore", str(archive), force=True, stdout=open("/dev/null", "w"))
    assert _answers(token.key) == before


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bad = tmp_path / "not-a-backup.tar.gz"
    bad.write_bytes(b"PK\x03\x04 this is a zip")
    with pytest.raises(CommandError, match="không phải là tệp sao lưu"):
        call_command("restore", str(bad))
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))
