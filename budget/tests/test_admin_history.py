"""The admin's history pages ("Lịch sử") write each change in words (found by a QA pass as DoIT staff): a choice by
its label, not its stored code; yes / no, not True / False; an empty value as "—", not "None" or "Deleted … (pk=None)";
amounts grouped and dates as dd/mm/yyyy. Done once for every portal admin (plan.admin_history, taken by PortalAdmin):
a budget admin's page and a plan admin's page are read here."""

import datetime
import html as html_lib
import re

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject

from budget import services
from budget.models import BudgetLine, BudgetSection, Estimate
from plan.admin_history import HistoryLabelsMixin, shown_value
from plan.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def _changes(html) -> list[str]:
    """The "field: old → new" lines of a history page, as text."""
    items = re.findall(r"<li>\s*<strong>(.*?)</strong>(.*?)</li>", html, re.S)
    return [re.sub(r"\s+", " ", html_lib.unescape(f"{field} {values}").replace("\xa0", " ")).strip()
            for field, values in items]


def _history(client, obj) -> list[str]:
    opts = obj._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]))
    assert response.status_code == 200
    return _changes(response.content.decode())


def test_a_budget_lines_history_shows_the_kind_by_its_label_and_the_price_grouped(client_as):
    line = BudgetLine.objects.get(code="II.1")
    line.activity_kind, line.unit_price_vnd = "workshop", 81_500_000
    line.save()
    changes = _history(client_as("doit_staff"), line)
    assert "Loại hoạt động: lớp đào tạo → hội nghị, hội thảo" in changes, changes
    assert "Đơn giá (đồng): 80.000.000 → 81.500.000" in changes, changes
    assert not any("training_class" in change or "workshop" in change for change in changes)


def test_an_expenditures_history_says_yes_and_no_and_an_estimates_an_empty_user_as_a_dash(client_as, personas):
    staff = personas["doit_staff"]
    old = services.expenditure_save(line=BudgetLine.objects.get(code="II.1"), year=2017,
                                    date=datetime.date(2017, 3, 10), amount_vnd=170_000_000, description="Đợt 1",
                                    user=staff)
    services.expenditure_save(line=old.line, year=2017, date=old.date, amount_vnd=160_000_000, description="Đợt 1",
                              user=staff, instance=old)
    client = client_as("doit_staff")
    assert _history(client, old) == ["Đã được điều chỉnh: Không → Có"]

    estimate = Estimate.objects.create(line=old.line, year=2017, quantity=2, amount_vnd=160_000_000)
    estimate.created_by, estimate.decision_date, estimate.year = staff, datetime.date(2016, 12, 10), 2018
    estimate.save()
    changes = _history(client, estimate)
    assert "Người nhập: — → test.doit_staff" in changes, changes
    assert "Ngày quyết định: — → 10/12/2016" in changes, changes
    assert "Năm: 2017 → 2018" in changes, changes  # a year as it is, not "2.017"


def test_a_plan_admins_history_shows_labels_too(client_as):
    unit = AdministrativeUnit.objects.get(code="001")
    old_label = unit.get_type_display()
    unit.type = next(kind for kind in AdministrativeUnit.Kind if kind != unit.type and kind != "city")
    unit.save()
    changes = _history(client_as("doit_staff"), unit)
    assert f"Loại: {old_label} → {unit.get_type_display()}" in changes, changes


def test_every_admin_with_a_history_page_takes_the_labels():
    with_history = [m for m in admin.site._registry.values() if isinstance(m, SimpleHistoryAdmin)]
    assert len(with_history) > 15
    assert [m for m in with_history if not isinstance(m, HistoryLabelsMixin)] == []


def test_a_related_object_deleted_since_is_named_by_its_last_history(plan_loaded):
    section = BudgetSection.objects.get(code="IV")
    gone = BudgetLine.objects.create(section=section, code="IV.9", title="Dòng thử", unit="lần", unit_price_vnd=1,
                                     activity_kind="workshop")
    pk = gone.pk
    gone.delete()
    field = Estimate._meta.get_field("line")
    assert shown_value(field, DeletedObject(BudgetLine, pk)) == "IV.9 Dòng thử (đã xoá)"
    assert shown_value(field, DeletedObject(BudgetLine, None)) == "—"
    created_by = Estimate._meta.get_field("created_by")  # users keep no history: their model and key
    assert shown_value(created_by, DeletedObject(created_by.related_model, 10**6)).endswith(" 1000000 (đã xoá)")


def test_the_services_reasons_are_written_in_words_and_no_user_as_a_dash(client_as, personas):
    """A district report's history names its steps ("Gửi Sở Công Thương", not "submit"); a change made with no
    user recorded (the demo seed, a command) shows "—", not "Không" ("None" translated); a superseded
    expenditure says by whose correction."""
    from plan.models import ReportingPeriod
    from reports.services import district_report_open, district_report_submit

    official = personas["district_official"]
    report = district_report_open(district=AdministrativeUnit.objects.get(code="001"),
                                  period=ReportingPeriod.objects.get(code="2017S1"), user=official)
    district_report_submit(report=report, user=official)
    client = client_as("doit_staff")
    page = client.get(reverse("admin:reports_districtreport_history", args=[report.pk])).content.decode()
    cells = [re.sub(r"\s+", " ", c).strip() for c in re.findall(r"<td>(.*?)</td>", page, re.S)]
    assert "Gửi Sở Công Thương" in cells and "submit" not in cells, cells

    line = BudgetLine.objects.get(code="II.1")
    old = services.expenditure_save(line=line, year=2017, date=datetime.date(2017, 3, 10), amount_vnd=170_000_000,
                                    description="Đợt 1", user=None)
    services.expenditure_save(line=line, year=2017, date=datetime.date(2017, 3, 10), amount_vnd=160_000_000,
                              description="Đợt 1", user=personas["doit_staff"], instance=old)
    page = client.get(reverse("admin:budget_expenditure_history", args=[old.pk])).content.decode()
    cells = [re.sub(r"\s+", " ", c).strip() for c in re.findall(r"<td>(.*?)</td>", page, re.S)]
    assert "—" in cells and "Không" not in cells, cells  # the first record: no user (no request)
    assert f"Được thay bằng bản ghi điều chỉnh của {personas['doit_staff'].username}" in cells, cells
