"""The back office for classes, participants, attendance, completion and certificates (DoIT staff)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from plan.admin_lists import PortalAdmin
from plan.admin_services import DeletedByService
from training import services
from training.models import Participant, Registration, StudyTour, TrainingClass
from training.resources import ParticipantResource


def check_line_kind(form, field, line_code, kind):
    """The line must exist and pay this kind of activity (budget.services refuses it otherwise)."""
    from budget.models import BudgetLine

    line = BudgetLine.objects.filter(code=line_code).order_by("-section__plan__start_year").first()
    if line is None:
        form.add_error(field, _("Không có dòng kinh phí %(code)s.") % {"code": line_code})
    elif line.activity_kind != kind:
        form.add_error(field, _("Dòng %(code)s dùng cho “%(kind)s”, không phải cho hoạt động này.")
                       % {"code": line_code, "kind": line.get_activity_kind_display()})


class TrainingClassForm(forms.ModelForm):
    class Meta:
        model = TrainingClass
        fields = ("title", "audience", "description", "start_date", "end_date", "venue", "trainers", "capacity",
                  "budget_line_code", "year", "cost_vnd", "status", "is_public")

    def clean(self):
        data = super().clean()
        if data.get("budget_line_code") and data.get("cost_vnd"):
            check_line_kind(self, "budget_line_code", data["budget_line_code"], "training_class")
        return data


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ("participant", "status", "attended", "completed", "completed_on", "certificate_code")
    readonly_fields = ("participant", "status", "attended", "completed", "completed_on", "certificate_code")
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # registrations go through the services (seats, waiting list)


def _run(modeladmin, request, queryset, fn, done_message, *, already=None, already_message=None):
    """Run a service on each selected row; report what it did, what was done before (`already`, left alone and not
    counted), and each refusal with its reason."""
    done = before = 0
    for obj in queryset:
        if already is not None and already(obj):
            before += 1
            continue
        try:
            fn(obj)
            done += 1
        except ValidationError as exc:
            modeladmin.message_user(request, f"{obj}: {' '.join(exc.messages)}", messages.ERROR)
    if before:
        modeladmin.message_user(request, already_message % {"n": before}, messages.WARNING)
    if done:
        modeladmin.message_user(request, done_message % {"n": done}, messages.SUCCESS)


class ServiceRefusalMixin:
    """A refusal a service raises while the change form saves (a check the form could not make: another user changed
    the class meanwhile) becomes a message above the form, not a 500. The change form saves in one transaction, so
    the refusal has rolled everything back: nothing is half-saved. The forms check the same rules first."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(TrainingClass)
class TrainingClassAdmin(DeletedByService, ServiceRefusalMixin, PortalAdmin):
    form = TrainingClassForm
    list_display = ("title", "audience", "start_date", "end_date", "capacity", "year", "cost_vnd", "status",
                    "is_public")
    list_filter = ("year", "audience", "status", "is_public")
    search_fields = ("title", "venue", "trainers")
    date_hierarchy = "start_date"
    inlines = [RegistrationInline]
    actions = ["post_cost", "cancel_classes"]

    def save_model(self, request, obj, form, change):
        # The form has run the same checks (the model's clean: plan year, dates; the form's: the budget line).
        services.training_class_save(training_class=obj, user=request.user)
        services.class_cost_post(training_class=obj, user=request.user)

    # A class that has taken place is not deleted: the confirmation page says why (DeletedByService).
    def delete_refusal(self, obj):
        return services.class_delete_refusal(obj)

    def delete_through_service(self, obj, user):
        services.class_delete(training_class=obj, user=user)

    @admin.action(description=_("Ghi chi phí vào dòng kinh phí"))
    def post_cost(self, request, queryset):
        _run(self, request, queryset, lambda c: services.class_cost_post(training_class=c, user=request.user),
             _("Đã ghi chi phí %(n)s lớp."))

    @admin.action(description=_("Hủy lớp (hủy các đăng ký và báo cho người đăng ký)"))
    def cancel_classes(self, request, queryset):
        _run(self, request, queryset, lambda c: services.class_cancel(training_class=c, user=request.user),
             _("Đã hủy %(n)s lớp; các đăng ký của lớp đã được hủy và người đăng ký được báo qua thư điện tử."),
             already=lambda c: c.status == TrainingClass.Status.CANCELLED,
             already_message=_("%(n)s lớp đã hủy từ trước."))


@admin.register(Participant)
class ParticipantAdmin(ImportExportMixin, PortalAdmin):
    resource_classes = [ParticipantResource]
    list_display = ("full_name", "position", "enterprise", "agency", "email", "phone")
    search_fields = ("full_name", "email", "agency", "enterprise__name", "enterprise__tax_code")
    list_select_related = ("enterprise",)
    autocomplete_fields = ()
    raw_id_fields = ("enterprise",)


class RegistrationAddForm(forms.ModelForm):
    """Staff register a participant to a class by the public form's rules (service registration_check), shown under
    the fields before anything is saved."""

    class Meta:
        model = Registration
        fields = ("training_class", "participant")

    def clean(self):
        data = super().clean()
        training_class, participant = data.get("training_class"), data.get("participant")
        if training_class is not None and participant is not None:
            try:
                services.registration_check(training_class=training_class, email=participant.email)
            except ValidationError as exc:
                for field, errors in exc.error_dict.items():
                    self.add_error("participant" if field == "email" else field, errors)
        return data

    def _get_validation_exclusions(self):
        # The one-registration-per-class constraint is left to the service: registration_check refuses a second
        # registration, and class_register revives a cancelled one, which the constraint would refuse here.
        return {*super()._get_validation_exclusions(), "participant"}


@admin.register(Registration)
class RegistrationAdmin(DeletedByService, ServiceRefusalMixin, PortalAdmin):
    list_display = ("participant", "training_class", "status", "attended", "completed", "completed_on",
                    "certificate_link")
    list_filter = ("status", "attended", "completed", "training_class__year")
    search_fields = ("participant__full_name", "participant__email", "training_class__title", "certificate_code")
    list_select_related = ("participant", "training_class")
    raw_id_fields = ("participant",)
    readonly_fields = ("status", "attended", "completed", "completed_on", "certificate_code", "registered_at",
                       "registered_by")
    actions = ["confirm", "record_attendance", "complete", "cancel"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = RegistrationAddForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # Once saved, a registration stays with its class and its person: moving it would skip the seat checks and
        # carry its certificate to another class or person. Another class is a new registration.
        if obj is not None:
            return ("training_class", "participant", *self.readonly_fields)
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:  # a registration by staff follows the same rules (seats, waiting list)
            p = obj.participant
            new = services.class_register(training_class=obj.training_class, full_name=p.full_name, email=p.email,
                                          user=request.user)
            obj.pk = new.pk
            obj.refresh_from_db()
        else:
            super().save_model(request, obj, form, change)

    # A registration with a certificate is not deleted; one that held a seat frees it, and the waiting list moves
    # up, as on cancelling (DeletedByService).
    def delete_refusal(self, obj):
        return services.registration_delete_refusal(obj)

    def delete_through_service(self, obj, user):
        services.registration_delete(registration=obj, user=user)

    @admin.display(description=_("chứng nhận"))
    def certificate_link(self, obj):
        if not obj.certificate_code:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("training:certificate_pdf", args=[obj.certificate_code]),
                           obj.certificate_code)

    @admin.action(description=_("Xác nhận đăng ký"))
    def confirm(self, request, queryset):
        _run(self, request, queryset, lambda r: services.registration_confirm(registration=r, user=request.user),
             _("Đã xác nhận %(n)s đăng ký."),
             already=lambda r: r.status == Registration.Status.CONFIRMED,
             already_message=_("%(n)s đăng ký đã được xác nhận từ trước."))

    @admin.action(description=_("Ghi nhận có tham dự"))
    def record_attendance(self, request, queryset):
        _run(self, request, queryset, lambda r: services.attendance_record(registration=r, user=request.user),
             _("Đã ghi tham dự cho %(n)s học viên."),
             already=lambda r: r.attended,
             already_message=_("%(n)s học viên đã được ghi tham dự từ trước."))

    @admin.action(description=_("Ghi nhận hoàn thành và cấp chứng nhận"))
    def complete(self, request, queryset):
        _run(self, request, queryset, lambda r: services.registration_complete(registration=r, user=request.user),
             _("Đã cấp chứng nhận cho %(n)s học viên."),
             already=lambda r: r.completed,
             already_message=_("%(n)s học viên đã hoàn thành và được cấp chứng nhận từ trước: không cấp lại."))

    @admin.action(description=_("Hủy đăng ký"))
    def cancel(self, request, queryset):
        _run(self, request, queryset, lambda r: services.registration_cancel(registration=r, user=request.user),
             _("Đã hủy %(n)s đăng ký."),
             already=lambda r: r.status == Registration.Status.CANCELLED,
             already_message=_("%(n)s đăng ký đã hủy từ trước."))


@admin.register(StudyTour)
class StudyTourAdmin(PortalAdmin):
    list_display = ("title", "scope", "destination", "start_date", "end_date", "year", "cost_vnd")
    list_filter = ("scope", "year")
    search_fields = ("title", "destination")
    filter_horizontal = ("participants",)
