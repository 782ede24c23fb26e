import json
import shutil
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from plan.fixtures_io import FIXTURES_DIR
from plan.models import AdministrativeUnit, Plan, ReportingPeriod, Target

pytestmark = pytest.mark.django_db


def _row_counts():
    return {m.__name__: m.objects.count() for m in (Plan, Target, AdministrativeUnit, ReportingPeriod)} | {
        "history": sum(m.history.count() for m in (Plan, Target, AdministrativeUnit, ReportingPeriod))
    }


def test_it_loads_the_decision_with_its_five_targets(plan_loaded):
    assert plan_loaded.code == "5768/QĐ-UBND"
    assert plan_loaded.decision_date.isoformat() == "2015-10-29"
    assert (plan_loaded.start_year, plan_loaded.end_year) == (2016, 2020)
    targets = {t.code: (t.target_value, t.target_value_max) for t in plan_loaded.targets.all()}
    assert targets == {
        "T1": (Decimal("90"), None), "T2": (Decimal("50"), None), "T3": (Decimal("8"), Decimal("13")),
        "T4": (Decimal("90"), None), "T5": (Decimal("100"), None),
    }


def test_it_loads_hanoi_and_its_thirty_districts_with_gso_codes(plan_loaded):
    hanoi = AdministrativeUnit.objects.get(code="01")
    districts = AdministrativeUnit.objects.filter(parent=hanoi)
    assert districts.count() == 30
    assert districts.filter(type="quan").count() == 12
    assert districts.filter(type="huyen").count() == 17
    assert list(districts.filter(type="thi_xa").values_list("name", flat=True)) == ["Sơn Tây"]
    assert AdministrativeUnit.objects.get(code="001").name == "Ba Đình"
    assert AdministrativeUnit.objects.get(code="282").name == "Mỹ Đức"
    assert set(districts.values_list("valid_to", flat=True)) == {__import__("datetime").date(2025, 6, 30)}


def test_it_loads_ten_half_year_and_annual_periods_and_the_whole_period(plan_loaded):
    codes = list(ReportingPeriod.objects.values_list("code", "kind"))
    assert len(codes) == 11
    assert ("2016S1", "six_month") in codes and ("2020", "annual") in codes
    assert ("2016-2020", "whole_period") in codes
    period = ReportingPeriod.objects.get(code="2017S1")
    assert (period.start.isoformat(), period.end.isoformat()) == ("2017-01-01", "2017-06-30")


def test_running_it_twice_changes_nothing(plan_loaded):
    before = _row_counts()
    call_command("load_plan", stdout=StringIO())
    assert _row_counts() == before


def test_it_keeps_a_due_date_that_staff_changed(plan_loaded):
    period = ReportingPeriod.objects.get(code="2018")
    period.due = period.due.replace(day=20)
    period.save()
    call_command("load_plan", stdout=StringIO())
    period.refresh_from_db()
    assert period.due.day == 20


@pytest.fixture
def broken_fixtures(tmp_path):
    target = tmp_path / "fixtures"
    shutil.copytree(FIXTURES_DIR, target)
    return target


def _edit(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_missing_field_names_the_file_and_record_and_loads_nothing(plan_loaded, broken_fixtures):
    # The units file loads first and would rename Ba Đình; the decision file then fails.
    _edit(broken_fixtures / "plan" / "administrative_units.json", lambda d: d["units"][1].update(name="Đổi tên"))
    _edit(broken_fixtures / "plan" / "decision_5768.json", lambda d: d["targets"][2].pop("target_value"))
    with pytest.raises(CommandError) as error:
        call_command("load_plan", fixtures=str(broken_fixtures), stdout=StringIO())
    assert "decision_5768.json" in str(error.value) and "T3" in str(error.value)
    assert "target_value" in str(error.value)
    assert AdministrativeUnit.objects.get(code="001").name == "Ba Đình"


def test_a_bad_date_is_refused_and_the_database_is_left_as_it_was(plan_loaded, broken_fixtures):
    before = _row_counts()
    _edit(broken_fixtures / "plan" / "decision_5768.json", lambda d: d["periods"][3].update(end="2017-13-40"))
    with pytest.raises(CommandError) as error:
        call_command("load_plan", fixtures=str(broken_fixtures), stdout=StringIO())
    assert "2017" in str(error.value) and "not a date" in str(error.value)
    assert _row_counts() == before


def test_a_value_the_model_refuses_is_reported_with_the_model_message(plan_loaded, broken_fixtures):
    _edit(broken_fixtures / "plan" / "decision_5768.json", lambda d: d["targets"][0].update(target_value="190"))
    with pytest.raises(CommandError) as error:
        call_command("load_plan", fixtures=str(broken_fixtures), stdout=StringIO())
    assert "T1" in str(error.value)
    assert Target.objects.get(code="T1").target_value == Decimal("90")


def test_a_file_that_is_not_json_is_named(plan_loaded, broken_fixtures):
    (broken_fixtures / "plan" / "administrative_units.json").write_text('{"units": [', encoding="utf-8")
    with pytest.raises(CommandError, match=r"administrative_units\.json: not valid JSON"):
        call_command("load_plan", fixtures=str(broken_fixtures), stdout=StringIO())


def test_a_missing_file_is_named(plan_loaded, broken_fixtures):
    (broken_fixtures / "plan" / "decision_5768.json").unlink()
    with pytest.raises(CommandError, match=r"decision_5768\.json: file not found"):
        call_command("load_plan", fixtures=str(broken_fixtures), stdout=StringIO())


def test_an_unknown_parent_unit_is_refused(plan_loaded, broken_fixtures):
    _edit(broken_fixtures / "plan" / "administrative_units.json", lambda d: d["units"][5].update(parent="99"))
    with pytest.raises(CommandError, match=r"record #6 \(005\): unknown parent code '99'"):
        call_command("load_plan", fixtures=str(broken_fixtures), stdout=StringIO())
