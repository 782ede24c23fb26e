import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from plan.models import ReportingPeriod
from reports import services
from reports.models import DistrictReport, DistrictReportSubmission, PeriodClosure
from reports.tests.factories import DistrictReportFactory

pytestmark = pytest.mark.django_db


def _save(report, user, version=None, **data):
    return services.district_report_save(report=report, data=data, user=user,
                                         expected_version=report.version if version is None else version)


def test_opening_a_report_creates_a_prefilled_draft_once(open_report, personas, ba_dinh, period):
    assert open_report.status == DistrictReport.Status.DRAFT
    assert open_report.figures.count() == 8
    again = services.district_report_open(district=ba_dinh, period=period, user=personas["district_official"])
    assert again.pk == open_report.pk


def test_an_official_cannot_open_another_districts_report(personas, hoan_kiem, period):
    with pytest.raises(PermissionDenied):
        services.district_report_open(district=hoan_kiem, period=period, user=personas["district_official"])


def test_the_full_workflow_draft_submit_return_resubmit_approve(open_report, personas):
    official, doit = personas["district_official"], personas["doit_staff"]
    report = _save(open_report, official, figures={"facilities": {"district_value": 100}, "aware": {"district_value": 40}},
                   difficulties="Thiếu cán bộ")
    report = services.district_report_submit(report=report, user=official)
    assert report.status == "submitted" and report.first_submitted_at
    report = services.district_report_return(report=report, user=doit, reason="Thiếu số liệu đào tạo")
    assert report.status == "returned" and report.return_reason == "Thiếu số liệu đào tạo"
    report = _save(report, official, figures={"aware": {"district_value": 45}})
    report = services.district_report_submit(report=report, user=official)
    assert report.submissions.count() == 2
    report = services.district_report_approve(report=report, user=doit)
    assert report.status == "approved" and report.reviewed_by == doit
    assert report.history.count() >= 5


def test_a_second_save_with_the_same_version_is_refused_and_the_first_is_kept(open_report, personas):
    official = personas["district_official"]
    version = open_report.version
    _save(open_report, official, version=version, difficulties="Lần sửa thứ nhất")
    with pytest.raises(ValidationError, match="Báo cáo đã được người khác sửa"):
        _save(open_report, official, version=version, difficulties="Lần sửa thứ hai")
    open_report.refresh_from_db()
    assert open_report.difficulties == "Lần sửa thứ nhất"
    assert open_report.version == version + 1


@pytest.mark.parametrize("figures,message", [
    ({"facilities": {"district_value": -1}}, "không được âm"),
    ({"facilities": {"district_value": 10}, "aware": {"district_value": 11}}, "không được lớn hơn"),
])
def test_bad_figures_are_refused_and_nothing_changes(open_report, personas, figures, message):
    with pytest.raises(ValidationError, match=message):
        _save(open_report, personas["district_official"], figures=figures, difficulties="không lưu")
    open_report.refresh_from_db()
    assert open_report.difficulties == "" and open_report.version == 1
    assert not open_report.figures.exclude(district_value=None).exists()


def test_a_figure_different_from_the_registry_needs_a_reason(open_report, personas):
    open_report.figures.filter(code="facilities").update(registry_value=50)
    with pytest.raises(ValidationError, match="cần nêu lý do"):
        _save(open_report, personas["district_official"], figures={"facilities": {"district_value": 60}})
    report = _save(open_report, personas["district_official"],
                   figures={"facilities": {"district_value": 60, "reason": "Có 10 cơ sở mới chưa đăng ký"}})
    assert report.figures.get(code="facilities").value == 60


def test_a_submitted_report_cannot_be_edited_and_says_why(open_report, personas):
    report = services.district_report_submit(report=open_report, user=personas["district_official"])
    with pytest.raises(ValidationError, match="đang chờ xem xét"):
        _save(report, personas["district_official"], difficulties="x")


def test_an_approved_report_is_locked(open_report, personas):
    report = services.district_report_submit(report=open_report, user=personas["district_official"])
    report = services.district_report_approve(report=report, user=personas["doit_staff"])
    with pytest.raises(ValidationError, match="đã được duyệt"):
        services.district_report_submit(report=report, user=personas["district_official"])
    with pytest.raises(ValidationError, match="đã khóa"):
        _save(report, personas["district_official"], difficulties="x")
    with pytest.raises(ValidationError):
        services.district_report_return(report=report, user=personas["doit_staff"], reason="muộn")


def test_a_draft_cannot_be_approved_or_returned(open_report, personas):
    with pytest.raises(ValidationError, match="Chỉ duyệt được báo cáo đã gửi"):
        services.district_report_approve(report=open_report, user=personas["doit_staff"])
    with pytest.raises(ValidationError, match="Chỉ trả lại"):
        services.district_report_return(report=open_report, user=personas["doit_staff"], reason="x")
    open_report.refresh_from_db()
    assert open_report.status == "draft"


def test_returning_needs_a_reason_and_only_doit_reviews(open_report, personas):
    report = services.district_report_submit(report=open_report, user=personas["district_official"])
    with pytest.raises(ValidationError, match="lý do"):
        services.district_report_return(report=report, user=personas["doit_staff"], reason="  ")
    with pytest.raises(PermissionDenied):
        services.district_report_approve(report=report, user=personas["district_official"])


def test_a_closed_period_locks_its_reports(open_report, personas, period):
    PeriodClosure.objects.create(period=period)
    with pytest.raises(ValidationError, match="đã đóng"):
        _save(open_report, personas["district_official"], difficulties="x")
    assert "đã đóng" in services.district_report_edit_block(open_report)


def test_an_attachment_that_is_not_a_pdf_is_refused(open_report, personas):
    fake = SimpleUploadedFile("scan.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="phải là tệp PDF"):
        _save(open_report, personas["district_official"], attachment=fake)
    open_report.refresh_from_db()
    assert not open_report.attachment


def test_an_attachment_over_the_size_limit_is_refused(open_report, personas, settings):
    settings.UPLOAD_MAX_BYTES = 10
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 " + b"x" * 20, content_type="application/pdf")
    with pytest.raises(ValidationError, match="quá lớn"):
        _save(open_report, personas["district_official"], attachment=big)


def test_a_pdf_attachment_is_stored_and_served_only_to_those_who_see_the_report(open_report, personas, client_as):
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    report = _save(open_report, personas["district_official"], attachment=scan)
    url = f"/bao-cao/quan-huyen/{report.pk}/tep-dinh-kem/"
    response = client_as("district_official").get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_as("enterprise_user").get(url).status_code == 403


def test_changes_since_the_last_submission_are_listed_field_by_field(open_report, personas):
    from reports.selectors import submission_changes

    official = personas["district_official"]
    report = _save(open_report, official, figures={"facilities": {"district_value": 100}})
    report = services.district_report_submit(report=report, user=official)
    report = services.district_report_return(report=report, user=personas["doit_staff"], reason="Sửa số cơ sở")
    report = _save(report, official, figures={"facilities": {"district_value": 120}}, proposals="Thêm kinh phí")
    report = services.district_report_submit(report=report, user=official)
    changes = {c["field"]: (c["old"], c["new"]) for c in submission_changes(report)}
    assert changes["Số cơ sở sản xuất công nghiệp đang hoạt động (số liệu)"] == (100, 120)
    assert changes["đề xuất, kiến nghị"] == ("", "Thêm kinh phí")
    assert len(changes) == 2


def test_figures_that_moved_more_than_half_from_the_previous_period_are_flagged(plan_loaded):
    from reports.selectors import figures_with_flags

    DistrictReportFactory(period=ReportingPeriod.objects.get(code="2016S1"),
                          figures={"facilities": 100, "aware": 40})
    report = DistrictReportFactory(figures={"facilities": 140, "aware": 70})
    flags = {row["figure"].code: row["flagged"] for row in figures_with_flags(report)}
    assert flags["facilities"] is False  # +40%
    assert flags["aware"] is True  # +75%


def test_registry_prefill_gives_every_figure_zero_on_an_empty_registry(ba_dinh, period):
    from reports.prefill import registry_figures

    figures = registry_figures(district=ba_dinh, period=period)
    assert figures == {"facilities": 0, "aware": 0, "applying": 0, "cp_officer": 0, "large": 0, "large_trained": 0,
                       "assessments": 0, "savings_8pct": 0}


def test_reminders_go_to_districts_due_within_a_week_and_doit_gets_the_overdue(personas, mailoutbox, period):
    ba_dinh_mail = personas["district_official"].email or "test.district_official@example.vn"
    personas["district_official"].email = ba_dinh_mail
    personas["district_official"].save()
    sent = services.district_reports_send_reminders(today=period.due - datetime.timedelta(days=3))
    assert sent == {"districts": 1, "doit": 1}
    to_district = [m for m in mailoutbox if ba_dinh_mail in m.to]
    assert len(to_district) == 1 and "2017" in to_district[0].subject
    overdue = [m for m in mailoutbox if m.to == ["sxsh@congthuong.hanoi.gov.vn"]]
    assert "Quận Ba Đình" in overdue[0].body


def test_a_submitted_report_gets_no_reminder(open_report, personas, mailoutbox, period):
    personas["district_official"].email = "bd@example.vn"
    personas["district_official"].save()
    services.district_report_submit(report=open_report, user=personas["district_official"])
    services.district_reports_send_reminders(today=period.due - datetime.timedelta(days=3))
    assert not [m for m in mailoutbox if "bd@example.vn" in m.to]


def test_the_submission_grid_rates_are_those_computed_by_hand(plan_loaded, period):
    from plan.models import AdministrativeUnit
    from reports.selectors import submission_grid

    due = timezone.make_aware(datetime.datetime.combine(period.due, datetime.time(10)))
    codes = ["001", "002", "003"]
    units = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=codes)}
    DistrictReportFactory(district=units["001"], status="submitted", first_submitted_at=due)
    DistrictReportFactory(district=units["002"], status="approved", first_submitted_at=due + datetime.timedelta(days=2))
    DistrictReportFactory(district=units["003"], status="draft")
    grid = submission_grid(periods=[period])
    column = grid["columns"][0]
    districts = column["districts"]
    assert districts == 30
    assert (column["submitted"], column["on_time"]) == (2, 1)
    assert column["reporting_rate"] == round(100 * 2 / 30, 1) == 6.7
    assert column["on_time_rate"] == round(100 * 1 / 30, 1) == 3.3
    cells = {row["district"].code: row["cells"][0]["timeliness"] for row in grid["rows"]}
    assert (cells["001"], cells["002"], cells["003"], cells["004"]) == ("on_time", "late", "missing", "missing")


def test_district_plans_go_from_draft_to_submitted_to_approved(personas, ba_dinh):
    official, doit = personas["district_official"], personas["doit_staff"]
    plan = services.district_plan_save(district=ba_dinh, year=2017, data={"targets": "50% cơ sở biết SXSH",
                                       "budget_planned": 200_000_000}, user=official)
    with pytest.raises(ValidationError):
        services.district_plan_approve(plan=plan, user=doit)
    plan = services.district_plan_submit(plan=plan, user=official)
    plan = services.district_plan_approve(plan=plan, user=doit)
    assert plan.status == "approved"
    with pytest.raises(ValidationError, match="không sửa được"):
        services.district_plan_save(district=ba_dinh, year=2017, data={"targets": "x"}, user=official)


def test_submission_records_a_snapshot(open_report, personas):
    services.district_report_submit(report=open_report, user=personas["district_official"])
    snapshot = DistrictReportSubmission.objects.get(report=open_report)
    assert snapshot.number == 1 and set(snapshot.data["figures"]) >= {"facilities", "aware"}
