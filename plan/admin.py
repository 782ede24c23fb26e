from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from plan.admin_lists import KeysOnlyFieldsMixin, PortalAdmin
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


# Django's own admins of users and groups (django.contrib.auth.admin registered them; importing it above made sure),
# with the portal's key checks on their fields: on SQLite a group or permission number past the column's range
# failed there with a 500.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class PortalUserAdmin(KeysOnlyFieldsMixin, UserAdmin):
    """Django's user admin; its groups and permissions take only keys."""


@admin.register(Group)
class PortalGroupAdmin(KeysOnlyFieldsMixin, GroupAdmin):
    """Django's group admin; its permissions take only keys."""
