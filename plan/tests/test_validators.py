"""Telephone numbers as people write them, and what is no number (found by QA: "abc" and "abc; DROP" were taken)."""

import pytest
from django.core.exceptions import ValidationError

from plan.validators import validate_phone


@pytest.mark.parametrize("value", ["0243 555 0101", "0912.345.678", "+84 24 3555 0101", "(024) 3555-0101", "19001234",
                                   ""])
def test_a_telephone_number_as_written_in_vietnam_is_taken(value):
    validate_phone(value)


@pytest.mark.parametrize("value", ["abc", "abc; DROP", "0912", "0912 345 678 901 234 5", "09-12a", "++84 912 345 678"])
def test_what_is_no_telephone_number_is_refused(value):
    with pytest.raises(ValidationError, match="Số điện thoại không hợp lệ"):
        validate_phone(value)


@pytest.mark.django_db
def test_the_public_forms_name_the_phone_field(client, plan_loaded):
    from django.core.cache import cache

    from enterprises.views import public_request_attempts_key

    cache.delete(public_request_attempts_key("127.0.0.1"))
    page = client.post("/doanh-nghiep/dang-ky/", {"phone": "abc; DROP"}).content.decode()
    assert "Số điện thoại không hợp lệ" in page


@pytest.mark.django_db
def test_every_entry_point_checks_the_phone_the_models_hold(api_as, personas):
    """The check sits on the models' phone fields, so the API, the admin and the imports refuse what the public
    forms refuse (found by QA: the participant import took "abc")."""
    from enterprises.tests.factories import valid_tax_code
    from training.models import Participant

    body = {"tax_code": valid_tax_code(901), "name": "Công ty Thử", "district": "001", "sector": "10",
            "size": "small", "workers": 20, "revenue_vnd": 1_000_000_000, "phone": "abc; DROP"}
    response = api_as("doit_staff").post("/api/v1/enterprises/", body, format="json")
    assert response.status_code == 400 and "phone" in response.json(), response.json()
    with pytest.raises(ValidationError) as exc:
        Participant(full_name="Nguyễn Văn A", email="a@example.vn", phone="abc").full_clean()
    assert "phone" in exc.value.message_dict
