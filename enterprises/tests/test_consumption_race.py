"""A consumption record deleted by one user while another's correction of it is being saved (found by QA: the save
answered 500). The deletion is made for real, through the delete service, at the moment the race needs it: after
the editing request has loaded the record, before its service saves (connection.execute_wrapper runs it before
the request's next query). The correction is then refused cleanly (the page says so and goes back to the list, the
API answers 404 with the Error body) and the record stays deleted, with no history row of the refused change."""

from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from enterprises import services
from enterprises.models import ConsumptionRecord, Enterprise

pytestmark = pytest.mark.django_db

GONE = "Số liệu tiêu thụ này vừa bị xoá trong lúc anh/chị đang sửa: nội dung sửa không được lưu."


def _record(**kw):
    fields = {"year": 2017, "resource": "electricity", "unit": "kWh", "quantity": Decimal("1000"),
              "output_quantity": Decimal("10"), "product": "Bia", "product_unit": "tấn", **kw}
    return ConsumptionRecord.objects.create(enterprise=Enterprise.objects.get(tax_code="0100109106"), **fields)


def _form(record, **changes):
    data = {"year": record.year, "half": "", "resource": record.resource, "material_name": "", "unit": record.unit,
            "quantity": str(record.quantity), "product": record.product,
            "output_quantity": str(record.output_quantity), "product_unit": record.product_unit,
            "baseline_reason": ""}
    return {**data, **changes}


class DeletedOnceLoaded:
    """An execute wrapper: once the request has read the record (its first SELECT from the table), the next query
    first lets another user delete it through the service, as if that user's request had run in between."""

    def __init__(self, record, user):
        self.record, self.user = record, user
        self.loaded = self.deleted = False

    def __call__(self, execute, sql, params, many, context):
        if self.loaded and not self.deleted:
            self.deleted = True
            services.consumption_record_delete(record=self.record, user=self.user)
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith("SELECT") and 'FROM "enterprises_consumptionrecord"' in sql:
            self.loaded = True
        return result


def _history(record) -> list[str]:
    return list(ConsumptionRecord.history.filter(id=record.pk).order_by("history_id")
                .values_list("history_type", flat=True))


def test_the_service_refuses_to_save_a_record_deleted_since_it_was_loaded_and_does_not_bring_it_back(personas):
    record = _record()
    loaded = ConsumptionRecord.objects.get(pk=record.pk)  # the user's copy, as the form holds it
    services.consumption_record_delete(record=record, user=personas["doit_staff"])  # another user
    loaded.quantity = Decimal("1200")
    with pytest.raises(services.RecordGone) as gone:
        services.consumption_record_save(record=loaded, user=personas["enterprise_user"])
    assert str(gone.value) == GONE
    assert not ConsumptionRecord.objects.filter(pk=record.pk).exists()
    assert _history(record) == ["+", "-"]


def test_an_edit_saved_while_another_user_deletes_the_record_says_so_and_goes_back_to_the_list(client_as, personas):
    record = _record()
    client = client_as("enterprise_user")
    race = DeletedOnceLoaded(record, personas["doit_staff"])
    with connection.execute_wrapper(race):
        response = client.post(reverse("enterprises:consumption_edit", args=[record.pk]),
                                _form(record, quantity="1200"))
    assert race.deleted
    assert (response.status_code, response["Location"]) == (302, reverse("enterprises:mine"))
    page = client.get(response["Location"]).content.decode()
    assert GONE in page and "Đã lưu số liệu tiêu thụ." not in page
    assert not ConsumptionRecord.objects.filter(pk=record.pk).exists()
    assert _history(record) == ["+", "-"]


def test_doit_staff_editing_a_record_deleted_meanwhile_go_back_to_the_facilitys_page(client_as, personas):
    record = _record()
    client = client_as("doit_staff")
    race = DeletedOnceLoaded(record, personas["enterprise_user"])
    with connection.execute_wrapper(race):
        response = client.post(reverse("enterprises:consumption_edit", args=[record.pk]),
                               _form(record, quantity="1200"), follow=True)
    assert response.redirect_chain == [(reverse("enterprises:detail", args=[record.enterprise_id]), 302)]
    assert GONE in response.content.decode()
    assert not ConsumptionRecord.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("method", ["put", "patch"])
def test_an_api_correction_of_a_record_deleted_meanwhile_is_a_404_with_the_error_body(api_as, personas, method):
    record = _record()
    api = api_as("enterprise_user")
    url = f"/api/v1/consumption-records/{record.pk}/"
    body = {**api.get(url).json(), "quantity": "1200"}
    race = DeletedOnceLoaded(record, personas["doit_staff"])
    with connection.execute_wrapper(race):
        response = getattr(api, method)(url, body, format="json")
    assert race.deleted
    assert response.status_code == 404 and response.json() == {"detail": GONE}
    assert not ConsumptionRecord.objects.filter(pk=record.pk).exists()
    assert _history(record) == ["+", "-"]
    schema = api_as("api_client").get("/api/schema/?format=json").json()
    error = schema["paths"]["/api/v1/consumption-records/{id}/"][method]["responses"]["404"]
    assert error["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_two_deletes_of_one_record_on_the_page_neither_fails(client_as, personas):
    record, raced = _record(), _record(year=2018)
    client = client_as("enterprise_user")
    url = reverse("enterprises:consumption_delete", args=[record.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 404  # one after the other: the record is gone
    race = DeletedOnceLoaded(raced, personas["doit_staff"])
    with connection.execute_wrapper(race):  # at the same time: the second finds it deleted, and is done
        response = client.post(reverse("enterprises:consumption_delete", args=[raced.pk]))
    assert race.deleted and (response.status_code, response["Location"]) == (302, reverse("enterprises:mine"))
    assert not ConsumptionRecord.objects.filter(pk__in=[record.pk, raced.pk]).exists()
    assert _history(raced) == ["+", "-"]  # deleted once


def test_two_deletes_of_one_record_through_the_api_neither_fails(api_as, personas):
    record, raced = _record(), _record(year=2018)
    api = api_as("enterprise_user")
    assert api.delete(f"/api/v1/consumption-records/{record.pk}/").status_code == 204
    second = api.delete(f"/api/v1/consumption-records/{record.pk}/")
    assert second.status_code == 404 and set(second.json()) == {"detail"}
    race = DeletedOnceLoaded(raced, personas["doit_staff"])
    with connection.execute_wrapper(race):
        assert api.delete(f"/api/v1/consumption-records/{raced.pk}/").status_code == 204
    assert race.deleted and _history(raced) == ["+", "-"]
