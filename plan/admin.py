from django.contrib import admin

from plan.admin_lists import PortalAdmin
from plan.models import AdministrativeUnit, Plan, ReportingPeriod, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ("code", "order", "text", "measure", "target_value", "target_value_max", "unit")


@admin.register(Plan)
class PlanAdmin(PortalAdmin):
    list_display = ("code", "title", "decision_date", "start_year", "end_year")
    search_fields = ("code", "title")
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(PortalAdmin):
    list_display = ("code", "plan", "measure", "target_value", "target_value_max", "unit")
    list_filter = ("plan", "measure")
    search_fields = ("code", "text")


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(PortalAdmin):
    list_display = ("code", "name", "type", "parent", "valid_from", "valid_to")
    list_filter = ("type",)
    search_fields = ("code", "name")
    filter_horizontal = ("officials",)
    list_select_related = ("parent",)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(PortalAdmin):
    list_display = ("code", "kind", "start", "end", "due")
    list_filter = ("kind", "plan")
    list_editable = ("due",)
    search_fields = ("code",)
