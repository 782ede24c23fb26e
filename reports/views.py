from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plan.models import AdministrativeUnit, ReportingPeriod
from plan.roles import Role, district_ids_of, is_doit, reads_city_wide, role_of
from plan.selectors import plan_current
from reports import selectors, services
from reports.forms import (
    DistrictPlanForm,
    DistrictPlanStartForm,
    DistrictReportForm,
    ReportRequestForm,
    ReturnForm,
)
from reports.models import CityReportJob, DistrictPlan, DistrictReport

HOME_NEWS = HOME_EVENTS = 3  # the home page's latest news and coming events


def home(request):
    """The portal's home: the plan, its objective, its five targets with the city's progress on each (stored
    figures of the latest period ended), the latest news, the coming events, and a panel for the user's role."""
    from django.utils import timezone

    from outreach import selectors as outreach
    from reports.indicators import latest_progress

    today = timezone.localdate()
    plan = plan_current()
    progress = latest_progress(today=today, plan=plan) if plan else None
    items = {item["target"]: item for item in progress["items"]} if progress else {}
    return render(request, "home.html", {
        "plan": plan,
        "progress_period": progress["period"] if progress else None,
        "cards": [{"target": target, "progress": items.get(target.code)} for target in plan.targets.all()]
        if plan else [],
        "news": outreach.news_latest(limit=HOME_NEWS),
        "events": outreach.events_upcoming(today=today, limit=HOME_EVENTS),
    })


# --- district reports, review, submission grid, district plans, PDF report jobs --------------------------------------


def _error_messages(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def _require_district_official(user):
    if role_of(user) != Role.DISTRICT_OFFICIAL or not district_ids_of(user):
        raise PermissionDenied
    return AdministrativeUnit.objects.filter(pk__in=district_ids_of(user)).order_by("code")


def _require_reader(user):
    if not (reads_city_wide(user) or role_of(user) == Role.DISTRICT_OFFICIAL):
        raise PermissionDenied


@login_required
def district_reports(request):
    """A district official's periods with their district's report in each: open, edit, submit."""
    districts = list(_require_district_official(request.user))
    periods = list(ReportingPeriod.objects.order_by("end", "start"))
    reports = {(r.period_id, r.district_id): r for r in DistrictReport.objects.visible_to(request.user)}
    rows = [{"district": d, "period": p, "report": reports.get((p.pk, d.pk))} for d in districts for p in periods]
    return render(request, "reports/district_reports.html", {"rows": rows})


@login_required
@require_POST
def district_report_open(request, period_id):
    districts = _require_district_official(request.user)
    period = get_object_or_404(ReportingPeriod, pk=period_id)
    try:  # the form offers the official's own districts; any other value, a number or not, is not found
        district = districts.get(pk=int(request.POST.get("district") or districts.first().pk))
    except (ValueError, AdministrativeUnit.DoesNotExist):
        raise Http404 from None
    try:
        report = services.district_report_open(district=district, period=period, user=request.user)
    except ValidationError as exc:
        _error_messages(request, exc)
        return redirect("reports:district_reports")
    return redirect("reports:district_report_detail", pk=report.pk)


def _report_for(request, pk):
    _require_reader(request.user)
    return get_object_or_404(DistrictReport.objects.visible_to(request.user).select_related("period", "district"), pk=pk)


@login_required
def district_report_detail(request, pk):
    """The report: an edit form for its district while editable, otherwise read-only with the reason;
    for DoIT the review (changes since the last submission, flagged figures, return / approve)."""
    report = _report_for(request, pk)
    blocked = services.district_report_edit_block(report, request.user)
    form = None
    if not blocked and not is_doit(request.user):
        if request.method == "POST":
            form = DistrictReportForm(request.POST, request.FILES, report=report)
            if form.is_valid():
                try:
                    services.district_report_save(report=report, data=form.service_data(),
                                                  expected_version=form.cleaned_data["version"], user=request.user)
                except ValidationError as exc:
                    _error_messages(request, exc)
                else:
                    messages.success(request, _("Đã lưu báo cáo."))
                    return redirect("reports:district_report_detail", pk=report.pk)
        else:
            form = DistrictReportForm(report=report)
    elif request.method == "POST":
        messages.error(request, blocked or _("Cán bộ Sở Công Thương xem xét, không sửa báo cáo của quận, huyện."))
    # A refused save or submission flashes its reason; the page then leaves out the same words in its box.
    flashed = {str(message) for message in messages.get_messages(request)}
    context = {
        "report": report, "blocked": blocked, "blocked_flashed": blocked in flashed, "form": form,
        "figure_rows": selectors.figures_with_flags(report),
        "changes": selectors.submission_changes(report) if reads_city_wide(request.user) else [],
        "can_review": is_doit(request.user) and report.status == DistrictReport.Status.SUBMITTED,
        "is_doit": is_doit(request.user),  # DoIT staff read the report's history (who, when, before/after)
        "can_submit": not blocked and not is_doit(request.user)
        and report.status in (DistrictReport.Status.DRAFT, DistrictReport.Status.RETURNED),
        "return_form": ReturnForm(),
        "plan_comparison": selectors.district_plan_comparison(district=report.district, period=report.period,
                                                              report=report),
    }
    return render(request, "reports/district_report_detail.html", context)


def _report_action(request, pk, action):
    report = _report_for(request, pk)
    try:
        action(report)
    except ValidationError as exc:
        _error_messages(request, exc)
    return redirect("reports:district_report_detail", pk=report.pk)


@login_required
@require_POST
def district_report_submit(request, pk):
    def submit(report):
        services.district_report_submit(report=report, user=request.user,
                                        expected_version=request.POST.get("version") or None)
        messages.success(request, _("Đã gửi báo cáo tới Sở Công Thương."))
    return _report_action(request, pk, submit)


@login_required
@require_POST
def district_report_return(request, pk):
    def send_back(report):
        services.district_report_return(report=report, user=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("Đã trả lại báo cáo cho quận, huyện."))
    return _report_action(request, pk, send_back)


@login_required
@require_POST
def district_report_approve(request, pk):
    def approve(report):
        services.district_report_approve(report=report, user=request.user)
        messages.success(request, _("Đã duyệt báo cáo."))
    return _report_action(request, pk, approve)


@login_required
def district_report_attachment(request, pk):
    """The signed scan, only to those who may see the report."""
    report = _report_for(request, pk)
    if not report.attachment:
        raise Http404
    return FileResponse(report.attachment.open("rb"), content_type="application/pdf",
                        filename=f"bao-cao-{report.district.code}-{report.period.code}.pdf")


@login_required
def submission_grid(request):
    """DoIT's districts × periods grid: on time, late, missing, with reporting and on-time rates."""
    if not reads_city_wide(request.user):
        raise PermissionDenied
    return render(request, "reports/submission_grid.html", {"grid": selectors.submission_grid()})


# --- district CP plans -----------------------------------------------------------------------------------------------


@login_required
def district_plans(request):
    """District officials start their CP plans (2016–2020 and per year); DoIT sees all and reviews them."""
    _require_reader(request.user)
    plans = DistrictPlan.objects.visible_to(request.user).select_related("district")
    form = None
    if role_of(request.user) == Role.DISTRICT_OFFICIAL:
        district = _require_district_official(request.user).first()
        form = DistrictPlanStartForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            year = form.cleaned_data["year"]
            plan = DistrictPlan.objects.filter(district=district, year=year).first()
            if plan is None:
                try:
                    plan = services.district_plan_save(district=district, year=year, data={}, user=request.user)
                except ValidationError as exc:
                    _error_messages(request, exc)
                    return redirect("reports:district_plans")
            return redirect("reports:district_plan_detail", pk=plan.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "reports/district_plans.html", {"plans": plans, "form": form})


@login_required
def district_plan_detail(request, pk):
    """One district plan: the district official edits it while written or returned, then submits it; DoIT
    approves it or returns it with a reason; once approved it is locked and the page says so."""
    _require_reader(request.user)
    plan = get_object_or_404(DistrictPlan.objects.visible_to(request.user).select_related("district", "approved_by"),
                             pk=pk)
    official = role_of(request.user) == Role.DISTRICT_OFFICIAL
    blocked = services.district_plan_edit_block(plan, request.user)
    form = None
    if official and not blocked:
        form = DistrictPlanForm(request.POST or None, instance=plan)
        if request.method == "POST" and form.is_valid():
            try:
                services.district_plan_save(district=plan.district, year=plan.year, data=form.cleaned_data,
                                            user=request.user)
            except ValidationError as exc:
                _error_messages(request, exc)
            else:
                messages.success(request, _("Đã lưu kế hoạch."))
                return redirect("reports:district_plan_detail", pk=plan.pk)
    elif request.method == "POST":
        messages.error(request, blocked or _("Cán bộ Sở Công Thương duyệt, không sửa kế hoạch của quận, huyện."))
    reports = DistrictReport.objects.filter(district=plan.district).select_related("period").order_by("period__end")
    if plan.year:
        reports = reports.filter(period__start__year=plan.year)
    else:
        reports = reports.filter(period__kind=ReportingPeriod.Kind.WHOLE_PERIOD)
    return render(request, "reports/district_plan_detail.html", {
        "plan": plan, "form": form, "blocked": blocked,
        "can_submit": official and plan.status in services.PLAN_EDITABLE and not blocked,
        "can_review": is_doit(request.user) and plan.status == DistrictPlan.Status.SUBMITTED,
        "comparisons": [{"report": r, "rows": selectors.plan_against_done(plan=plan, report=r)} for r in reports],
        "return_form": ReturnForm(),
    })


@login_required
@require_POST
def district_plan_action(request, pk):
    _require_reader(request.user)
    plan = get_object_or_404(DistrictPlan.objects.visible_to(request.user), pk=pk)
    name = request.POST.get("action")
    actions = {
        "submit": (lambda: services.district_plan_submit(plan=plan, user=request.user), _("Đã gửi kế hoạch tới Sở Công Thương.")),
        "approve": (lambda: services.district_plan_approve(plan=plan, user=request.user), _("Đã duyệt kế hoạch.")),
        "return": (lambda: services.district_plan_return(plan=plan, user=request.user,
                                                         reason=request.POST.get("reason", "")),
                   _("Đã trả lại kế hoạch cho quận, huyện.")),
    }
    if name not in actions:
        messages.error(request, _("Thao tác không hợp lệ."))
    else:
        run, done = actions[name]
        try:
            run()
        except ValidationError as exc:
            _error_messages(request, exc)
        else:
            messages.success(request, done)
    return redirect("reports:district_plan_detail", pk=plan.pk)


# --- PDF report jobs -----------------------------------------------------------------------------------------------


@login_required
def report_jobs(request):
    """DoIT asks for the city's report (a district official for their district's); the jobs and their state."""
    _require_reader(request.user)
    services.city_report_jobs_fail_stale()
    may_request = is_doit(request.user) or role_of(request.user) == Role.DISTRICT_OFFICIAL
    form = ReportRequestForm(request.POST or None)
    if request.method == "POST":
        if not may_request:
            raise PermissionDenied
        if form.is_valid():
            district = None
            if not is_doit(request.user):
                district = _require_district_official(request.user).first()
            try:
                job = services.city_report_request(period=form.cleaned_data["period"], user=request.user,
                                                   district=district)
            except ValidationError as exc:
                _error_messages(request, exc)
            else:
                job.refresh_from_db()
                if job.note:
                    messages.warning(request, job.note)
                else:
                    messages.success(request, _("Đã nhận yêu cầu tạo báo cáo."))
                return redirect("reports:report_jobs")
    jobs = CityReportJob.objects.visible_to(request.user).select_related("period", "district", "requested_by")[:50]
    return render(request, "reports/report_jobs.html", {"jobs": jobs, "form": form, "may_request": may_request})


@login_required
@require_POST
def report_job_retry(request, pk):
    _require_reader(request.user)
    job = get_object_or_404(CityReportJob.objects.visible_to(request.user), pk=pk)
    try:
        services.city_report_retry(job=job, user=request.user)
    except ValidationError as exc:
        _error_messages(request, exc)
    return redirect("reports:report_jobs")


@login_required
def report_job_download(request, pk):
    _require_reader(request.user)
    job = get_object_or_404(CityReportJob.objects.visible_to(request.user).select_related("period", "district"), pk=pk)
    if job.status != CityReportJob.Status.DONE or not job.pdf:
        raise Http404
    scope = job.district.code if job.district_id else "ha-noi"
    return FileResponse(job.pdf.open("rb"), content_type="application/pdf",
                        filename=f"bao-cao-sxsh-{scope}-{job.period.code}.pdf")


@login_required
def report_job_xlsx(request, pk):
    _require_reader(request.user)
    job = get_object_or_404(CityReportJob.objects.visible_to(request.user).select_related("period", "district"), pk=pk)
    if job.status != CityReportJob.Status.DONE or not job.xlsx:
        raise Http404
    scope = job.district.code if job.district_id else "ha-noi"
    return FileResponse(job.xlsx.open("rb"), as_attachment=True,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        filename=f"bao-cao-sxsh-{scope}-{job.period.code}.xlsx")


# --- the indicator dashboard (public) ----------------------------------------------------------------------------


def indicators(request):
    """T1–T5 for the city or a district as of a period's end, by district, and the appendix's output targets."""
    from django.utils import timezone

    from reports import indicators as engine

    periods = list(ReportingPeriod.objects.order_by("end", "start"))
    today = timezone.localdate()
    period = None
    raw = request.GET.get("period", "")
    if raw:  # an id or a code (2016S1), as the API takes; compared as text, never through int() ("²")
        period = next((p for p in periods if str(p.pk) == raw or p.code == raw), None)
    if period is None and periods:
        past = [p for p in periods if p.end <= today]
        period = past[-1] if past else periods[-1]
    districts = list(selectors.districts_reporting())
    district = next((d for d in districts if d.code == request.GET.get("district")), None)
    context = {"periods": periods, "period": period, "districts": districts, "district": district}
    if period is not None:
        plan = plan_current()
        result = engine.dashboard(period=period, district=district, districts=districts, plan=plan)
        items = result["items"]
        context["computed_at"] = result["computed_at"]
        targets = {t.code: t for t in plan.targets.all()} if plan else {}
        context.update(
            items=[{**item, "target_obj": targets.get(item["target"])} for item in items],
            chart={"labels": [i["target"] for i in items],
                   "values": [float(i["value"]) if i["value"] is not None else None for i in items],
                   "targets": [float(i["target_value"]) if i["target_value"] is not None else None for i in items]},
            by_district=result["by_district"],
            outputs=engine.output_targets(until_year=period.end.year, as_of=period.end),
        )
    return render(request, "reports/indicators.html", context)
