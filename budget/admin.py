from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin, ImportExportMixin

from budget import services
from budget.models import BudgetLine, BudgetSection, Estimate, Expenditure, PlannedQuantity
from budget.resources import (
    BudgetLineResource,
    EstimateResource,
    ExpenditureResource,
    PlannedQuantityResource,
    whole_number,
)
from budget.selectors import expenditures_with_flags, is_over_estimate
from plan.admin_lists import PortalAdmin


class WholeDongField(forms.IntegerField):
    """An amount in đồng as a Vietnamese user writes it: 160.000.000, 160 000 000 or 160000000, read by
    budget.resources.whole_number as the imports read it (a number box took only 160000000). A fraction ("160,5") or
    text is refused with a message naming the field."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return whole_number(value)
        except ValueError as exc:
            raise ValidationError(
                _("%(field)s: %(error)s Hãy viết số đồng nguyên, ví dụ 160.000.000, 160 000 000 hoặc 160000000."),
                code="invalid", params={"field": capfirst(self.label or ""), "error": exc}) from None


class DongFieldsMixin:
    """Every money field of a budget admin or inline (an integer field named …_vnd) is a WholeDongField."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.IntegerField) and db_field.name.endswith("_vnd"):
            kwargs["form_class"] = WholeDongField
            kwargs["widget"] = forms.TextInput(attrs={"class": "vBigIntegerField"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class YearFilter(admin.SimpleListFilter):
    title = _("năm")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).order_by().values_list("year", flat=True).distinct()
        return [(y, str(y)) for y in sorted(set(years))]  # 2017, not the grouped "2.017" a template prints

    def queryset(self, request, queryset):
        return queryset.filter(year=self.value()) if self.value() else queryset


class PlannedQuantityInline(DongFieldsMixin, admin.TabularInline):
    model = PlannedQuantity
    extra = 0
    fields = ("year", "quantity", "amount_display")
    readonly_fields = ("amount_display",)

    @admin.display(description=_("thành tiền (đồng)"))
    def amount_display(self, obj):
        return f"{obj.amount_vnd:,}".replace(",", ".") if obj.pk else "—"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("line")


class BudgetLineInline(DongFieldsMixin, admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ("code", "order", "title", "unit", "unit_price_vnd", "activity_kind")
    show_change_link = True


@admin.register(BudgetSection)
class BudgetSectionAdmin(DongFieldsMixin, PortalAdmin):
    list_display = ("code", "title", "plan", "order")
    list_filter = ("plan",)
    search_fields = ("code", "title")
    inlines = [BudgetLineInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(DongFieldsMixin, ExportMixin, PortalAdmin):
    resource_classes = [BudgetLineResource]
    list_display = ("code", "title", "section", "unit", "unit_price_vnd", "activity_kind")
    list_filter = ("section", "activity_kind")
    search_fields = ("code", "title")
    list_select_related = ("section",)
    inlines = [PlannedQuantityInline]


@admin.register(PlannedQuantity)
class PlannedQuantityAdmin(DongFieldsMixin, ExportMixin, PortalAdmin):
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
class EstimateAdmin(DongFieldsMixin, ImportExportMixin, PortalAdmin):
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


class _Rollback(Exception):
    """Undoes a trial write made only to let the database check a constraint."""


@admin.register(Expenditure)
class ExpenditureAdmin(DongFieldsMixin, ImportExportMixin, PortalAdmin):
    """Saved expenditures are read-only and never deleted; "Sửa bằng bản ghi điều chỉnh" opens the add form
    filled with the row's values (?corrects=<id>), and saving it creates the correction through
    budget.services.expenditure_save. The list shows the whole history (filter by "đã được điều chỉnh")."""

    resource_classes = [ExpenditureResource]
    list_display = ("date", "line", "year", "amount_vnd", "description", "voucher_number", "over_estimate",
                    "source_type", "superseded", "withdrawn", "corrects")
    list_filter = ("superseded", "withdrawn", "line__section", YearFilter,
                   ("source_type", admin.RelatedOnlyFieldListFilter))
    search_fields = ("line__code", "voucher_number", "description")
    list_select_related = ("line", "source_type", "corrects")
    readonly_fields = ("recorded_by", "source_type", "source_id", "corrects", "superseded", "withdrawn",
                       "created_at")
    date_hierarchy = "date"
    actions = ["withdraw_expenditures"]

    def get_queryset(self, request):
        return expenditures_with_flags(super().get_queryset(request))

    @admin.display(description=_("vượt dự toán"), boolean=True)
    def over_estimate(self, obj):
        return is_over_estimate(obj) if hasattr(obj, "running_spent_vnd") else None

    @admin.display(description=_("sửa bằng bản ghi điều chỉnh"))
    def correct_link(self, obj):
        if obj is None or obj.pk is None or obj.superseded or obj.withdrawn or obj.source_type_id:
            return "—"
        url = reverse("admin:budget_expenditure_add") + f"?corrects={obj.pk}"
        return format_html('<a class="button" href="{}">{}</a>', url, _("Sửa bằng bản ghi điều chỉnh"))

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        """A saved expenditure is only viewed (corrected by a new row): its page has no save button, and a POST to it
        is refused (it said "changed successfully" and changed nothing)."""
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # saved: never changed in place, only corrected by a new row
            return [f.name for f in obj._meta.concrete_fields] + ["correct_link"]
        return self.readonly_fields

    def _corrected(self, request):
        pk = request.GET.get("corrects")
        # ASCII digits, few enough for an id: isdigit() alone also accepts "²", which int() refuses.
        if not pk or not (pk.isascii() and pk.isdigit() and len(pk) < 20):
            return None
        return Expenditure.all_objects.filter(pk=pk, superseded=False, withdrawn=False,
                                              source_type__isnull=True).first()

    def get_changeform_initial_data(self, request):
        old = self._corrected(request)
        if old is None:
            return super().get_changeform_initial_data(request)
        return {"line": old.line_id, "year": old.year, "date": old.date, "amount_vnd": old.amount_vnd,
                "description": old.description, "voucher_number": old.voucher_number}

    def _refused_correction(self, request):
        """Why ?corrects=<id> cannot be corrected (an unknown row, one already corrected, a withdrawal, one an
        activity posted), or None. Such a form is refused, never saved as a new, separate expenditure (a stale
        tab counted the money twice)."""
        pk = request.GET.get("corrects")
        if pk is None:
            return None
        if not (pk.isascii() and pk.isdigit() and len(pk) < 20):
            return _("Không có khoản chi “%(pk)s” để điều chỉnh.") % {"pk": pk[:40]}
        row = Expenditure.all_objects.filter(pk=pk).first()
        if row is None:
            return _("Không có khoản chi “%(pk)s” để điều chỉnh.") % {"pk": pk}
        try:
            services.check_correctable(row)
        except ValidationError as exc:
            return " ".join(exc.messages)
        return None

    def add_view(self, request, form_url="", extra_context=None):
        refusal = self._refused_correction(request)
        if refusal and request.method == "GET":
            messages.error(request, refusal)
        return super().add_view(request, form_url, extra_context)

    @admin.action(description=_("Rút các khoản chi đã chọn (ghi bản ghi rút 0 đồng)"), permissions=["change"])
    def withdraw_expenditures(self, request, queryset):
        """A typed expenditure is never deleted: it is withdrawn (budget.services.expenditure_withdraw)."""
        done, refused = 0, []
        for expenditure in queryset.select_related("line"):
            try:
                with transaction.atomic():
                    services.expenditure_withdraw(expenditure=expenditure, user=request.user)
            except ValidationError as exc:
                refused.append(f"{expenditure}: {' '.join(exc.messages)}")
            else:
                done += 1
        if done:
            messages.success(request, _("Đã rút %(n)s khoản chi.") % {"n": done})
        for message in refused:
            messages.error(request, message)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        refusal = self._refused_correction(request) if obj is None else None
        if refusal:
            class RefusedCorrectionForm(form):
                def clean(self):
                    raise ValidationError(refusal)

            return RefusedCorrectionForm
        old = self._corrected(request) if obj is None else None
        if old is None:
            return form

        class CorrectionForm(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                self.instance.corrects = old

            def validate_unique(self):
                # the constraints are checked as they will be after the old row is superseded
                try:
                    with transaction.atomic():
                        Expenditure.all_objects.filter(pk=old.pk).update(superseded=True)
                        super().validate_unique()
                        raise _Rollback
                except _Rollback:
                    ...  # rolled back on purpose: the check was all we wanted

        return CorrectionForm

    def save_model(self, request, obj, form, change):
        old = self._corrected(request) if not change else None
        if old is None:
            if not change:
                obj.recorded_by = request.user
            super().save_model(request, obj, form, change)
            return
        saved = services.expenditure_save(
            line=obj.line, year=obj.year, date=obj.date, amount_vnd=obj.amount_vnd, description=obj.description,
            voucher_number=obj.voucher_number, attachment=form.cleaned_data.get("attachment") or None,
            user=request.user, instance=old)
        obj.pk, obj._state.adding = saved.pk, False
