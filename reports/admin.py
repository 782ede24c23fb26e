from django.contrib import admin

from plan.admin_lists import PortalAdmin
from reports.models import CityReportJob, DistrictPlan, DistrictReport, DistrictReportFigure, PeriodClosure


class DistrictReportFigureInline(admin.TabularInline):
    model = DistrictReportFigure
    extra = 0
    fields = ("code", "registry_value", "district_value", "reason", "denominator_code")
    readonly_fields = fields
    can_delete = False


@admin.register(DistrictReport)
class DistrictReportAdmin(PortalAdmin):
    """Read-only here: the workflow (submit, return, approve) goes through the pages and the API."""

    list_display = ("district", "period", "status", "version", "first_submitted_at", "reviewed_at")
    list_filter = ("status", "period")
    search_fields = ("district__name", "district__code")
    list_select_related = ("district", "period")
    inlines = [DistrictReportFigureInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DistrictPlan)
class DistrictPlanAdmin(PortalAdmin):
    list_display = ("district", "year", "status", "budget_planned", "approved_at")
    list_filter = ("status", "year")
    search_fields = ("district__name",)
    list_select_related = ("district",)


@admin.register(CityReportJob)
class CityReportJobAdmin(PortalAdmin):
    list_display = ("period", "district", "status", "requested_by", "requested_at", "duration", "attempts")
    list_filter = ("status", "kind")
    list_select_related = ("period", "district", "requested_by")
    readonly_fields = ("status", "pdf", "xlsx", "error", "started_at", "finished_at", "duration", "attempts")


@admin.register(PeriodClosure)
class PeriodClosureAdmin(PortalAdmin):
    list_display = ("period", "closed_at", "closed_by", "note")
    list_select_related = ("period", "closed_by")
