"""Writes of the reports app: the district report workflow, district CP plans, reminders, PDF report jobs."""

import logging
import os
import time
from contextlib import suppress
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plan.models import AdministrativeUnit, ReportingPeriod
from plan.roles import district_ids_of, is_doit
from plan.services import reason_required
from reports.models import (
    FIGURE_DENOMINATORS,
    CityReportJob,
    DistrictPlan,
    DistrictReport,
    DistrictReportFigure,
    DistrictReportSubmission,
    FigureCode,
    PeriodClosure,
)
from reports.prefill import registry_figures

logger = logging.getLogger(__name__)

# Fields of a district report a district official writes (besides the figures and the attachment).
REPORT_FIELDS = [
    "classes_count", "classes_participants", "classes_cost", "workshops_count", "workshops_participants",
    "workshops_cost", "media_count", "media_participants", "media_cost", "budget_planned", "budget_spent",
    "difficulties", "proposals",
]
PDF_MAGIC = b"%PDF"


# --- rules ---------------------------------------------------------------------------------------------------


def period_is_closed(period) -> bool:
    return PeriodClosure.objects.filter(period=period).exists()


def district_report_edit_block(report, user=None) -> str | None:
    """Why the report cannot be edited now (by `user`, if given), or None when it can."""
    if report.status == DistrictReport.Status.APPROVED:
        return _("Báo cáo đã được Sở Công Thương duyệt và đã khóa, không sửa được nữa.")
    if report.status == DistrictReport.Status.SUBMITTED:
        return _("Báo cáo đã gửi Sở Công Thương và đang chờ xem xét; chỉ sửa được khi bị trả lại.")
    if period_is_closed(report.period):
        return _("Kỳ báo cáo %(period)s đã đóng, không sửa được báo cáo.") % {"period": report.period}
    if user is not None and not _may_write_for(user, report.district_id):
        return _("Chỉ cán bộ của %(district)s mới sửa được báo cáo này.") % {"district": report.district}
    return None


def _may_write_for(user, district_id) -> bool:
    return is_doit(user) or district_id in district_ids_of(user)


def _require_doit(user):
    if not is_doit(user):
        raise PermissionDenied(_("Chỉ cán bộ Sở Công Thương được xem xét báo cáo."))


def _refuse_if_not_editable(report, user):
    reason = district_report_edit_block(report, user)
    if reason:
        raise ValidationError(reason)


def figures_validate(values: dict[str, int | None], reasons: dict[str, str], registry: dict[str, int | None]):
    """Refuse negative figures, figures above their denominator and unexplained differences from the registry.

    `values` are the figures that count (the district's where given, else the registry's).
    """
    errors = []
    labels = dict(FigureCode.choices)
    for code, value in values.items():
        if value is None:
            continue
        if value < 0:
            errors.append(_("%(figure)s: số liệu không được âm (%(value)s).") % {"figure": labels[code], "value": value})
            continue
        denominator = FIGURE_DENOMINATORS.get(code)
        total = values.get(denominator) if denominator else None
        if total is not None and value > total:
            errors.append(_("%(figure)s (%(value)s) không được lớn hơn %(denominator)s (%(total)s).") % {
                "figure": labels[code], "value": value, "denominator": labels[denominator], "total": total})
    for code, district_value in ((c, v) for c, v in values.items()):
        registry_value = registry.get(code)
        if (district_value is not None and registry_value is not None and district_value != registry_value
                and not (reasons.get(code) or "").strip()):
            errors.append(_("%(figure)s: số liệu của quận, huyện (%(district)s) khác cơ sở dữ liệu (%(registry)s), "
                            "cần nêu lý do.") % {"figure": labels[code], "district": district_value,
                                                 "registry": registry_value})
    if errors:
        raise ValidationError(errors)


def attachment_validate(upload):
    """A signed scan must be a PDF (checked by its content, not its name) within settings.UPLOAD_MAX_BYTES."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError({"attachment": _("Tệp đính kèm quá lớn: tối đa %(mb)s MB.") % {
            "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}})
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError({"attachment": _("Tệp đính kèm phải là tệp PDF (bản scan có chữ ký, đóng dấu).")})


def report_snapshot(report) -> dict:
    """The report's content as plain data (for the submission record and for diffs)."""
    data = {name: getattr(report, name) for name in REPORT_FIELDS}
    data["figures"] = {
        f.code: {"registry_value": f.registry_value, "district_value": f.district_value, "reason": f.reason}
        for f in report.figures.all()
    }
    data["attachment"] = report.attachment.name if report.attachment else ""
    return data


# --- the district report workflow -------------------------------------------------------------------------------


@transaction.atomic
def district_report_open(*, district, period, user, registry: dict | None = None) -> DistrictReport:
    """The district's report for the period; a new draft prefilled from the registry when there is none.

    `registry` (figure code → value) is the prefill when the caller has already counted it (the demo data counts
    every district and period in grouped queries); by default it is counted here."""
    if not _may_write_for(user, district.pk):
        raise PermissionDenied(_("Chỉ cán bộ của %(district)s mới lập được báo cáo này.") % {"district": district})
    if district.type == AdministrativeUnit.Kind.CITY:
        raise ValidationError(_("Báo cáo lập cho một quận, huyện, thị xã, không cho thành phố."))
    existing = DistrictReport.objects.filter(district=district, period=period).first()
    if existing is not None:
        return existing
    if period_is_closed(period):
        raise ValidationError(_("Kỳ báo cáo %(period)s đã đóng, không lập được báo cáo mới.") % {"period": period})
    report = DistrictReport(district=district, period=period)
    report.full_clean()
    report.save()
    if registry is None:
        registry = registry_figures(district=district, period=period)
    DistrictReportFigure.objects.bulk_create([
        DistrictReportFigure(report=report, code=code, registry_value=registry.get(code),
                             denominator_code=FIGURE_DENOMINATORS.get(code, ""))
        for code in FigureCode.values
    ])
    return report


def _version_of(value) -> int:
    """The version of the report that the user edited, as a form or an API client sent it: a whole number, or a
    refusal that names the field (a number is what the portal draws; anything else was typed or tampered with)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        with suppress(ValueError):
            return int(value)
    raise ValidationError({"version": _("Phiên bản của báo cáo (version) phải là một số nguyên.")})


@transaction.atomic
def district_report_save(*, report, data: dict, expected_version: int, user) -> DistrictReport:
    """Save the district's edits. Refused, with nothing written, if someone saved in between or it is locked.

    `data` holds any of REPORT_FIELDS, "figures" ({code: {"district_value": int|None, "reason": str}}) and
    "attachment" (an uploaded file).
    """
    report = DistrictReport.objects.select_for_update().select_related("period", "district").get(pk=report.pk)
    if expected_version is None:
        raise ValidationError({"version": _("Thiếu phiên bản của báo cáo (version).")})
    expected_version = _version_of(expected_version)
    if expected_version != report.version:
        raise ValidationError({"version": _(
            "Báo cáo đã được người khác sửa sau khi bạn mở (phiên bản %(theirs)s, bạn đang sửa phiên bản %(yours)s). "
            "Không có gì bị ghi đè: hãy tải lại trang và nhập lại thay đổi.") % {
                "theirs": report.version, "yours": expected_version}})
    _refuse_if_not_editable(report, user)

    for name in REPORT_FIELDS:
        if name in data:
            setattr(report, name, data[name] if data[name] is not None else ("" if name in ("difficulties", "proposals") else 0))
    if data.get("attachment"):
        attachment_validate(data["attachment"])
        report.attachment = data["attachment"]

    figures = {f.code: f for f in report.figures.all()}
    for code, change in (data.get("figures") or {}).items():
        if code not in figures:
            raise ValidationError({"figures": _("Chỉ số %(code)s không có trong báo cáo.") % {"code": code}})
        figure = figures[code]
        if "district_value" in change:
            figure.district_value = change["district_value"]
        if "reason" in change:
            figure.reason = (change["reason"] or "").strip()
    _validate_figures_of(figures.values())
    # A negative figure fails here before it reaches a PositiveIntegerField.
    for figure in figures.values():
        figure.full_clean(exclude=["report"])
    report.full_clean()
    # The version check above holds the row lock; the conditional update makes it hold on SQLite too.
    if not DistrictReport.objects.filter(pk=report.pk, version=expected_version).update(version=F("version") + 1):
        raise ValidationError({"version": _("Báo cáo đã được người khác sửa, hãy tải lại trang.")})
    report.version = expected_version + 1
    report._change_reason = "save"
    report.save()
    for figure in figures.values():
        figure.save()
    return report


def _validate_figures_of(figures):
    figures = list(figures)
    figures_validate(
        {f.code: f.value for f in figures}, {f.code: f.reason for f in figures},
        {f.code: f.registry_value for f in figures},
    )


@transaction.atomic
def district_report_submit(*, report, user, expected_version: int | None = None) -> DistrictReport:
    """Send the report to DoIT (a draft or a returned report); its content is recorded as a submission."""
    report = DistrictReport.objects.select_for_update().select_related("period", "district").get(pk=report.pk)
    if expected_version is not None and _version_of(expected_version) != report.version:
        raise ValidationError({"version": _("Báo cáo đã được người khác sửa, hãy tải lại trang trước khi gửi.")})
    if report.status == DistrictReport.Status.APPROVED:
        raise ValidationError(_("Báo cáo đã được duyệt, không gửi lại được."))
    if report.status == DistrictReport.Status.SUBMITTED:
        raise ValidationError(_("Báo cáo đã gửi và đang chờ Sở Công Thương xem xét."))
    _refuse_if_not_editable(report, user)
    _validate_figures_of(report.figures.all())
    now = timezone.now()
    report.status = DistrictReport.Status.SUBMITTED
    report.submitted_at, report.submitted_by = now, user
    report.first_submitted_at = report.first_submitted_at or now
    report.version += 1
    report.full_clean()
    report._change_reason = "submit"
    report.save()
    number = report.submissions.count() + 1
    DistrictReportSubmission.objects.create(report=report, number=number, submitted_at=now, submitted_by=user,
                                            data=report_snapshot(report))
    return report


@transaction.atomic
def district_report_return(*, report, user, reason: str) -> DistrictReport:
    """DoIT sends a submitted report back to the district with the reason."""
    _require_doit(user)
    report = DistrictReport.objects.select_for_update().get(pk=report.pk)
    reason = reason_required(reason, field="return_reason", missing=_("Cần nêu lý do trả lại báo cáo."))
    if report.status != DistrictReport.Status.SUBMITTED:
        raise ValidationError(_("Chỉ trả lại được báo cáo đã gửi (báo cáo đang ở trạng thái “%(status)s”).") % {
            "status": report.get_status_display()})
    report.status = DistrictReport.Status.RETURNED
    report.return_reason = reason
    report.reviewed_at, report.reviewed_by = timezone.now(), user
    report.version += 1
    report.full_clean()
    report._change_reason = "return"
    report.save()
    return report


@transaction.atomic
def district_report_approve(*, report, user, refresh_indicators: bool = True) -> DistrictReport:
    """DoIT approves a submitted report; it is locked from then on. The period's stored indicators are refreshed
    after the commit (refresh_indicators=False when the caller refreshes them itself, as the demo data does)."""
    _require_doit(user)
    report = DistrictReport.objects.select_for_update().get(pk=report.pk)
    if report.status != DistrictReport.Status.SUBMITTED:
        raise ValidationError(_("Chỉ duyệt được báo cáo đã gửi (báo cáo đang ở trạng thái “%(status)s”).") % {
            "status": report.get_status_display()})
    report.status = DistrictReport.Status.APPROVED
    report.reviewed_at, report.reviewed_by = timezone.now(), user
    report.version += 1
    report.full_clean()
    report._change_reason = "approve"
    report.save()
    if refresh_indicators:
        indicator_snapshots_refresh_later(period_id=report.period_id)
    return report


# --- district CP plans ----------------------------------------------------------------------------------------

PLAN_FIELDS = ["targets", "planned_activities", "classes_planned", "classes_budget", "workshops_planned",
               "workshops_budget", "media_planned", "media_budget", "budget_planned", "cp_staff"]
PLAN_EDITABLE = (DistrictPlan.Status.DRAFT, DistrictPlan.Status.RETURNED)


def district_plan_edit_block(plan, user=None) -> str | None:
    """Why the plan cannot be edited now (by `user`, if given), or None when it can."""
    if plan.status == DistrictPlan.Status.APPROVED:
        return _("Kế hoạch đã được Sở Công Thương duyệt và đã khóa, không sửa được nữa.")
    if plan.status == DistrictPlan.Status.SUBMITTED:
        return _("Kế hoạch đã gửi Sở Công Thương và đang chờ duyệt; chỉ sửa được khi bị trả lại.")
    if user is not None and not _may_write_for(user, plan.district_id):
        return _("Chỉ cán bộ của %(district)s mới sửa được kế hoạch này.") % {"district": plan.district}
    return None


@transaction.atomic
def district_plan_save(*, district, year: int | None, data: dict, user) -> DistrictPlan:
    """Create or update a district's plan (while being written or after DoIT returned it; an approved plan is
    locked). `data` holds any of PLAN_FIELDS."""
    if not _may_write_for(user, district.pk):
        raise PermissionDenied(_("Chỉ cán bộ của %(district)s mới lập được kế hoạch này.") % {"district": district})
    plan = DistrictPlan.objects.select_for_update().filter(district=district, year=year).first()
    if plan is None:
        plan = DistrictPlan(district=district, year=year)
    else:
        reason = district_plan_edit_block(plan)
        if reason:
            raise ValidationError(reason)
    for name in PLAN_FIELDS:
        if name in data:
            value = data[name]
            if value is None:
                value = "" if name in ("targets", "planned_activities", "cp_staff") else 0
            setattr(plan, name, value)
    plan.full_clean()
    plan._change_reason = "save"
    plan.save()
    return plan


@transaction.atomic
def district_plan_submit(*, plan, user) -> DistrictPlan:
    """Send the plan (being written, or returned and corrected) to DoIT for approval."""
    plan = DistrictPlan.objects.select_for_update().get(pk=plan.pk)
    if not _may_write_for(user, plan.district_id):
        raise PermissionDenied(_("Chỉ cán bộ của quận, huyện mới gửi được kế hoạch này."))
    if plan.status not in PLAN_EDITABLE:
        raise ValidationError(_("Chỉ gửi được kế hoạch đang soạn hoặc bị trả lại."))
    if not plan.targets.strip():
        raise ValidationError({"targets": _("Kế hoạch cần có mục tiêu trước khi gửi.")})
    plan.status, plan.submitted_at = DistrictPlan.Status.SUBMITTED, timezone.now()
    plan.full_clean()
    plan._change_reason = "submit"
    plan.save()
    return plan


@transaction.atomic
def district_plan_approve(*, plan, user) -> DistrictPlan:
    """DoIT approves a submitted plan; it is locked from then on."""
    _require_doit(user)
    plan = DistrictPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != DistrictPlan.Status.SUBMITTED:
        raise ValidationError(_("Chỉ duyệt được kế hoạch đã gửi."))
    plan.status, plan.approved_at, plan.approved_by = DistrictPlan.Status.APPROVED, timezone.now(), user
    plan.full_clean()
    plan._change_reason = "approve"
    plan.save()
    return plan


@transaction.atomic
def district_plan_return(*, plan, user, reason: str = "") -> DistrictPlan:
    """DoIT sends a submitted plan back to the district with the reason; the district corrects and resubmits."""
    _require_doit(user)
    plan = DistrictPlan.objects.select_for_update().get(pk=plan.pk)
    reason = reason_required(reason, field="return_reason", missing=_("Cần nêu lý do trả lại kế hoạch."))
    if plan.status != DistrictPlan.Status.SUBMITTED:
        raise ValidationError(_("Chỉ trả lại được kế hoạch đã gửi."))
    plan.status, plan.return_reason, plan.returned_at = DistrictPlan.Status.RETURNED, reason, timezone.now()
    plan.full_clean()
    plan._change_reason = "return"
    plan.save()
    return plan


# --- reminders ---------------------------------------------------------------------------------------------------


def district_reports_send_reminders(*, today=None, days_ahead: int = 7) -> dict:
    """E-mail the officials of districts whose report is due within `days_ahead` and not submitted; list the
    overdue ones to DoIT (settings.DOIT_NOTIFY_EMAILS). Returns how many e-mails of each kind were sent."""
    from reports.selectors import reports_due_soon, reports_overdue

    today = today or timezone.localdate()
    sent = {"districts": 0, "doit": 0}
    for item in reports_due_soon(today=today, days_ahead=days_ahead):
        if not item["emails"]:
            continue
        send_mail(
            _("[SXSH] Nhắc hạn nộp báo cáo %(period)s") % {"period": item["period"]},
            _("Báo cáo SXSH %(period)s của %(district)s hạn nộp ngày %(due)s nhưng chưa được gửi Sở Công Thương. "
              "Đề nghị hoàn thành và gửi báo cáo trên Cổng SXSH.") % {
                "period": item["period"], "district": item["district"], "due": item["period"].due.strftime("%d/%m/%Y")},
            settings.DEFAULT_FROM_EMAIL, item["emails"],
        )
        sent["districts"] += 1
    overdue = reports_overdue(today=today)
    if overdue and settings.DOIT_NOTIFY_EMAILS:
        lines = [f"- {item['district']} · {item['period']} (hạn {item['period'].due.strftime('%d/%m/%Y')})"
                 for item in overdue]
        send_mail(_("[SXSH] Các quận, huyện quá hạn nộp báo cáo"),
                  _("Các báo cáo quá hạn chưa gửi:") + "\n" + "\n".join(lines),
                  settings.DEFAULT_FROM_EMAIL, settings.DOIT_NOTIFY_EMAILS)
        sent["doit"] += 1
    return sent


# --- PDF report jobs -----------------------------------------------------------------------------------------------

REPORT_LANGUAGE = "vi"  # the language of every PDF report (an official document), see city_report_generate
QUEUE_DOWN_NOTE = "Hàng đợi tạm thời không hoạt động; báo cáo sẽ được tạo khi hàng đợi hoạt động trở lại."


def _enqueue(job_id: int) -> bool:
    """Hand the job to Celery; if the broker is down, the job stays queued with a note (never an error page).
    True when the broker took it."""
    from kombu.exceptions import OperationalError
    from redis.exceptions import ConnectionError as RedisConnectionError  # redis is a pinned dependency

    from reports.tasks import city_report_generate

    broker_errors = (OperationalError, OSError, RedisConnectionError)
    try:
        city_report_generate.delay(job_id)
    except broker_errors as exc:
        logger.warning("report job %s not enqueued: %s", job_id, exc)
        CityReportJob.objects.filter(pk=job_id, status=CityReportJob.Status.QUEUED).update(note=QUEUE_DOWN_NOTE)
        return False
    return True


@transaction.atomic
def city_report_request(*, period, user, district=None) -> CityReportJob:
    """Ask for the city's report for `period` (or one district's, when `district` is given)."""
    if district is None:
        _require_doit(user)
    elif not _may_write_for(user, district.pk):
        raise PermissionDenied(_("Chỉ cán bộ của %(district)s mới yêu cầu được báo cáo này.") % {"district": district})
    if not isinstance(period, ReportingPeriod):
        raise ValidationError({"period": _("Kỳ báo cáo không hợp lệ.")})
    job = CityReportJob(period=period, district=district, kind=period.kind, requested_by=user)
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


@transaction.atomic
def city_report_retry(*, job, user) -> CityReportJob:
    """Put a failed job (or one still queued because the broker was down) back on the queue."""
    city_report_jobs_fail_stale()  # a job running past the time limit is failed first, so it can be retried
    job = CityReportJob.objects.select_for_update().get(pk=job.pk)
    if job.district_id is None:
        _require_doit(user)
    elif not _may_write_for(user, job.district_id):
        raise PermissionDenied(_("Không có quyền chạy lại báo cáo này."))
    if job.status not in (CityReportJob.Status.FAILED, CityReportJob.Status.QUEUED):
        raise ValidationError(_("Chỉ chạy lại được báo cáo bị lỗi hoặc đang chờ."))
    job.status, job.note = CityReportJob.Status.QUEUED, ""
    job.save()
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


REQUEUE_AFTER = timedelta(minutes=2)


def city_report_jobs_requeue(*, now=None) -> int:
    """Hand back to Celery the jobs still queued because the broker was down when they were asked for (their
    note says so) or that have waited longer than REQUEUE_AFTER. Celery beat runs this every 5 minutes, so a
    request recorded while Redis was down runs once it is back, with nobody pressing "retry". Handing a job
    over twice is harmless: the task leaves a job that is running or done alone. Returns how many were sent."""
    now = now or timezone.now()
    ids = list(CityReportJob.objects.filter(status=CityReportJob.Status.QUEUED).filter(
        Q(note=QUEUE_DOWN_NOTE) | Q(requested_at__lt=now - REQUEUE_AFTER)).values_list("pk", flat=True))
    sent = 0
    for job_id in ids:
        if _enqueue(job_id):
            CityReportJob.objects.filter(pk=job_id, status=CityReportJob.Status.QUEUED,
                                         note=QUEUE_DOWN_NOTE).update(note="")
            sent += 1
    return sent


def _test_render_delay() -> float:
    """Seconds to wait before rendering; only tests set SXSH_TEST_RENDER_DELAY (to kill a worker mid-PDF)."""
    try:
        return max(0.0, float(os.environ.get("SXSH_TEST_RENDER_DELAY", "0") or 0))
    except ValueError:
        return 0.0


def _time_limit() -> timedelta:
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


def city_report_jobs_fail_stale(*, now=None) -> int:
    """Mark running jobs older than the task time limit as failed (their worker died); they can be retried."""
    now = now or timezone.now()
    return CityReportJob.objects.filter(status=CityReportJob.Status.RUNNING, started_at__lt=now - _time_limit()).update(
        status=CityReportJob.Status.FAILED, finished_at=now,
        error=_("Quá thời gian cho phép (%(s)s giây): tiến trình tạo báo cáo đã dừng. Hãy chạy lại.") % {
            "s": settings.CELERY_TASK_TIME_LIMIT})


def city_report_generate(*, job_id: int, task_id: str | None = None) -> str:
    """Generate the job's PDF. Safe to run twice: a done job is left alone, and so is a job another task is
    running. The one exception is the same Celery message delivered again (`task_id` equal to the job's): the
    worker that ran it died without acknowledging it (late acknowledgement), so this worker takes over."""
    from plan.documents import render_pdf
    from reports.selectors import city_report_data

    now = timezone.now()
    with transaction.atomic():
        job = CityReportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return "missing"
        if job.status == CityReportJob.Status.DONE:
            return "done"
        if job.status == CityReportJob.Status.RUNNING:
            if job.started_at and job.started_at < now - _time_limit():
                city_report_jobs_fail_stale(now=now)
                return "failed"
            if not (task_id and job.task_id == task_id):
                return "running"
            logger.warning("report job %s: task %s delivered again after its worker died; taking over",
                           job_id, task_id)
        job.status, job.started_at, job.finished_at, job.error, job.note = (
            CityReportJob.Status.RUNNING, now, None, "", "")
        job.task_id = task_id or ""
        job.attempts += 1
        job.save()
    try:
        delay = _test_render_delay()
        if delay:
            time.sleep(delay)
        # The official report is Vietnamese, numbers and dates included, whatever language the requester uses: in
        # eager mode this runs inside their request (their language active), on a worker in no request at all.
        with translation.override(REPORT_LANGUAGE):
            context = city_report_data(period=job.period, district=job.district)
            pdf = render_pdf("reports/print/city_report.html", context)
            from reports.xlsx import report_xlsx

            xlsx = report_xlsx(context)
        name = f"bao-cao-{job.district.code if job.district_id else 'ha-noi'}-{job.period.code}-{job.pk}.pdf"
        job.pdf.save(name, ContentFile(pdf), save=False)
        job.xlsx.save(name[:-4] + ".xlsx", ContentFile(xlsx), save=False)
        job.status = CityReportJob.Status.DONE
    except Exception as exc:  # recorded on the job for the user to see; the task itself does not fail
        logger.exception("report job %s failed", job_id)
        job.status, job.error = CityReportJob.Status.FAILED, f"{exc.__class__.__name__}: {exc}"[:2000]
    job.finished_at = timezone.now()
    job.duration = job.finished_at - job.started_at
    job.save()
    return job.status


# --- indicator snapshots ------------------------------------------------------------------------------------------


def indicator_snapshots_refresh(*, periods=None, stdout=None) -> int:
    """Recompute the stored T1–T5 counts (reports.models.IndicatorSnapshot) of the given periods (default: every
    period), for the city and every district, plus the earliest period (the trend's start). Each period is counted
    in three queries and replaced in its own transaction. Returns the number of periods refreshed."""
    from reports.indicators import snapshot_counts
    from reports.models import IndicatorSnapshot

    all_periods = list(ReportingPeriod.objects.order_by("end", "start"))
    wanted = {p.pk for p in periods} if periods is not None else {p.pk for p in all_periods}
    if all_periods and wanted:
        wanted.add(all_periods[0].pk)
    district_ids = list(AdministrativeUnit.objects.exclude(type=AdministrativeUnit.Kind.CITY)
                        .values_list("pk", flat=True))
    done = 0
    for period in (p for p in all_periods if p.pk in wanted):
        counts = snapshot_counts(period=period)
        now = timezone.now()
        blank = {name: 0 for name in INDICATOR_SNAPSHOT_FIELDS}
        rows = []
        for district_id in [None, *district_ids]:
            values = counts.get(district_id) or {**blank, "median_saving": None}
            rows.append(IndicatorSnapshot(period=period, district_id=district_id, computed_at=now,
                                          **{name: values[name] for name in INDICATOR_SNAPSHOT_FIELDS}))
        with transaction.atomic():
            IndicatorSnapshot.objects.filter(period=period).delete()
            IndicatorSnapshot.objects.bulk_create(rows)
        done += 1
        if stdout:
            stdout.write(f"reports: indicators of {period.code} stored")
    return done


INDICATOR_SNAPSHOT_FIELDS = ["active", "aware", "applying", "officer", "large", "large_trained", "boards",
                             "boards_officer", "savings_count", "savings_8pct", "median_saving"]


def indicator_snapshots_refresh_later(*, period_id: int) -> None:
    """After the current transaction commits, ask Celery to refresh the period's stored indicators."""
    def enqueue():
        from reports.tasks import indicator_snapshots_refresh as task

        try:
            task.delay(period_id)
        except Exception as exc:  # the broker is down: the nightly refresh will catch up
            logger.warning("indicator refresh of period %s not enqueued: %s", period_id, exc)
    transaction.on_commit(enqueue)
