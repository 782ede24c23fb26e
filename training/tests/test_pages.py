import datetime

import pytest
from django.urls import reverse

from training import services
from training.models import Registration
from training.tests.factories import ParticipantFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db


def _completed(cls, **participant):
    p = ParticipantFactory(**participant)
    reg = services.class_register(training_class=cls, full_name=p.full_name, email=p.email)
    services.registration_confirm(registration=reg)
    services.attendance_record(registration=reg, today=cls.end_date)  # once the class has run
    return services.registration_complete(registration=reg, today=cls.end_date)


def test_the_public_form_registers_then_confirms_and_waitlists_when_full(client, plan_loaded):
    cls = TrainingClassFactory(capacity=1)
    url = reverse("training:class_register", args=[cls.pk])
    data = {"full_name": "Lê Thị Mai", "email": "mai@example.vn", "agency": "Phòng Kinh tế quận Tây Hồ"}
    response = client.post(url, data, follow=True)
    assert "Đã nhận đăng ký" in response.content.decode()
    response = client.post(url, {**data, "email": "lan@example.vn"}, follow=True)
    assert "danh sách chờ" in response.content.decode()
    assert Registration.objects.get(participant__email="lan@example.vn").status == "waitlisted"


def test_the_public_form_shows_clear_errors_and_saves_nothing(client, plan_loaded):
    cls = TrainingClassFactory()
    url = reverse("training:class_register", args=[cls.pk])
    response = client.post(url, {"full_name": "A", "email": "not-an-email"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "is-invalid" in html and "Cần mã số thuế của cơ sở hoặc tên cơ quan, đơn vị." in html
    client.post(url, {"full_name": "A", "email": "a@example.vn", "agency": "X"})
    response = client.post(url, {"full_name": "A", "email": "a@example.vn", "agency": "X"})
    assert "đã đăng ký lớp này" in response.content.decode()
    assert Registration.objects.count() == 1


def test_the_certificate_check_page_shows_name_and_class_but_no_personal_data(client, plan_loaded):
    cls = TrainingClassFactory()
    reg = _completed(cls, full_name="Vũ Minh Châu", email="chau.private@example.vn", phone="0987654321")
    response = client.get(reverse("training:certificate_check"), {"code": reg.certificate_code.lower()})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Vũ Minh Châu" in html and cls.title in html and reg.certificate_code in html
    assert "chau.private@example.vn" not in html and "0987654321" not in html
    wrong = client.get(reverse("training:certificate_check"), {"code": "SXSH-2017-NOTREAL1"})
    assert "Không có chứng nhận" in wrong.content.decode()
    assert client.get(reverse("training:certificate_verify", args=["SXSH-2017-NOTREAL1"])).status_code == 404


def test_the_certificate_pdf_is_served_for_a_valid_code(client, plan_loaded):
    reg = _completed(TrainingClassFactory())
    response = client.get(reverse("training:certificate_pdf", args=[reg.certificate_code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_class_list_queries_do_not_grow_with_classes(client, plan_loaded, django_assert_max_num_queries):
    for _i in range(3):
        TrainingClassFactory()
    TrainingClassFactory(start_date=datetime.date.today() - datetime.timedelta(days=10))
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("training:class_list"))
    for _i in range(10):
        TrainingClassFactory()
        TrainingClassFactory(start_date=datetime.date.today() - datetime.timedelta(days=10))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("training:class_list"))
    assert response.status_code == 200


def test_a_private_class_is_not_on_public_pages(client, plan_loaded):
    cls = TrainingClassFactory(is_public=False)
    assert client.get(reverse("training:class_detail", args=[cls.pk])).status_code == 404
    assert cls.title not in client.get(reverse("training:class_list")).content.decode()


def test_a_too_long_agency_gets_only_its_length_error(client, plan_loaded):
    cls = TrainingClassFactory()
    response = client.post(reverse("training:class_register", args=[cls.pk]),
                           {"full_name": "Lê Thị Mai", "email": "mai@example.vn", "agency": "A" * 300})
    errors = response.context["form"].errors
    assert list(errors) == ["agency"] and len(errors["agency"]) == 1 and "255" in errors["agency"][0]
    assert "Cần mã số thuế" not in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.parametrize("code", ["12345", "0101234567", "01012345678"])
def test_a_malformed_tax_code_gets_a_format_error_not_unknown(client, plan_loaded, code):
    cls = TrainingClassFactory()
    response = client.post(reverse("training:class_register", args=[cls.pk]),
                           {"full_name": "Lê Thị Mai", "email": "mai@example.vn", "tax_code": code})
    errors = response.context["form"].errors
    assert list(errors) == ["tax_code"] and len(errors["tax_code"]) == 1
    assert code in errors["tax_code"][0] and "chưa có trong cơ sở dữ liệu" not in errors["tax_code"][0]
    assert not Registration.objects.exists()


def test_a_well_formed_tax_code_missing_from_the_registry_is_still_named_so(client, plan_loaded):
    cls = TrainingClassFactory()
    response = client.post(reverse("training:class_register", args=[cls.pk]),
                           {"full_name": "Lê Thị Mai", "email": "mai@example.vn", "tax_code": "0314409058-002"})
    assert "chưa có trong cơ sở dữ liệu" in response.context["form"].errors["tax_code"][0]
