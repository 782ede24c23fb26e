import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from budget.models import BudgetLine, BudgetSection, PlannedQuantity
from plan.fixtures_io import FIXTURES_DIR

pytestmark = pytest.mark.django_db


def _counts():
    return (BudgetSection.objects.count(), BudgetLine.objects.count(), PlannedQuantity.objects.count(),
            BudgetLine.history.count())


def test_load_plan_loads_four_sections_eleven_lines_and_55_planned_quantities_idempotently(plan_loaded):
    before = _counts()
    assert before[:3] == (4, 11, 55)
    call_command("load_plan", stdout=StringIO())
    assert _counts() == before
    assert BudgetLine.objects.get(code="IV.1").activity_kind == "cp_assessment"
    assert BudgetLine.objects.get(code="I.3b").unit == "Bài viết"


@pytest.mark.parametrize("breakage,message", [
    (lambda d: d["sections"][3]["lines"][0].update(activity_kind="picnic"), "unknown activity_kind"),
    (lambda d: d["sections"][0]["lines"][0]["quantities"].update({"2015": 1}), "outside the plan"),
    (lambda d: d["sections"][0]["lines"][1]["quantities"].update({"2016": -3}), "whole number"),
    (lambda d: d["sections"][1]["lines"][0].update(unit_price_vnd="80.000"), "whole number"),
    (lambda d: d["sections"][2]["lines"][0].pop("unit"), "missing field"),
])
def test_a_bad_appendix_is_refused_naming_file_and_record_and_nothing_changes(plan_loaded, tmp_path, breakage, message):
    fixtures = tmp_path / "fixtures"
    shutil.copytree(FIXTURES_DIR, fixtures)
    path = fixtures / "budget" / "appendix_5768.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["sections"][0]["title"] = "changed title that must not be saved"
    breakage(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = _counts()
    with pytest.raises(CommandError) as caught:
        call_command("load_plan", fixtures=str(fixtures), stdout=StringIO())
    assert "appendix_5768.json" in str(caught.value) and "line #" in str(caught.value) and message in str(caught.value)
    assert _counts() == before
    assert BudgetSection.objects.get(code="I").title != "changed title that must not be saved"
