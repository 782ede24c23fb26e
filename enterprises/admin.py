from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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


class CPOfficerInline(admin.TabularInline):
    model = CPOfficer
    extra = 0


class AwarenessInline(admin.TabularInline):
    model = AwarenessRecord
    extra = 0
    exclude = ("source_type", "source_id")


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ("tax_code", "name", "district", "sector", "size", "workers", "status")
    list_filter = ("district", "sector", "size", "status", "industrial_area__kind")
    search_fields = ("tax_code", "name", "address")
    list_select_related = ("district", "sector")
    autocomplete_fields = ("industrial_area",)
    filter_horizontal = ("users",)
    inlines = [CPOfficerInline, AwarenessInline]


@admin.register(IndustrialArea)
class IndustrialAreaAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "district", "management_board", "cp_officer_name")
    list_filter = ("kind", "district")
    search_fields = ("name",)


class OptionInline(admin.TabularInline):
    model = CPOption
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("request", "date", "consultant", "consultancy_cost_vnd", "support_vnd")
    search_fields = ("request__enterprise__name", "request__enterprise__tax_code")
    inlines = [OptionInline]
    readonly_fields = ("request",)

    def has_add_permission(self, request):
        return False  # recorded through enterprises.services.assessment_record, which posts the cost


@admin.register(AssessmentRequest)
class AssessmentRequestAdmin(SimpleHistoryAdmin):
    list_display = ("enterprise", "kind", "year", "status", "scheduled_on")
    list_filter = ("kind", "status", "year")
    search_fields = ("enterprise__name", "enterprise__tax_code")
    raw_id_fields = ("enterprise",)


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
    admin.site.register(model, type(f"{model.__name__}Admin", (SimpleHistoryAdmin,), {
        "list_display": fields, "raw_id_fields": tuple(f.name for f in model._meta.fields
                                                       if f.name in ("enterprise", "assessment"))}))
