from tests.access import ANON, Case, api_login_required, page_login_required, public, statuses


def _report(personas):
    """Ba Đình's 2017S1 report (the district official's own)."""
    from plan.models import AdministrativeUnit, ReportingPeriod
    from reports.services import district_report_open

    report = district_report_open(district=AdministrativeUnit.objects.get(code="001"),
                                  period=ReportingPeriod.objects.get(code="2017S1"), user=personas["doit_staff"])
    return {"pk": report.pk}


def _submitted_report(personas):
    from reports.models import DistrictReport
    from reports.services import district_report_submit

    pk = _report(personas)["pk"]
    report = DistrictReport.objects.get(pk=pk)
    report.figures.update(registry_value=None)
    district_report_submit(report=report, user=personas["doit_staff"])
    return {"pk": pk}


def _attached_report(personas):
    from django.core.files.base import ContentFile

    from reports.models import DistrictReport

    pk = _report(personas)["pk"]
    report = DistrictReport.objects.get(pk=pk)
    report.attachment.save("scan.pdf", ContentFile(b"%PDF-1.4 test"))
    return {"pk": pk}


def _period(personas):
    from plan.models import ReportingPeriod

    return {"period_id": ReportingPeriod.objects.get(code="2017S1").pk}


def _plan(personas):
    from plan.models import AdministrativeUnit
    from reports.services import district_plan_save

    plan = district_plan_save(district=AdministrativeUnit.objects.get(code="001"), year=2017, data={},
                              user=personas["doit_staff"])
    return {"pk": plan.pk}


def _job(personas, status="done"):
    from django.core.files.base import ContentFile

    from plan.models import ReportingPeriod
    from reports.models import CityReportJob

    job = CityReportJob(period=ReportingPeriod.objects.get(code="2017S1"), kind="six_month",
                        requested_by=personas["doit_staff"], status=status)
    if status == "done":
        job.pdf.save("test.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        job.xlsx.save("test.xlsx", ContentFile(b"PK test"), save=False)
    job.save()
    return {"pk": job.pk}


READERS = ["doit_staff", "department_viewer", "api_client", "district_official"]

CASES = [
    Case("reports:home", public(200)),
    Case("reports:district_reports", page_login_required(allowed=["district_official"])),
    Case("reports:district_report_open", page_login_required(allowed=["district_official"], status=302),
         kwargs=_period, method="post", data={}),
    Case("reports:district_report_detail", page_login_required(allowed=READERS), kwargs=_report),
    Case("reports:district_report_submit", page_login_required(allowed=READERS, status=302), kwargs=_report,
         method="post", data={}),
    Case("reports:district_report_return", page_login_required(allowed=["doit_staff"], status=302),
         kwargs=_submitted_report, method="post", data={"reason": "thiếu"}),
    Case("reports:district_report_approve", page_login_required(allowed=["doit_staff"], status=302),
         kwargs=_submitted_report, method="post", data={}),
    Case("reports:district_report_attachment", page_login_required(allowed=READERS), kwargs=_attached_report),
    Case("reports:submission_grid", page_login_required(allowed=["doit_staff", "department_viewer", "api_client"])),
    Case("reports:district_plans", page_login_required(allowed=READERS)),
    Case("reports:district_plan_action", page_login_required(allowed=["doit_staff", "district_official"], status=302),
         kwargs=_plan,
         method="post", data={"action": "submit"}),
    Case("reports:district_plan_detail", page_login_required(allowed=READERS), kwargs=_plan),
    Case("v1:city-report-retry", {**api_login_required(allowed=["doit_staff"], status=202), "district_official": 404},
         kwargs=lambda p: _job(p, "failed"), api=True, method="post", data={}),
    Case("reports:report_jobs", page_login_required(allowed=READERS)),
    Case("reports:report_job_retry", {**page_login_required(allowed=["doit_staff"], status=302),
                                      "district_official": 404},
         kwargs=lambda p: _job(p, "failed"), method="post", data={}),
    Case("reports:report_job_download", {**page_login_required(allowed=["doit_staff", "department_viewer",
                                                                         "api_client"]), "district_official": 404},
         kwargs=_job),
    Case("v1:district-report-list", api_login_required(allowed=READERS), api=True),
    Case("v1:district-report-detail", api_login_required(allowed=READERS), kwargs=_report, api=True),
    Case("v1:district-report-detail", api_login_required(allowed=["doit_staff", "district_official"], status=(200, 400)),
         kwargs=_report, api=True, method="patch", data={"version": 1}, label="PATCH v1:district-report-detail"),
    Case("v1:district-report-submit", api_login_required(allowed=["doit_staff", "district_official"]),
         kwargs=_report, api=True, method="post", data={}),
    Case("v1:district-report-return", {**api_login_required(allowed=["doit_staff"]), "district_official": 403},
         kwargs=_submitted_report, api=True, method="post", data={"reason": "thiếu"}),
    Case("v1:district-report-approve", {**api_login_required(allowed=["doit_staff"]), "district_official": 403},
         kwargs=_submitted_report, api=True, method="post", data={}),
    Case("v1:city-report-list", api_login_required(allowed=READERS), api=True),
    Case("v1:city-report-list", api_login_required(allowed=["doit_staff", "district_official"], status=202),
         api=True, method="post", data=lambda p: {"period": _period(p)["period_id"]}, label="POST v1:city-report-list"),
    Case("v1:city-report-detail", {**api_login_required(allowed=["doit_staff", "department_viewer", "api_client"]),
                                   "district_official": 404}, kwargs=_job, api=True),
    Case("v1:city-report-pdf", {**api_login_required(allowed=["doit_staff", "department_viewer", "api_client"]),
                                "district_official": 404}, kwargs=_job, api=True),
    Case("v1:city-report-xlsx", {**api_login_required(allowed=["doit_staff", "department_viewer", "api_client"]),
                                 "district_official": 404}, kwargs=_job, api=True),
    Case("reports:report_job_xlsx", {**page_login_required(allowed=["doit_staff", "department_viewer",
                                                                     "api_client"]), "district_official": 404},
         kwargs=_job),
    # The indicators are public aggregates (no personal or enterprise data), like the plan's targets.
    Case("reports:indicators", public(200)),
    Case("reports:indicators", public(200), query="district=001", label="GET reports:indicators?district"),
    Case("v1:indicators", public(200), api=True, query="period=2017S1"),
    Case("v1:indicators", public(400), api=True, query="period=999999", label="GET v1:indicators?period=unknown"),
]

_ = (ANON, statuses)
