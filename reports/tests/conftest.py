import pytest

from plan.models import AdministrativeUnit, ReportingPeriod


@pytest.fixture
def ba_dinh(plan_loaded):
    return AdministrativeUnit.objects.get(code="001")


@pytest.fixture
def hoan_kiem(plan_loaded):
    return AdministrativeUnit.objects.get(code="002")


@pytest.fixture
def period(plan_loaded):
    return ReportingPeriod.objects.get(code="2017S1")


@pytest.fixture
def open_report(personas, ba_dinh, period):
    """Ba Đình's draft for 2017S1, opened by its official."""
    from reports.services import district_report_open

    report = district_report_open(district=ba_dinh, period=period, user=personas["district_official"])
    # The registry may already give counts (enterprises.selectors); these tests set their own.
    report.figures.update(registry_value=None)
    return report
