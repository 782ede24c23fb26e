import pytest

from reports.models import DistrictReport


@pytest.mark.django_db
def test_demo_reports_cover_every_state_and_seeding_twice_changes_nothing(plan_loaded):
    from plan import demo as plan_demo
    from reports import demo
    from reports.selectors import submission_grid

    plan_demo.seed()
    demo.seed()
    count = DistrictReport.objects.count()
    statuses = set(DistrictReport.objects.values_list("status", flat=True))
    assert statuses == {"submitted", "returned", "approved"}
    cells = {c["timeliness"] for row in submission_grid()["rows"] for c in row["cells"]}
    assert {"on_time", "late", "missing"} <= cells
    demo.seed()
    assert DistrictReport.objects.count() == count
