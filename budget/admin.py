from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin, ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from budget.models import BudgetLine, BudgetSection, Estimate, Expenditure, PlannedQuantity
from budget.resources import (
    BudgetLineResource,
    EstimateResource,
    ExpenditureResource,
    PlannedQuantityResource,
)
from budget.selectors import expenditures_with_flags, is_over_estimate


class YearFilter(admin.SimpleListFilter):
    title = _("năm")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).order_by().values_list("year", flat=True).distinct()
        return [(y, y) for y in sorted(set(years))]

    def queryset(self, request, queryset):
        return queryset.filter(year=self.value()) if self.value() else queryset


class PlannedQuantityInline(admin.TabularInline):
    model = PlannedQuantity
    extra = 0
    fields = ("year", "quantity", "amount_display")
    readonly_fields = ("amount_display",)

    @admin.display(description=_("thành tiền (đồng)"))
    def amount_display(self, obj):
        return f"{obj.amount_vnd:,}".replace(",", ".") if obj.pk else "—"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("line")


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ("code", "order", "title", "unit", "unit_price_vnd", "activity_kind")
    show_change_link = True


@admin.register(BudgetSection)
class BudgetSectionAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "plan", "order")
    list_filter = ("plan",)
    search_fields = ("code", "title")
    inlines = [BudgetLineInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(ExportMixin, SimpleHistoryAdmin):
    resource_classes = [BudgetLineResource]
    list_display = ("code", "title", "section", "unit", "unit_price_vnd", "activity_kind")
    list_filter = ("section", "activity_kind")
    search_fields = ("code", "title")
    list_select_related = ("section",)
    inlines = [PlannedQuantityInline]


@admin.register(PlannedQuantity)
class PlannedQuantityAdmin(ExportMixin, SimpleHistoryAdmin):
    resource_classes = [PlannedQuantityResource]
    list_display = ("line", "year", "quantity", "amount_display")
    list_filter = ("line__section", YearFilter)
    search_fields = ("line__code",)
    list_select_related = ("line",)
    readonly_fields = ("amount_display",)

    @admin.display(description=_("thành tiền (đồng)"))
    def amount_display(self, obj):
        return f"{obj.amount_vnd:,}".replace(",", ".") if obj.pk else "—"


@admin.register(Estimate)
class EstimateAdmin(ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [EstimateResource]
    list_display = ("line", "year", "quantity", "amount_vnd", "decision_number", "decision_date")
    list_filter = ("line__section", YearFilter)
    search_fields = ("line__code", "decision_number")
    list_select_related = ("line",)
    autocomplete_fields = ()
    readonly_fields = ("created_by",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Expenditure)
class ExpenditureAdmin(ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [ExpenditureResource]
    list_display = ("date", "line", "year", "amount_vnd", "description", "voucher_number", "over_estimate",
                    "source_type")
    list_filter = ("line__section", YearFilter, ("source_type", admin.RelatedOnlyFieldListFilter))
    search_fields = ("line__code", "voucher_number", "description")
    list_select_related = ("line", "source_type")
    readonly_fields = ("recorded_by", "source_type", "source_id", "created_at")
    date_hierarchy = "date"

    def get_queryset(self, request):
        return expenditures_with_flags(super().get_queryset(request))

    @admin.display(description=_("vượt dự toán"), boolean=True)
    def over_estimate(self, obj):
        return is_over_estimate(obj) if hasattr(obj, "running_spent_vnd") else None

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.source_type_id:  # posted by an activity: corrected at the activity
            return [f.name for f in obj._meta.concrete_fields]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
