"""The back office: the registry with xlsx/csv import-export, requests with accept/decline actions."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX

from enterprises import services
from enterprises.models import (
    Assessment,
    AssessmentRequest,
    AwarenessRecord,
    BatBep,
    CaseStudy,
    ConsumptionNorm,
    ConsumptionRecord,
    CPOfficer,
    CPOption,
    EnergyFactor,
    Enterprise,
    IndustrialArea,
    InvestmentProject,
    Sector,
)
from enterprises.resources import EnterpriseResource
from plan.admin_lists import PortalAdmin
from plan.spreadsheets import FormulaAsTextXLSX


class CPOfficerInline(admin.TabularInline):
    model = CPOfficer
    extra = 0


class AwarenessInline(admin.TabularInline):
    model = AwarenessRecord
    extra = 0
    exclude = ("source_type", "source_id")


@admin.register(Enterprise)
class EnterpriseAdmin(ImportExportMixin, PortalAdmin):
    resource_classes = [EnterpriseResource]
    import_formats = [FormulaAsTextXLSX, CSV]
    export_formats = [XLSX, CSV]
    list_display = ("tax_code", "name", "district", "sector", "size", "workers", "status")
    list_filter = ("district", "sector", "size", "status", "industrial_area__kind")
    search_fields = ("tax_code", "name", "address")
    list_select_related = ("district", "sector")
    list_only = ("tax_code", "name", "size", "workers", "status", "district__type", "district__name", "sector__code",
                 "sector__name", "sector__name_en")
    autocomplete_fields = ("industrial_area",)
    filter_horizontal = ("users",)
    inlines = [CPOfficerInline, AwarenessInline]


@admin.register(IndustrialArea)
class IndustrialAreaAdmin(PortalAdmin):
    list_display = ("name", "kind", "district", "management_board", "cp_officer_name")
    list_filter = ("kind", "district")
    search_fields = ("name",)


class OptionInline(admin.TabularInline):
    model = CPOption
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(PortalAdmin):
    list_display = ("request", "date", "consultant", "consultancy_cost_vnd", "support_vnd")
    search_fields = ("request__enterprise__name", "request__enterprise__tax_code")
    inlines = [OptionInline]
    readonly_fields = ("request",)

    def has_add_permission(self, request):
        return False  # recorded through enterprises.services.assessment_record, which posts the cost


class DeclineReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do từ chối"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))


@admin.register(AssessmentRequest)
class AssessmentRequestAdmin(PortalAdmin):
    list_display = ("enterprise", "kind", "year", "status", "scheduled_on")
    list_filter = ("kind", "status", "year")
    search_fields = ("enterprise__name", "enterprise__tax_code")
    raw_id_fields = ("enterprise",)
    list_select_related = ("enterprise",)
    actions = ["accept_requests", "decline_requests"]

    def _each(self, request, queryset, call):
        """Run a service on each selected request (each in its own transaction); report every outcome."""
        done = 0
        for obj in queryset:
            try:
                result = call(obj)
            except ValidationError as exc:
                self.message_user(request, f"{obj}: {' '.join(exc.messages)}", messages.ERROR)
                continue
            done += 1
            warning = getattr(result, "quota_warning", None)
            if warning:
                self.message_user(request, f"{obj}: {warning}", messages.WARNING)
        if done:
            self.message_user(request, gettext("Đã cập nhật %(count)s yêu cầu.") % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Tiếp nhận các yêu cầu đã chọn"), permissions=["change"])
    def accept_requests(self, request, queryset):
        self._each(request, queryset, lambda obj: services.request_accept(request=obj, user=request.user))

    @admin.action(description=_("Từ chối các yêu cầu đã chọn (ghi lý do)"), permissions=["change"])
    def decline_requests(self, request, queryset):
        form = DeclineReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            self._each(request, queryset,
                       lambda obj: services.request_decline(request=obj, reason=reason, user=request.user))
            return None
        return TemplateResponse(request, "admin/enterprises/decline_requests.html", {
            **self.admin_site.each_context(request), "title": _("Từ chối yêu cầu hỗ trợ SXSH"), "form": form,
            "queryset": queryset, "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME})


for model, fields in [
    (Sector, ("code", "name", "name_en")),
    (ConsumptionRecord, ("enterprise", "year", "half", "resource", "quantity", "unit", "output_quantity",
                         "product_unit", "is_baseline")),
    (ConsumptionNorm, ("sector", "product", "resource", "norm_per_unit", "unit", "source_document",
                       "valid_from_year", "valid_to_year")),
    (EnergyFactor, ("resource", "unit", "mj_per_unit")),
    (InvestmentProject, ("title", "enterprise", "model_kind", "year", "status", "support_vnd")),
    (CaseStudy, ("title", "sector", "published", "published_on")),
    (BatBep, ("title", "sector", "kind", "published")),
    (CPOption, ("assessment", "category", "status", "implemented_on")),
]:
    admin.site.register(model, type(f"{model.__name__}Admin", (PortalAdmin,), {
        "list_display": fields, "raw_id_fields": tuple(f.name for f in model._meta.fields
                                                       if f.name in ("enterprise", "assessment"))}))
