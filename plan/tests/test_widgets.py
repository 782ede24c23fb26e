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
