"""The Python-rendered selects and the admin's row checkbox give the same markup as Django's templates."""

import re

import pytest
from django import forms
from django.contrib import admin

from plan.widgets import QuickNullBooleanSelect, QuickSelect


def _tight(html) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


CHOICES = [("", "---------"), ("001", "Ba Đình"), (2, "Hoàn <Kiếm> & \"Tây\" Hồ"),
           ("Nhóm", [("a", "Một"), ("b", "Hai")])]


@pytest.mark.parametrize("value", [None, "", "001", 2, "2", "b", "không có"])
def test_quick_select_writes_what_django_select_writes(value):
    attrs = {"id": "id_district", "class": "form-select", "required": True, "disabled": False}
    expected = forms.Select(choices=CHOICES).render("district", value, attrs=attrs)
    assert _tight(QuickSelect(choices=CHOICES).render("district", value, attrs=attrs)) == _tight(expected)


@pytest.mark.parametrize("value", [None, True, False, "true", "false", "unknown"])
def test_quick_null_boolean_select_writes_what_django_writes(value):
    expected = forms.NullBooleanSelect().render("aware", value, attrs={"id": "id_aware"})
    assert _tight(QuickNullBooleanSelect().render("aware", value, attrs={"id": "id_aware"})) == _tight(expected)


def test_the_labels_and_values_are_escaped():
    html = QuickSelect(choices=[("<x>", "<script>alert(1)</script>")]).render("q", None)
    assert "<script>" not in html and "&lt;script&gt;" in html and 'value="&lt;x&gt;"' in html


@pytest.mark.django_db
def test_the_admin_row_checkbox_is_the_markup_django_renders(plan_loaded):
    from django.contrib.admin import ModelAdmin

    from enterprises.models import Enterprise
    from enterprises.tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(name="Cơ sở <Thử> & Co")
    ours = admin.site._registry[Enterprise].action_checkbox(enterprise)
    django_own = ModelAdmin(Enterprise, admin.site).action_checkbox(enterprise)
    assert _tight(ours) == _tight(django_own)


def _filter_class(filter_class):
    import django_filters

    from enterprises.models import Enterprise, IndustrialArea, Sector
    from plan.models import AdministrativeUnit

    class Filter(django_filters.FilterSet):
        district = filter_class(field_name="district", to_field_name="code", widget=QuickSelect,
                                queryset=AdministrativeUnit.objects.exclude(type=AdministrativeUnit.Kind.CITY))
        sector = filter_class(field_name="sector", to_field_name="code", queryset=Sector.objects.all(),
                              widget=QuickSelect)
        industrial_area = filter_class(queryset=IndustrialArea.objects.all(), widget=QuickSelect, null_label="—")

        class Meta:
            model = Enterprise
            fields = ["district", "sector", "industrial_area"]

    return Filter


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{}, {"district": "001", "sector": "10"}, {"industrial_area": "null"}])
def test_listed_model_choices_are_the_choices_django_filter_gives(plan_loaded, query):
    import django_filters

    from plan.filters import ListedModelChoiceFilter

    listed = _filter_class(ListedModelChoiceFilter)(query)
    stock = _filter_class(django_filters.ModelChoiceFilter)(query)
    assert str(listed.form) == str(stock.form)
    assert listed.form.is_valid() == stock.form.is_valid()
    assert list(listed.qs.values_list("pk", flat=True)) == list(stock.qs.values_list("pk", flat=True))
    assert str(listed.form).count("<option") > 50  # districts and sectors really listed


@pytest.mark.django_db
def test_the_registry_filter_reads_its_choices_without_a_server_side_cursor(plan_loaded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from enterprises.filters import EnterpriseFilter
    from enterprises.models import Enterprise

    with CaptureQueriesContext(connection) as ctx:
        html = str(EnterpriseFilter({}, queryset=Enterprise.objects.all()).form)
    assert "Ba Đình" in html
    statements = [q["sql"] for q in ctx.captured_queries]
    assert len(statements) == 3  # districts, sectors, industrial areas: one query each
    assert not [sql for sql in statements if sql.lstrip().upper().startswith("DECLARE")]
