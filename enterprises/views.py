"""Pages of the registry: thin, they call forms, services and selectors."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprises import imports, selectors, services
from enterprises.filters import EnterpriseFilter
from enterprises.forms import (
    AssessmentForm,
    ConsumptionEditForm,
    ConsumptionForm,
    CPOfficerForm,
    CPOptionForm,
    DeclineForm,
    EnterpriseForm,
    ImplementForm,
    ImportForm,
    InvestmentProjectForm,
    PublicRequestForm,
    ScheduleForm,
)
from enterprises.models import (
    Assessment,
    AssessmentRequest,
    BatBep,
    CaseStudy,
    ConsumptionRecord,
    CPOfficer,
    CPOption,
    Enterprise,
    InvestmentProject,
    Sector,
)
from plan.api_fields import code_or_none
from plan.models import AdministrativeUnit
from plan.pagination import EstimatedCountPaginator
from plan.roles import Role, district_ids_of, is_doit, reads_city_wide, role_of
from plan.selectors import plan_current

REGISTRY_ROLES = {Role.DOIT_STAFF, Role.DEPARTMENT_VIEWER, Role.DISTRICT_OFFICIAL}
PUBLIC_FORM_LIMIT = getattr(settings, "ENTERPRISE_PUBLIC_FORM_LIMIT", 5)  # posts per IP per hour


def _require(request, *, roles=None, perm=None):
    if roles is not None and role_of(request.user) not in roles:
        raise PermissionDenied
    if perm is not None and not request.user.has_perm(perm):
        raise PermissionDenied


def _filtered(request):
    base = Enterprise.objects.visible_to(request.user).select_related("district", "sector", "industrial_area")
    return EnterpriseFilter(request.GET or None, queryset=base, request=request)


def _districts_for(user):
    units = AdministrativeUnit.objects.exclude(type=AdministrativeUnit.Kind.CITY)
    return units if reads_city_wide(user) else units.filter(pk__in=district_ids_of(user))


# The registry page's columns, read as values(): a page of 50 facilities is not 200 model instances.
LIST_COLUMNS = ("id", "tax_code", "name", "district__name", "sector__code", "industrial_area__name", "size",
                "workers")


def _detail_url_maker():
    sentinel = 987654321
    head, tail = reverse("enterprises:detail", args=[sentinel]).split(str(sentinel))
    return lambda pk: f"{head}{pk}{tail}"


@login_required
def enterprise_list(request):
    _require(request, roles=REGISTRY_ROLES)
    filterset = _filtered(request)
    page = EstimatedCountPaginator(filterset.qs.order_by("name", "pk"), 50, values=LIST_COLUMNS).get_page(
        request.GET.get("page"))
    sizes, detail_url = dict(Enterprise.Size.choices), _detail_url_maker()
    page.object_list = [{**row, "size_label": sizes.get(row["size"], row["size"]), "url": detail_url(row["id"])}
                        for row in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "enterprises/enterprise_list.html", {
        "filter": filterset, "page": page, "query": query.urlencode(),
        "can_add": request.user.has_perm("enterprises.add_enterprise"),
        "can_import": request.user.has_perm("enterprises.change_enterprise")})


@login_required
def enterprise_export(request):
    """All facilities the user may see (with the list's filters), streamed: memory does not grow with rows."""
    _require(request, roles=REGISTRY_ROLES)
    queryset = _filtered(request).qs.order_by("name", "pk")
    stamp = timezone.localdate().isoformat()
    if request.GET.get("format") == "csv":
        response = StreamingHttpResponse(imports.export_csv_chunks(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="co-so-san-xuat-{stamp}.csv"'
        return response
    return FileResponse(imports.export_xlsx_file(queryset), as_attachment=True,
                        filename=f"co-so-san-xuat-{stamp}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@login_required
def enterprise_detail(request, pk):
    enterprise = get_object_or_404(
        Enterprise.objects.visible_to(request.user).select_related("district", "sector", "industrial_area"), pk=pk)
    _require(request, perm="enterprises.view_enterprise")
    return render(request, "enterprises/enterprise_detail.html", {
        "enterprise": enterprise,
        "officers": enterprise.cp_officers.all(),
        "awareness": enterprise.awareness_records.all(),
        "requests": enterprise.assessment_requests.select_related("assessment").prefetch_related("assessment__options"),
        "consumption": enterprise.consumption_records.all(),
        "projects": enterprise.investment_projects.all(),
        "can_edit": request.user.has_perm("enterprises.change_enterprise") and role_of(request.user) != Role.ENTERPRISE_USER,
        "can_assign_officer": _may_assign_officer(request.user),
        "is_doit": is_doit(request.user),
        **_consumption_actions(request.user),
    })


def _enterprise_form(request, enterprise):
    form = EnterpriseForm(request.POST or None, instance=enterprise, districts=_districts_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.enterprise_save(enterprise=form.instance, user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu cơ sở %(name)s.") % {"name": saved.name})
            return redirect("enterprises:detail", pk=saved.pk)
    return render(request, "enterprises/enterprise_form.html", {"form": form, "enterprise": enterprise})


@login_required
def enterprise_create(request):
    _require(request, perm="enterprises.add_enterprise")
    return _enterprise_form(request, Enterprise())


@login_required
def enterprise_edit(request, pk):
    _require(request, roles=REGISTRY_ROLES, perm="enterprises.change_enterprise")
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), pk=pk)
    return _enterprise_form(request, enterprise)


@login_required
def enterprise_import(request):
    _require(request, roles=REGISTRY_ROLES, perm="enterprises.change_enterprise")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = imports.enterprise_import(upload=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"],
                                               user=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            if result["saved"]:
                messages.success(request, _("Đã nhập: %(created)s cơ sở mới, %(updated)s cơ sở cập nhật.") % result)
            if result["ignored_columns"]:
                messages.info(request, _("Đã bỏ qua các cột không dùng: %(columns)s.")
                              % {"columns": ", ".join(result["ignored_columns"])})
    return render(request, "enterprises/enterprise_import.html", {"form": form, "result": result,
                                                                  "columns": imports.COLUMNS})


# --- requests (DoIT triage) --------------------------------------------------------------------------------


@login_required
def request_list(request):
    _require(request, roles=REGISTRY_ROLES)
    qs = AssessmentRequest.objects.visible_to(request.user).select_related("enterprise", "enterprise__district", "assessment")
    status = request.GET.get("status")
    if status in AssessmentRequest.Status.values:
        qs = qs.filter(status=status)
    else:
        status = None
    page = EstimatedCountPaginator(qs.order_by("-created_at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(request, "enterprises/request_list.html", {
        "page": page, "statuses": AssessmentRequest.Status.choices, "status": status,
        "query": urlencode({"status": status}) if status else "",
        "can_decide": is_doit(request.user), "decline_form": DeclineForm(), "schedule_form": ScheduleForm()})


@login_required
@require_POST
def request_decide(request, pk, action):
    _require(request, roles={Role.DOIT_STAFF})
    obj = get_object_or_404(AssessmentRequest.objects.visible_to(request.user), pk=pk)
    try:
        if action == "accept":
            obj = services.request_accept(request=obj, user=request.user)
            if obj.quota_warning:
                messages.warning(request, obj.quota_warning)
        elif action == "schedule":
            form = ScheduleForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Ngày dự kiến không hợp lệ."))
            services.request_schedule(request=obj, scheduled_on=form.cleaned_data["scheduled_on"], user=request.user)
        elif action == "decline":
            services.request_decline(request=obj, reason=request.POST.get("reason", ""), user=request.user)
        else:
            raise PermissionDenied
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã cập nhật yêu cầu."))
    # Back to the list as it was (its status filter and page), when the form says so and the address is ours.
    back = request.POST.get("next", "")
    if back.startswith(reverse("enterprises:requests")) and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("enterprises:requests")


@login_required
def priority_list(request):
    _require(request, roles={Role.DOIT_STAFF, Role.DEPARTMENT_VIEWER})
    try:
        year = int(request.GET.get("year") or timezone.localdate().year - 1)
    except ValueError:
        year = timezone.localdate().year - 1
    return render(request, "enterprises/priority_list.html",
                  {"rows": selectors.assessment_priority_list(year=year), "year": year})


# --- the enterprise's own page -------------------------------------------------------------------------------


@login_required
def my_enterprise(request):
    _require(request, roles={Role.ENTERPRISE_USER})
    enterprises = list(Enterprise.objects.visible_to(request.user).select_related("district", "sector").prefetch_related(
        Prefetch("assessment_requests", queryset=AssessmentRequest.objects.select_related("assessment")),
        Prefetch("consumption_records", queryset=ConsumptionRecord.objects.all())))
    enterprise = enterprises[0] if enterprises else None
    form = ConsumptionForm(request.POST or None)
    if request.method == "POST":
        _require(request, perm="enterprises.add_consumptionrecord")
        if enterprise is None:
            raise PermissionDenied
        if form.is_valid():
            form.instance.enterprise = enterprise
            try:
                services.consumption_record_save(record=form.instance, user=request.user)
            except ValidationError as exc:
                _add_errors(form, exc, ConsumptionRecord)
            else:
                messages.success(request, _("Đã lưu số liệu tiêu thụ."))
                return redirect("enterprises:mine")
    options = CPOption.objects.visible_to(request.user).select_related("assessment")
    return render(request, "enterprises/my_enterprise.html", {
        "enterprise": enterprise, "options": options, "form": form,
        "assessments": Assessment.objects.visible_to(request.user).select_related("request"),
        **_consumption_actions(request.user)})


# --- consumption records: corrected or deleted by the facility's own users, corrected by the district's officials
# (as through the API), corrected or deleted by DoIT staff, each by the permissions of their role ------------------

CONSUMPTION_EDITORS = {Role.ENTERPRISE_USER, Role.DISTRICT_OFFICIAL, Role.DOIT_STAFF}


def _consumption_actions(user) -> dict:
    """Whether the consumption table offers "Sửa" and "Xoá" on its rows (the rows are the user's visible ones)."""
    editor = role_of(user) in CONSUMPTION_EDITORS
    return {"can_edit_consumption": editor and user.has_perm("enterprises.change_consumptionrecord"),
            "can_delete_consumption": editor and user.has_perm("enterprises.delete_consumptionrecord")}


def _consumption_record(request, pk, perm):
    """The record to change. Other roles, or a role without the permission (a district official deleting), are
    refused whatever the record (403); an enterprise user reaches its own facility's records only and a district
    official their district's, any other being a 404 as a record that does not exist."""
    _require(request, roles=CONSUMPTION_EDITORS, perm=perm)
    return get_object_or_404(ConsumptionRecord.objects.visible_to(request.user).select_related("enterprise"), pk=pk)


def _consumption_back(user, record) -> str:
    if role_of(user) == Role.ENTERPRISE_USER:
        return reverse("enterprises:mine")
    return reverse("enterprises:detail", args=[record.enterprise_id])


def _consumption_label(record) -> str:
    """What the record is, as a message names it: "điện, năm 2017: 1.200,5 kWh"."""
    what = " ".join(part for part in (str(record.get_resource_display()), record.material_name) if part)
    period = _("năm %(year)s") % {"year": record.year}  # %s of an int: 2017, never "2.017"
    if record.half:
        period = f"{period} ({record.get_half_display()})"
    return f"{what}, {period}: {floatformat(record.quantity, 'g')} {record.unit}"


@login_required
def consumption_edit(request, pk):
    """Correct a consumption figure with the form and the checks of entering one."""
    record = _consumption_record(request, pk, "enterprises.change_consumptionrecord")
    back, label = _consumption_back(request.user, record), _consumption_label(record)
    form = ConsumptionEditForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            services.consumption_record_save(record=form.instance, user=request.user)
        except ValidationError as exc:
            _add_errors(form, exc, ConsumptionRecord)
        except services.RecordGone as exc:  # deleted by someone else since this request loaded it
            messages.error(request, str(exc))
            return redirect(back)
        else:
            messages.success(request, _("Đã lưu số liệu tiêu thụ."))
            return redirect(back)
    return render(request, "enterprises/simple_form.html", {
        "form": form, "title": _("Sửa số liệu tiêu thụ"), "subtitle": f"{record.enterprise.name} – {label}",
        "back": back})


@login_required
def consumption_delete(request, pk):
    """Ask, then delete a consumption figure (a POST); the message names what was deleted."""
    record = _consumption_record(request, pk, "enterprises.delete_consumptionrecord")
    back, label = _consumption_back(request.user, record), _consumption_label(record)
    blocked = services.consumption_record_delete_block(record)
    if request.method == "POST" and not blocked:
        try:
            services.consumption_record_delete(record=record, user=request.user)
        except ValidationError as exc:
            blocked = " ".join(exc.messages)
        else:
            messages.success(request, _("Đã xoá số liệu tiêu thụ %(record)s.") % {"record": label})
            return redirect(back)
    return render(request, "enterprises/consumption_delete.html", {
        "record": record, "label": label, "back": back, "blocked": blocked})


# --- public pages ---------------------------------------------------------------------------------------------


def _client_ip(request):
    return request.META.get("REMOTE_ADDR", "unknown")


def public_request_attempts_key(address: str) -> str:
    """The cache key counting one address's posts of the public request form this hour."""
    return f"enterprises:public-request:{address}"


def _count_public_request(key: str) -> None:
    cache.add(key, 0, 3600)
    cache.incr(key)


def public_request(request):
    form = PublicRequestForm(request.POST or None, today=timezone.localdate(), plan=plan_current())
    if request.method == "POST":
        key = public_request_attempts_key(_client_ip(request))
        if (cache.get(key) or 0) >= PUBLIC_FORM_LIMIT:
            return render(request, "enterprises/public_request.html", {"form": form, "limited": True}, status=429)
        if form.is_valid():
            # Only a form that is taken (or a robot's) counts against the hourly limit: a visitor who mistyped a tax
            # code, or whose request was refused as a duplicate, is not locked out for an hour.
            if form.cleaned_data.get("website"):
                _count_public_request(key)
                return redirect("enterprises:public_request_done")  # a robot: pretend, keep nothing
            data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
            try:
                services.public_request_submit(**data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                _count_public_request(key)
                return redirect("enterprises:public_request_done")
    return render(request, "enterprises/public_request.html", {"form": form})


def public_request_done(request):
    return render(request, "enterprises/public_request_done.html")


def case_studies(request):
    sector = request.GET.get("sector")
    qs = CaseStudy.objects.published().select_related("sector", "enterprise")
    if sector:  # a value no code can be (a NUL, which PostgreSQL refuses) matches nothing
        qs = qs.filter(sector__code=sector) if code_or_none(sector, Sector, "code") else qs.none()
    return render(request, "enterprises/case_studies.html", {
        "items": qs, "sectors": Sector.objects.all(), "sector": sector})


def case_study_detail(request, pk):
    """One case study in full: what the facility did (its body) and what it saved. Published ones are public;
    DoIT staff also read drafts."""
    case = get_object_or_404(CaseStudy.objects.visible_to(request.user).select_related("sector", "enterprise"), pk=pk)
    return render(request, "enterprises/case_study_detail.html", {"case": case})


def bat_bep(request):
    sector = request.GET.get("sector")
    qs = BatBep.objects.published().select_related("sector")
    if sector:
        qs = qs.filter(sector__code=sector) if code_or_none(sector, Sector, "code") else qs.none()
    return render(request, "enterprises/bat_bep.html", {"items": qs, "sectors": Sector.objects.all(),
                                                        "sector": sector})


def demonstrations(request):
    qs = (selectors.demonstration_projects()
          .select_related("enterprise", "enterprise__district", "enterprise__sector"))
    return render(request, "enterprises/demonstrations.html", {"items": qs})


# --- DoIT staff: assessments, CP options, CP officers, investment projects -----------------------------------


def _add_errors(form, exc: ValidationError, model=None):
    """Put a service's errors on the form: on the field when the form has it, else named in a general error."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
            continue
        label = None
        if model is not None and field != "__all__":
            try:
                label = str(model._meta.get_field(field).verbose_name)
            except FieldDoesNotExist:  # not a field of the model (a budget posting's year): its message names it
                label = None
        for error in errors:
            for message in error.messages:
                form.add_error(None, f"{label[:1].upper()}{label[1:]}: {message}" if label else message)


def _may_assign_officer(user):
    return role_of(user) in REGISTRY_ROLES and user.has_perm("enterprises.add_cpofficer")


@login_required
def assessment_create(request, pk):
    """Record the assessment of an accepted or scheduled rapid-assessment request."""
    _require(request, roles={Role.DOIT_STAFF})
    req = get_object_or_404(AssessmentRequest.objects.visible_to(request.user).select_related("enterprise"), pk=pk)
    form = AssessmentForm(request.POST or None, initial={"date": req.scheduled_on})
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_record(request=req, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc, Assessment)
        else:
            messages.success(request, _("Đã ghi kết quả đánh giá nhanh SXSH."))
            for flag in assessment.support_flags:
                messages.warning(request, flag)
            return redirect("enterprises:assessment_detail", pk=assessment.pk)
    return render(request, "enterprises/assessment_form.html", {"form": form, "req": req})


@login_required
def assessment_detail(request, pk):
    """An assessment, its support flags and its CP options; DoIT staff add options and mark them implemented."""
    _require(request, perm="enterprises.view_assessment")
    assessment = get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related("request__enterprise"), pk=pk)
    return render(request, "enterprises/assessment_detail.html", {
        "assessment": assessment, "options": assessment.options.all(), "is_doit": is_doit(request.user),
        "option_form": CPOptionForm(), "implement_form": ImplementForm()})


@login_required
def option_add(request, pk):
    _require(request, roles={Role.DOIT_STAFF})
    assessment = get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related("request__enterprise"), pk=pk)
    form = CPOptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cp_option_add(assessment=assessment, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc, CPOption)
        else:
            messages.success(request, _("Đã thêm giải pháp SXSH."))
            return redirect("enterprises:assessment_detail", pk=assessment.pk)
    return render(request, "enterprises/simple_form.html", {
        "form": form, "title": _("Thêm giải pháp SXSH"), "subtitle": str(assessment),
        "back": reverse("enterprises:assessment_detail", args=[assessment.pk])})


@login_required
def option_implement(request, pk):
    _require(request, roles={Role.DOIT_STAFF})
    option = get_object_or_404(CPOption.objects.visible_to(request.user).select_related("assessment"), pk=pk)
    form = ImplementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cp_option_implement(option=option, implemented_on=form.cleaned_data["implemented_on"],
                                         user=request.user)
        except ValidationError as exc:
            _add_errors(form, exc, CPOption)
        else:
            messages.success(request, _("Đã ghi nhận giải pháp đã thực hiện."))
            return redirect("enterprises:assessment_detail", pk=option.assessment_id)
    return render(request, "enterprises/simple_form.html", {
        "form": form, "title": _("Ghi nhận giải pháp đã thực hiện"), "subtitle": str(option),
        "back": reverse("enterprises:assessment_detail", args=[option.assessment_id])})


@login_required
def officer_assign(request, pk):
    """Designate the facility's CP officer (DoIT staff; a district official for its own district's facilities)."""
    if not _may_assign_officer(request.user):
        raise PermissionDenied
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), pk=pk)
    form = CPOfficerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cp_officer_assign(enterprise=enterprise, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc, CPOfficer)
        else:
            messages.success(request, _("Đã giao cán bộ phụ trách SXSH."))
            return redirect("enterprises:detail", pk=enterprise.pk)
    return render(request, "enterprises/simple_form.html", {
        "form": form, "title": _("Giao cán bộ phụ trách SXSH"), "subtitle": enterprise.name,
        "back": reverse("enterprises:detail", args=[enterprise.pk])})


def _project_form(request, enterprise, project):
    initial = {}
    asked = request.GET.get("request", "")
    # ASCII digits, few enough for an id: isdigit() alone also accepts "²", which int() refuses.
    if project.pk is None and asked.isascii() and asked.isdigit() and len(asked) < 20:
        initial = {"request": int(asked), "model_kind": InvestmentProject.ModelKind.PILOT}
        req = enterprise.assessment_requests.filter(pk=initial["request"]).first()
        if req is not None:
            initial["year"] = req.year
    form = InvestmentProjectForm(request.POST or None, instance=project, enterprise=enterprise, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.investment_project_record(project=form.instance, user=request.user)
        except ValidationError as exc:
            _add_errors(form, exc, InvestmentProject)
        else:
            messages.success(request, _("Đã lưu dự án đầu tư %(title)s.") % {"title": saved.title})
            return redirect("enterprises:detail", pk=enterprise.pk)
    return render(request, "enterprises/simple_form.html", {
        "form": form, "title": _("Dự án đầu tư SXSH"), "subtitle": enterprise.name,
        "back": reverse("enterprises:detail", args=[enterprise.pk])})


@login_required
def project_create(request, pk):
    _require(request, roles={Role.DOIT_STAFF})
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), pk=pk)
    return _project_form(request, enterprise, InvestmentProject(enterprise=enterprise))


@login_required
def project_edit(request, pk):
    _require(request, roles={Role.DOIT_STAFF})
    project = get_object_or_404(InvestmentProject.objects.visible_to(request.user).select_related("enterprise"), pk=pk)
    return _project_form(request, project.enterprise, project)
