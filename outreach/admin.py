"""The back office for outreach activities, news (sanitised rich text, drafts, scheduling, preview) and documents."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from outreach import services
from outreach.models import Document, News, OutreachActivity, WorkshopAttendance
from outreach.resources import OutreachActivityResource
from outreach.widgets import RichTextarea
from plan.admin_lists import PortalAdmin
from plan.admin_services import DeletedByService


def _add_service_errors(form, exc: ValidationError):
    """A service's refusal on the form: under each field the form has, else above the form, so the page shows it
    instead of failing, and nothing is saved."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class OutreachActivityForm(forms.ModelForm):
    class Meta:
        model = OutreachActivity
        fields = ("kind", "title", "description", "date", "end_date", "venue", "is_public", "broadcaster", "air_date",
                  "outlet", "link", "sector", "file", "budget_line_code", "year", "cost_vnd")

    COST_FIELDS = ("kind", "budget_line_code", "year", "cost_vnd")

    def _post_clean(self):
        super()._post_clean()  # the instance, built from the form and checked as the model checks it
        if any(field in self._errors for field in self.COST_FIELDS):
            return
        try:  # what posting the cost would refuse (a line of another kind, a year outside the plan), under its field
            services.activity_cost_check(activity=self.instance)
        except ValidationError as exc:
            _add_service_errors(self, exc)


class WorkshopAttendanceFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data.get("enterprise") and not self._should_delete_form(f)]
        if kept:
            try:  # only a workshop has attendances: refused here, not by the service while saving (a 500)
                services.workshop_attendance_check(activity=self.instance)
            except ValidationError as exc:
                raise ValidationError(exc.messages) from exc


class WorkshopAttendanceInline(admin.TabularInline):
    model = WorkshopAttendance
    formset = WorkshopAttendanceFormSet
    extra = 1
    raw_id_fields = ("enterprise",)


@admin.register(OutreachActivity)
class OutreachActivityAdmin(DeletedByService, ImportExportMixin, PortalAdmin):
    form = OutreachActivityForm
    resource_classes = [OutreachActivityResource]
    list_display = ("title", "kind", "date", "year", "line_code", "cost_vnd", "is_public")
    list_filter = ("kind", "year", "is_public")
    search_fields = ("title", "outlet", "broadcaster")
    date_hierarchy = "date"
    inlines = [WorkshopAttendanceInline]

    def save_model(self, request, obj, form, change):
        services.activity_save(activity=obj, user=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not WorkshopAttendance:
            return super().save_formset(request, form, formset, change)
        # Django's bookkeeping without its writes: new_objects, changed_objects and deleted_objects, which the
        # admin's change message reads. An attendance is written by the service, which also records that the
        # facility became aware of CP (T1), and removed by the service, which takes that awareness back.
        formset.save(commit=False)
        for attendance in formset.deleted_objects:
            services.workshop_attendance_remove(activity=form.instance, enterprise=attendance.enterprise,
                                                user=request.user)
        for attendance, changed_fields in formset.changed_objects:
            if "enterprise" in changed_fields:  # the row now names another facility: the first one did not attend
                before = WorkshopAttendance.objects.select_related("enterprise").get(pk=attendance.pk)
                services.workshop_attendance_remove(activity=form.instance, enterprise=before.enterprise,
                                                    user=request.user)
        for attendance in [*formset.new_objects, *(a for a, _fields in formset.changed_objects)]:
            services.workshop_attendance_add(activity=form.instance, enterprise=attendance.enterprise,
                                             attendees=attendance.attendees, user=request.user)

    def delete_through_service(self, obj, user):  # its attendances' awareness and its posted cost go with it
        services.activity_delete(activity=obj, user=user)


class NewsForm(forms.ModelForm):
    body = forms.CharField(
        label=_("nội dung"), widget=RichTextarea(),
        help_text=_("HTML: đoạn văn, tiêu đề, đậm, nghiêng, danh sách, liên kết, ảnh, bảng. Mã script và thuộc "
                    "tính sự kiện bị loại bỏ khi lưu."),
    )

    body_en = forms.CharField(
        label=_("nội dung (tiếng Anh)"), required=False,
        widget=RichTextarea(attrs={"rows": 12}),
        help_text=_("Bản tiếng Anh, hiện khi trang ở tiếng Anh; được làm sạch như nội dung tiếng Việt."),
    )

    class Meta:
        model = News
        fields = ("title", "slug", "summary", "body", "title_en", "summary_en", "body_en", "image", "status",
                  "publish_at")

    def clean(self):
        data = super().clean()
        if not data.get("publish_at"):
            if data.get("status") == News.Status.SCHEDULED:
                self.add_error("publish_at", _("Tin hẹn giờ cần thời điểm đăng."))
            elif data.get("status") == News.Status.PUBLISHED:
                data["publish_at"] = timezone.now()
        return data

    def _post_clean(self):
        super()._post_clean()
        if self._errors:
            return
        try:  # the service's own checks (a body that sanitises to nothing), under the field, before any write
            services.news_prepare(news=self.instance)
        except ValidationError as exc:
            _add_service_errors(self, exc)


@admin.register(News)
class NewsAdmin(PortalAdmin):
    form = NewsForm
    list_display = ("title", "status", "publish_at", "author", "preview_link")
    list_filter = ("status",)
    search_fields = ("title", "summary")
    prepopulated_fields = {}
    actions = ["publish_now", "unpublish"]

    def get_changeform_initial_data(self, request):
        return {"status": News.Status.DRAFT}

    def save_model(self, request, obj, form, change):
        services.news_save(news=obj, user=request.user)
        if obj.status == News.Status.SCHEDULED and form.cleaned_data.get("status") == News.Status.PUBLISHED:
            self.message_user(request, _("Thời điểm đăng %(time)s chưa đến: tin được lưu là “hẹn giờ đăng” và chỉ "
                                         "hiện trên cổng từ thời điểm đó.")
                              % {"time": date_format(timezone.localtime(obj.publish_at), "DATETIME_FORMAT")},
                              messages.WARNING)

    def view_on_site(self, obj):
        return reverse("outreach:news_detail", args=[obj.slug])

    @admin.display(description=_("xem trước"))
    def preview_link(self, obj):
        return format_html('<a href="{}" target="_blank">{}</a>', reverse("outreach:news_detail", args=[obj.slug]),
                           _("xem trước"))

    def _each(self, request, queryset, service, done_message):
        """`service` on each item; one refused (a body saved before sanitising left nothing) is named, not a 500."""
        done = 0
        for news in queryset:
            try:
                with transaction.atomic():
                    service(news=news, user=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{news}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Đăng ngay"))
    def publish_now(self, request, queryset):
        self._each(request, queryset, services.news_publish, _("Đã đăng %(n)s tin."))

    @admin.action(description=_("Chuyển về bản nháp"))
    def unpublish(self, request, queryset):
        self._each(request, queryset, services.news_unpublish, _("Đã chuyển %(n)s tin về bản nháp."))


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ("title", "title_en", "kind", "number", "issuer", "year", "summary", "file", "is_public")

    def _post_clean(self):
        super()._post_clean()
        if self._errors:
            return
        try:  # the service's own checks, under their field, before any write
            services.document_prepare(document=self.instance)
        except ValidationError as exc:
            _add_service_errors(self, exc)


@admin.register(Document)
class DocumentAdmin(PortalAdmin):
    form = DocumentForm
    list_display = ("number", "title", "kind", "year", "issuer", "is_public")
    list_filter = ("kind", "year", "is_public")
    search_fields = ("title", "number", "search_text")

    def save_model(self, request, obj, form, change):
        services.document_save(document=obj, user=request.user)  # checked by the form (document_prepare)
