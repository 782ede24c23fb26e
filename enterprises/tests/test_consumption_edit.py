"""An enterprise corrects and deletes its own consumption figures, on its page and through the API; DoIT staff may
too; a district official and another enterprise may not (403 by role, 404 for a record outside the user's scope)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises import services
from enterprises.models import ConsumptionRecord, Enterprise
from enterprises.tests.factories import EnterpriseFactory
from plan.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

OWN_TAX_CODE = "0100109106"  # the enterprise persona's facility


def _own():
    return Enterprise.objects.get(tax_code=OWN_TAX_CODE)


def _record(enterprise=None, **kw):
    fields = {"year": 2017, "resource": "electricity", "unit": "kWh", "quantity": Decimal("1000"),
              "output_quantity": Decimal("10"), "product": "Bia", "product_unit": "tấn", **kw}
    return ConsumptionRecord.objects.create(enterprise=enterprise or _own(), **fields)


def _form(record, **changes):
    data = {"year": record.year, "half": record.half or "", "resource": record.resource,
            "material_name": record.material_name, "unit": record.unit, "quantity": str(record.quantity),
            "product": record.product, "output_quantity": str(record.output_quantity),
            "product_unit": record.product_unit, "baseline_reason": ""}
    if record.is_baseline:
        data["is_baseline"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _state(record):
    """The record's stored fields and its number of history rows: what a refused write must leave as it was."""
    return (ConsumptionRecord.objects.filter(pk=record.pk).values().first(),
            ConsumptionRecord.history.filter(id=record.pk).count())


def _edit(record):
    return reverse("enterprises:consumption_edit", args=[record.pk])


def _delete(record):
    return reverse("enterprises:consumption_delete", args=[record.pk])


# --- the enterprise's page --------------------------------------------------------------------------------------


def test_each_row_of_the_enterprises_own_table_offers_edit_and_delete(client_as, personas):
    record = _record()
    page = client_as("enterprise_user").get(reverse("enterprises:mine")).content.decode()
    assert f'href="{_edit(record)}">Sửa</a>' in page
    assert f'href="{_delete(record)}">Xoá</a>' in page


def test_an_enterprise_user_corrects_its_figure_and_the_history_names_it(client_as, personas):
    record = _record()
    client = client_as("enterprise_user")
    form = client.get(_edit(record))
    assert form.status_code == 200 and 'value="2017"' in form.content.decode()
    response = client.post(_edit(record), _form(record, quantity="1200.5"), follow=True)
    assert response.redirect_chain == [(reverse("enterprises:mine"), 302)]
    assert "Đã lưu số liệu tiêu thụ." in response.content.decode()
    record.refresh_from_db()
    assert record.quantity == Decimal("1200.5")
    last = record.history.first()
    assert last.history_type == "~" and last.history_user == personas["enterprise_user"]


@pytest.mark.parametrize("field,value,message", [
    ("year", "1999", "Năm 1999 không hợp lệ"),
    ("quantity", "-5", "Lượng tiêu thụ không được âm."),
    ("output_quantity", "0", "Sản lượng bằng 0 mà có tiêu thụ"),
])
def test_a_bad_figure_is_shown_under_its_field_and_nothing_is_saved(client_as, personas, field, value, message):
    record = _record()
    before = _state(record)
    response = client_as("enterprise_user").post(_edit(record), _form(record, **{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field] and message in " ".join(errors[field])
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and message in html  # Django's errorlist of that field
    assert _state(record) == before


def test_a_correction_onto_a_period_that_already_has_a_figure_is_refused_whole(client_as, personas):
    _record(year=2017)
    record = _record(year=2018)
    before = _state(record)
    response = client_as("enterprise_user").post(_edit(record), _form(record, year="2017"))
    assert response.status_code == 200
    assert "Đã có số liệu năm này cho tài nguyên này." in " ".join(response.context["form"].non_field_errors())
    assert _state(record) == before


def test_changing_the_baseline_asks_for_a_reason_under_its_field_and_keeps_it(client_as, personas):
    record = _record(is_baseline=True, baseline_reason="Năm đầu có số liệu")
    client = client_as("enterprise_user")
    before = _state(record)
    refused = client.post(_edit(record), _form(record, quantity="900"))
    assert refused.status_code == 200
    assert "Điều chỉnh năm cơ sở cần ghi lý do." in " ".join(refused.context["form"].errors["baseline_reason"])
    assert _state(record) == before
    saved = client.post(_edit(record), _form(record, quantity="900", baseline_reason="Sai số đồng hồ điện"))
    assert saved.status_code == 302
    record.refresh_from_db()
    assert (record.quantity, record.baseline_reason) == (Decimal("900"), "Sai số đồng hồ điện")


def test_an_edit_that_leaves_the_reason_empty_keeps_the_reason_given_before(client_as, personas):
    record = _record(baseline_reason="Ghi chú cũ")
    assert client_as("enterprise_user").post(_edit(record), _form(record, product="Bia hơi")).status_code == 302
    record.refresh_from_db()
    assert (record.product, record.baseline_reason) == ("Bia hơi", "Ghi chú cũ")


def test_delete_asks_first_then_says_what_was_deleted(client_as, personas):
    record = _record()
    client = client_as("enterprise_user")
    confirm = client.get(_delete(record))
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert ">Xoá</button>" in html and "Xoá số liệu này?" in html and ">2017<" in html
    assert ConsumptionRecord.objects.filter(pk=record.pk).exists()  # the GET deleted nothing
    response = client.post(_delete(record), follow=True)
    assert response.redirect_chain == [(reverse("enterprises:mine"), 302)]
    assert "Đã xoá số liệu tiêu thụ điện, năm 2017: 1.000 kWh." in response.content.decode()
    assert not ConsumptionRecord.objects.filter(pk=record.pk).exists()
    last = ConsumptionRecord.history.filter(id=record.pk).first()
    assert last.history_type == "-" and last.history_user == personas["enterprise_user"]


def test_a_baseline_is_not_deleted_and_the_page_says_how_to_proceed(client_as, personas):
    record = _record(is_baseline=True)
    client = client_as("enterprise_user")
    confirm = client.get(_delete(record)).content.decode()
    assert "không xoá được" in confirm and 'id="delete-blocked"' in confirm and ">Xoá</button>" not in confirm
    before = _state(record)
    response = client.post(_delete(record))
    assert response.status_code == 200 and "không xoá được" in response.content.decode()
    assert _state(record) == before


def test_another_enterprises_record_is_a_404_like_a_missing_one_and_stays(client_as, personas):
    record = _record(enterprise=EnterpriseFactory())
    before = _state(record)
    client = client_as("enterprise_user")
    for url in (_edit(record), _delete(record)):
        assert client.get(url).status_code == 404
        assert client.post(url, _form(record, quantity="1")).status_code == 404
    missing = reverse("enterprises:consumption_edit", args=[record.pk + 1000])
    assert client.get(missing).status_code == 404
    assert _state(record) == before
    assert f'href="{_edit(record)}"' not in client.get(reverse("enterprises:mine")).content.decode()


def test_a_district_official_corrects_its_districts_figures_but_does_not_delete_them(client_as, personas):
    record = _record()  # Ba Đình, the official's district
    client = client_as("district_official")
    page = client.get(reverse("enterprises:detail", args=[record.enterprise_id])).content.decode()
    assert f'href="{_edit(record)}"' in page and _delete(record) not in page
    for _ in range(2):
        assert client.get(_delete(record)).status_code == 403
        assert client.post(_delete(record)).status_code == 403
    assert client.post(_edit(record), _form(record, quantity="1500")).status_code == 302
    record.refresh_from_db()
    assert record.quantity == 1500
    assert ConsumptionRecord.history.filter(id=record.pk).first().history_user == personas["district_official"]
    other = _record(enterprise=EnterpriseFactory(district=AdministrativeUnit.objects.get(code="002")))
    assert client.get(_edit(other)).status_code == 404


def test_doit_staff_edit_and_delete_any_facilitys_figures_from_its_page(client_as, personas):
    other = EnterpriseFactory()
    record, second = _record(enterprise=other), _record(enterprise=other, year=2018)
    client = client_as("doit_staff")
    detail = reverse("enterprises:detail", args=[other.pk])
    page = client.get(detail).content.decode()
    assert f'href="{_edit(record)}"' in page and f'href="{_delete(record)}"' in page
    response = client.post(_edit(record), _form(record, quantity="800"))
    assert (response.status_code, response["Location"]) == (302, detail)
    record.refresh_from_db()
    assert record.quantity == 800 and record.history.first().history_user == personas["doit_staff"]
    assert client.post(_delete(second))["Location"] == detail
    assert not ConsumptionRecord.objects.filter(pk=second.pk).exists()


def test_the_enterprise_page_does_not_grow_in_queries_with_its_rows(client_as, personas):
    client = client_as("enterprise_user")
    _record(year=2016)
    client.get(reverse("enterprises:mine"))  # warm: sessions, content types
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("enterprises:mine")).status_code == 200
    for year in range(2017, 2024):
        _record(year=year)
    with CaptureQueriesContext(connection) as eight:
        html = client.get(reverse("enterprises:mine")).content.decode()
    assert html.count(">Xoá</a>") == 8
    assert len(eight) == len(one), [q["sql"] for q in eight.captured_queries]


# --- the API --------------------------------------------------------------------------------------------------


def _api_url(record):
    return f"/api/v1/consumption-records/{record.pk}/"


def test_an_enterprise_user_patches_and_puts_its_figure_through_the_api(api_as, personas):
    record = _record()
    api = api_as("enterprise_user")
    patched = api.patch(_api_url(record), {"quantity": "1100.25"}, format="json")
    assert patched.status_code == 200, patched.json()
    assert patched.json()["quantity"] == 1100.25
    record.refresh_from_db()
    assert record.quantity == Decimal("1100.25")
    assert record.history.first().history_user == personas["enterprise_user"]
    body = {**api.get(_api_url(record)).json(), "product": "Bia chai", "output_quantity": "12"}
    put = api.put(_api_url(record), body, format="json")
    assert put.status_code == 200, put.json()
    record.refresh_from_db()
    assert (record.product, record.output_quantity) == ("Bia chai", 12)


@pytest.mark.parametrize("body,field,message", [
    ({"year": 1999}, "year", "Năm 1999 không hợp lệ"),
    ({"quantity": "-1"}, "quantity", "Lượng tiêu thụ không được âm."),
    ({"output_quantity": "-1"}, "output_quantity", "Sản lượng không được âm."),
    ({"output_quantity": "0"}, "output_quantity", "Sản lượng bằng 0 mà có tiêu thụ"),
    ({"quantity": "nhiều"}, "quantity", "Cần nhập một số hợp lệ."),
])
def test_a_bad_value_through_the_api_is_a_400_naming_the_field_in_vietnamese(api_as, personas, body, field,
                                                                               message):
    record = _record()
    before = _state(record)
    response = api_as("enterprise_user").patch(_api_url(record), body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field] and message in " ".join(response.json()[field])
    assert _state(record) == before


def test_an_enterprise_user_deletes_its_figure_through_the_api(api_as, personas):
    record = _record()
    response = api_as("enterprise_user").delete(_api_url(record))
    assert response.status_code == 204
    assert not ConsumptionRecord.objects.filter(pk=record.pk).exists()
    last = ConsumptionRecord.history.filter(id=record.pk).first()
    assert last.history_type == "-" and last.history_user == personas["enterprise_user"]


def test_the_api_does_not_delete_a_baseline(api_as, personas):
    record = _record(is_baseline=True)
    before = _state(record)
    response = api_as("enterprise_user").delete(_api_url(record))
    assert response.status_code == 400 and "không xoá được" in " ".join(response.json()["is_baseline"])
    assert _state(record) == before


def test_another_enterprises_record_is_a_404_through_the_api_and_stays(api_as, personas):
    record = _record(enterprise=EnterpriseFactory(district=_own().district))
    before = _state(record)
    api = api_as("enterprise_user")
    assert api.get(_api_url(record)).status_code == 404
    assert api.patch(_api_url(record), {"quantity": "1"}, format="json").status_code == 404
    assert api.delete(_api_url(record)).status_code == 404
    assert api.delete(f"/api/v1/consumption-records/{record.pk + 1000}/").status_code == 404
    assert _state(record) == before


def test_a_district_official_corrects_its_districts_figures_through_the_api_but_does_not_delete(api_as, personas):
    record = _record()
    api = api_as("district_official")
    assert api.patch(_api_url(record), {"quantity": "1"}, format="json").status_code == 200
    assert api.delete(_api_url(record)).status_code == 403
    assert ConsumptionRecord.objects.get(pk=record.pk).quantity == 1


def test_doit_staff_patch_and_delete_any_facilitys_figure_through_the_api(api_as, personas):
    record = _record(enterprise=EnterpriseFactory())
    api = api_as("doit_staff")
    assert api.patch(_api_url(record), {"unit": "MWh", "quantity": "1"}, format="json").status_code == 200
    assert api.delete(_api_url(record)).status_code == 204
    assert ConsumptionRecord.history.filter(id=record.pk).first().history_user == personas["doit_staff"]


def test_the_schema_documents_the_writes_of_a_consumption_record(api_as, personas):
    schema = api_as("api_client").get("/api/schema/?format=json").json()
    item = schema["paths"]["/api/v1/consumption-records/{id}/"]
    assert {"204", "400", "403", "404"} <= set(item["delete"]["responses"])
    for method in ("put", "patch"):
        assert {"200", "400", "403", "404"} <= set(item[method]["responses"])
    quantity = schema["components"]["schemas"]["ConsumptionRecord"]["properties"]["quantity"]
    assert quantity["minimum"] == 0


# --- the service ----------------------------------------------------------------------------------------------


def test_the_delete_service_writes_history_with_the_user_and_refuses_a_baseline(personas):
    record, baseline = _record(), _record(year=2016, is_baseline=True)
    services.consumption_record_delete(record=record, user=personas["doit_staff"])
    assert ConsumptionRecord.history.filter(id=record.pk).first().history_user == personas["doit_staff"]
    with pytest.raises(services.ValidationError) as refused:
        services.consumption_record_delete(record=baseline, user=personas["doit_staff"])
    assert "is_baseline" in refused.value.message_dict
    assert ConsumptionRecord.objects.filter(pk=baseline.pk).exists()
    # a record already deleted (by someone else in between) is done, not an error
    assert services.consumption_record_delete(record=record, user=personas["doit_staff"]) is record
