"""Writes of the registry: every state change runs in a transaction and records who made it."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from enterprises.models import (
    Assessment,
    AssessmentRequest,
    AwarenessRecord,
    ConsumptionRecord,
    CPOfficer,
    CPOption,
    Enterprise,
    InvestmentProject,
)
from plan.services import reason_required

ACTIVITY_KIND = {
    AssessmentRequest.Kind.RAPID_ASSESSMENT: "cp_assessment",
    AssessmentRequest.Kind.INVESTMENT_SUPPORT: "investment_support",
}
BUDGET_LINE = {"cp_assessment": "IV.1", "investment_support": "IV.3"}
TAKEN = (AssessmentRequest.Status.ACCEPTED, AssessmentRequest.Status.SCHEDULED, AssessmentRequest.Status.DONE)


class RecordGone(ObjectDoesNotExist):
    """The row being changed was deleted meanwhile (by another user, between loading it and saving the change):
    nothing is saved. Its message says so; a page shows it and goes back to the list, the API answers 404."""


def _history_user(obj, user):
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user


def _save(obj, user=None):
    obj.full_clean()
    _history_user(obj, user)
    obj.save()
    return obj


# --- registry --------------------------------------------------------------------------------------------


@transaction.atomic
def enterprise_save(*, enterprise: Enterprise, user=None) -> Enterprise:
    """Create or update a facility after validating it (tax code, size class, district, area)."""
    return _save(enterprise, user)


@transaction.atomic
def awareness_record_add(*, enterprise: Enterprise, date: datetime.date, kind: str, source=None, note: str = "",
                         user=None) -> AwarenessRecord:
    """Record that a facility learnt about CP. With a source (a class, a workshop) it is recorded once only."""
    if source is not None:
        source_type = ContentType.objects.get_for_model(source)
        existing = AwarenessRecord.objects.filter(enterprise=enterprise, source_type=source_type,
                                                  source_id=source.pk).first()
        if existing is not None:
            return existing
        record = AwarenessRecord(enterprise=enterprise, date=date, kind=kind, note=note, source_type=source_type,
                                 source_id=source.pk)
    else:
        record = AwarenessRecord(enterprise=enterprise, date=date, kind=kind, note=note)
    return _save(record, user)


@transaction.atomic
def cp_officer_assign(*, enterprise: Enterprise, name: str, position: str = "", since: datetime.date,
                      user=None) -> CPOfficer:
    """Designate the facility's CP officer from a date; the previous officer's period ends the day before."""
    for previous in CPOfficer.objects.filter(enterprise=enterprise, until__isnull=True, since__lt=since):
        previous.until = since - datetime.timedelta(days=1)
        _save(previous, user)
    return _save(CPOfficer(enterprise=enterprise, name=name, position=position, since=since), user)


# --- assessment requests ---------------------------------------------------------------------------------


def _require_status(request: AssessmentRequest, *allowed):
    if request.status not in allowed:
        raise ValidationError({"status": _("Yêu cầu đang ở trạng thái “%(status)s”, không thể chuyển như vậy.")
                               % {"status": request.get_status_display()}})


def quota_warning(*, kind: str, year: int, exclude_pk=None) -> str | None:
    """A message when the year's quota from the appendix is already taken; None while there is room."""
    from budget.selectors import quota_for  # floor 2; imported here so the registry loads without budget

    activity = ACTIVITY_KIND[kind]
    quota = quota_for(activity_kind=activity, year=year)
    if quota is None:
        return None
    taken = AssessmentRequest.objects.filter(kind=kind, year=year, status__in=TAKEN).exclude(pk=exclude_pk).count()
    if taken >= quota:  # this one, counted with those taken, passes the quota
        return _("Vượt chỉ tiêu năm %(year)s: yêu cầu này là yêu cầu thứ %(taken)s được tiếp nhận, chỉ tiêu là "
                 "%(quota)s. Vẫn tiếp nhận nhưng cần cân đối kinh phí.") % {
            "year": year, "taken": taken + 1, "quota": quota}
    return None


@transaction.atomic
def request_create(*, enterprise: Enterprise, kind: str, year: int, note: str = "", user=None) -> AssessmentRequest:
    """A facility asks for a rapid assessment or investment support."""
    return _save(AssessmentRequest(enterprise=enterprise, kind=kind, year=year, note=note,
                                   created_by=user if user and user.is_authenticated else None), user)


@transaction.atomic
def request_accept(*, request: AssessmentRequest, user) -> AssessmentRequest:
    """Accept a request. Returns it with `quota_warning` set when the year's quota is already full."""
    request = AssessmentRequest.objects.select_for_update().get(pk=request.pk)
    _require_status(request, AssessmentRequest.Status.REQUESTED)
    warning = quota_warning(kind=request.kind, year=request.year, exclude_pk=request.pk)
    request.status = AssessmentRequest.Status.ACCEPTED
    request.decided_by = user
    _save(request, user)
    request.quota_warning = warning
    return request


@transaction.atomic
def request_schedule(*, request: AssessmentRequest, scheduled_on: datetime.date, user) -> AssessmentRequest:
    request = AssessmentRequest.objects.select_for_update().get(pk=request.pk)
    _require_status(request, AssessmentRequest.Status.ACCEPTED, AssessmentRequest.Status.SCHEDULED)
    if scheduled_on is None:
        raise ValidationError({"scheduled_on": _("Cần ngày dự kiến.")})
    _require_in_year(scheduled_on, request.year, "scheduled_on")
    request.status = AssessmentRequest.Status.SCHEDULED
    request.scheduled_on = scheduled_on
    request.decided_by = user
    return _save(request, user)


@transaction.atomic
def request_decline(*, request: AssessmentRequest, reason: str, user) -> AssessmentRequest:
    request = AssessmentRequest.objects.select_for_update().get(pk=request.pk)
    _require_status(request, AssessmentRequest.Status.REQUESTED, AssessmentRequest.Status.ACCEPTED,
                    AssessmentRequest.Status.SCHEDULED)
    reason = reason_required(reason, field="decline_reason", missing=_("Từ chối cần ghi lý do."))
    request.status = AssessmentRequest.Status.DECLINED
    request.decline_reason = reason
    request.decided_by = user
    return _save(request, user)


# --- assessments and options -----------------------------------------------------------------------------


def _require_in_year(date: datetime.date, year: int, field: str):
    """A request is for one year of the plan (its quota and its money are that year's): its dates fall in it."""
    if date.year != year:
        raise ValidationError({field: _("Ngày %(date)s không thuộc năm %(year)s của yêu cầu.") % {
            "date": date.strftime("%d/%m/%Y"), "year": year}})


def _require_not_future(date: datetime.date, field: str):
    """What was done is dated today at the latest."""
    from django.utils import timezone

    if date > timezone.localdate():
        raise ValidationError({field: _("Ngày %(date)s chưa đến: chỉ ghi việc đã làm.") % {
            "date": date.strftime("%d/%m/%Y")}})


def _post_cost(*, source, activity_kind: str, year: int, date: datetime.date, amount_vnd: int, description: str,
               user):
    from budget.services import activity_cost_post  # floor 2

    return activity_cost_post(source=source, activity_kind=activity_kind, line_code=BUDGET_LINE[activity_kind],
                              year=year, date=date, amount_vnd=amount_vnd, description=description, user=user)


@transaction.atomic
def assessment_record(*, request: AssessmentRequest, date: datetime.date, consultant: str, findings: str = "",
                      consultancy_cost_vnd: int = 0, support_vnd: int = 0, user) -> Assessment:
    """Record the assessment done for a scheduled (or accepted) request, mark it done, post its support cost.

    The returned assessment's `support_flags` lists the warnings (above 50 million đồng, above half the cost).
    """
    request = AssessmentRequest.objects.select_for_update().get(pk=request.pk)
    if request.kind != AssessmentRequest.Kind.RAPID_ASSESSMENT:
        raise ValidationError({"request": _("Yêu cầu này không phải đánh giá nhanh SXSH.")})
    _require_status(request, AssessmentRequest.Status.ACCEPTED, AssessmentRequest.Status.SCHEDULED)
    if date is not None:
        _require_in_year(date, request.year, "date")
        _require_not_future(date, "date")
    assessment = _save(Assessment(request=request, date=date, consultant=consultant, findings=findings,
                                  consultancy_cost_vnd=consultancy_cost_vnd, support_vnd=support_vnd,
                                  recorded_by=user), user)
    request.status = AssessmentRequest.Status.DONE
    _save(request, user)
    if support_vnd:
        _post_cost(source=assessment, activity_kind="cp_assessment", year=request.year, date=date,
                   amount_vnd=support_vnd,
                   description=_("Hỗ trợ đánh giá nhanh SXSH: %(name)s") % {"name": request.enterprise.name},
                   user=user)
    return assessment


@transaction.atomic
def cp_option_add(*, assessment: Assessment, category: str, description: str, investment_vnd: int = 0,
                  yearly_saving_vnd: int = 0, user=None) -> CPOption:
    return _save(CPOption(assessment=assessment, category=category, description=description,
                          investment_vnd=investment_vnd, yearly_saving_vnd=yearly_saving_vnd), user)


@transaction.atomic
def cp_option_implement(*, option: CPOption, implemented_on: datetime.date, user) -> CPOption:
    option = CPOption.objects.select_for_update().select_related("assessment").get(pk=option.pk)
    if option.status == CPOption.Status.IMPLEMENTED:
        raise ValidationError({"status": _("Giải pháp này đã được ghi nhận là đã thực hiện.")})
    if implemented_on is None:
        raise ValidationError({"implemented_on": _("Cần ngày thực hiện.")})
    if implemented_on < option.assessment.date:
        raise ValidationError({"implemented_on": _("Ngày thực hiện không được trước ngày đánh giá.")})
    _require_not_future(implemented_on, "implemented_on")
    option.status = CPOption.Status.IMPLEMENTED
    option.implemented_on = implemented_on
    return _save(option, user)


@transaction.atomic
def investment_project_record(*, project: InvestmentProject, user) -> InvestmentProject:
    """Save a CP investment project and keep its posting on line IV.3 in step with it.

    The city's support is posted once (a later change is posted as a linked correction, so it counts once);
    a cancelled project or one without support withdraws its posting. A request, if given, must be the
    facility's own accepted or scheduled investment-support request; it is marked done.
    """
    is_new = project.pk is None
    request = None
    if project.request_id:
        request = AssessmentRequest.objects.select_for_update().get(pk=project.request_id)
        if request.kind != AssessmentRequest.Kind.INVESTMENT_SUPPORT:
            raise ValidationError({"request": _("Yêu cầu này không phải hỗ trợ dự án đầu tư.")})
        if project.enterprise_id and request.enterprise_id != project.enterprise_id:
            raise ValidationError({"request": _("Yêu cầu này là của một cơ sở khác.")})
        changed = is_new or InvestmentProject.objects.filter(pk=project.pk).exclude(request_id=request.pk).exists()
        if changed:
            _require_status(request, AssessmentRequest.Status.ACCEPTED, AssessmentRequest.Status.SCHEDULED)
    else:
        changed = False
    project.recorded_by = project.recorded_by or (user if getattr(user, "is_authenticated", False) else None)
    _save(project, user)
    if request is not None and changed:
        request.status = AssessmentRequest.Status.DONE
        _save(request, user)
    amount = 0 if project.status == InvestmentProject.Status.CANCELLED else project.support_vnd
    if amount:
        # A year that no date has (SQLite keeps any number in the column) is refused by the posting's year check.
        year_end = datetime.date(project.year, 12, 31) if datetime.MINYEAR <= project.year <= datetime.MAXYEAR else None
        _post_cost(source=project, activity_kind="investment_support", year=project.year,
                   date=project.started_on or year_end, amount_vnd=amount,
                   description=_("Hỗ trợ dự án đầu tư SXSH: %(title)s") % {"title": project.title}, user=user)
    elif not is_new:
        from budget.services import activity_cost_withdraw  # floor 2

        activity_cost_withdraw(source=project, user=user)
    return project


# --- consumption -----------------------------------------------------------------------------------------


@transaction.atomic
def consumption_record_save(*, record: ConsumptionRecord, user=None) -> ConsumptionRecord:
    """Save a consumption figure. Moving the baseline of an existing row needs a reason (kept in history).

    An existing row is locked until the change is saved; one deleted since it was loaded is RecordGone (saving it
    would insert it again, under its old id)."""
    if record.pk:
        before = ConsumptionRecord.objects.select_for_update().filter(pk=record.pk).first()
        if before is None:
            raise RecordGone(_("Số liệu tiêu thụ này vừa bị xoá trong lúc anh/chị đang sửa: nội dung sửa không được "
                               "lưu."))
        if before.is_baseline != record.is_baseline or (before.is_baseline and (
                before.quantity != record.quantity or before.output_quantity != record.output_quantity)):
            if not record.baseline_reason.strip() or record.baseline_reason == before.baseline_reason:
                raise ValidationError({"baseline_reason": _("Điều chỉnh năm cơ sở cần ghi lý do.")})
    return _save(record, user)


@transaction.atomic
def baseline_set(*, record: ConsumptionRecord, reason: str, user=None) -> ConsumptionRecord:
    """Make this record the baseline of its resource; the former baseline is unmarked. The reason is kept."""
    reason = reason_required(reason, field="baseline_reason", missing=_("Điều chỉnh năm cơ sở cần ghi lý do."))
    others = ConsumptionRecord.objects.filter(
        Q(enterprise_id=record.enterprise_id, resource=record.resource, material_name=record.material_name,
          is_baseline=True) & ~Q(pk=record.pk))
    for other in others:
        other.is_baseline = False
        other.baseline_reason = reason
        _save(other, user)
    record.is_baseline = True
    record.baseline_reason = reason
    return _save(record, user)


def consumption_record_delete_block(record: ConsumptionRecord) -> str | None:
    """Why the record cannot be deleted, or None when it can.

    A baseline is not deleted: T3 measures the facility's saving against it, and moving a baseline needs a reason
    (consumption_record_save), which a deletion cannot carry. Unticking the baseline, with the reason, comes first.
    An approved district report is not a reason to refuse: it keeps the figures it was approved with."""
    if record.is_baseline:
        return _("Đây là số liệu năm cơ sở, dùng để tính mức tiết kiệm trên đơn vị sản phẩm: không xoá được. "
                 "Hãy sửa số liệu, bỏ đánh dấu năm cơ sở và ghi lý do, rồi mới xoá.")
    return None


@transaction.atomic
def consumption_record_delete(*, record: ConsumptionRecord, user=None) -> ConsumptionRecord:
    """Delete a consumption figure; its history keeps it, with who deleted it. A record already gone is done."""
    locked = ConsumptionRecord.objects.select_for_update().filter(pk=record.pk).first()
    if locked is None:
        return record
    reason = consumption_record_delete_block(locked)
    if reason:
        raise ValidationError({"is_baseline": reason})
    _history_user(locked, user)
    locked.delete()
    return locked


# --- the public registration form ------------------------------------------------------------------------

OPEN_REQUEST_STATUSES = (AssessmentRequest.Status.REQUESTED, AssessmentRequest.Status.ACCEPTED,
                         AssessmentRequest.Status.SCHEDULED)


@transaction.atomic
def public_request_submit(*, tax_code: str, name: str, district, sector, size: str, workers: int, revenue_vnd: int,
                          kind: str, address: str = "", contact_person: str = "", phone: str = "", email: str = "",
                          note: str = "", year: int | None = None) -> AssessmentRequest:
    """A facility on the public site asks for support: found by tax code, or registered, then the request.

    An existing facility's registry data are not overwritten from the public form; DoIT get an e-mail after commit.
    """
    from django.conf import settings
    from django.core.mail import send_mail
    from django.utils import timezone

    enterprise = Enterprise.objects.filter(tax_code=tax_code).first()
    year = year or timezone.localdate().year
    if enterprise is not None and enterprise.assessment_requests.filter(
            kind=kind, year=year, status__in=OPEN_REQUEST_STATUSES).exists():
        raise ValidationError(_("Cơ sở này đã gửi đề nghị %(kind)s năm %(year)s; Sở Công Thương đang xử lý đề nghị "
                                "đó.") % {"kind": AssessmentRequest.Kind(kind).label, "year": year})
    if enterprise is None:
        enterprise = _save(Enterprise(
            tax_code=tax_code, name=name, address=address, district=district, sector=sector, size=size,
            workers=workers, revenue_vnd=revenue_vnd, contact_person=contact_person, phone=phone, email=email,
            registered_on=timezone.localdate()))
    request = _save(AssessmentRequest(enterprise=enterprise, kind=kind, year=year, note=note))
    subject = _("[SXSH] Yêu cầu mới: %(kind)s – %(name)s") % {"kind": request.get_kind_display(),
                                                              "name": enterprise.name}
    body = _("Cơ sở %(name)s (MST %(tax)s, %(district)s) đề nghị %(kind)s năm %(year)s.\n"
             "Người liên hệ: %(person)s, %(phone)s, %(email)s.\n\n%(note)s") % {
        "name": enterprise.name, "tax": enterprise.tax_code, "district": enterprise.district, "kind":
        request.get_kind_display(), "year": request.year, "person": contact_person, "phone": phone, "email": email,
        "note": note}
    transaction.on_commit(lambda: send_mail(subject, body, None, list(settings.DOIT_NOTIFY_EMAILS),
                                            fail_silently=True))
    return request
