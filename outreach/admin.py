"""The back office for outreach activities, news (sanitised rich text, drafts, scheduling, preview) and documents."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from outreach import services
from outreach.models import Document, News, OutreachActivity, WorkshopAttendance
from outreach.resources import OutreachActivityResource
from outreach.widgets import RichTextarea
from plan.admin_lists import PortalAdmin
from training.admin import check_line_kind


class OutreachActivityForm(forms.ModelForm):
    class Meta:
        model = OutreachActivity
        fields = ("kind", "title", "description", "date", "end_date", "venue", "is_public", "broadcaster", "air_date",
                  "outlet", "link", "sector", "file", "budget_line_code", "year", "cost_vnd")

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind and data.get("cost_vnd"):
            line = data.get("budget_line_code") or OutreachActivity.DEFAULT_LINES.get(kind, "")
            check_line_kind(self, "budget_line_code", line, kind)
        return data


class WorkshopAttendanceInline(admin.TabularInline):
    model = WorkshopAttendance
    extra = 1
    raw_id_fields = ("enterprise",)


@admin.register(OutreachActivity)
class OutreachActivityAdmin(ImportExportMixin, PortalAdmin):
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
        for obj in formset.deleted_objects:
            obj.delete()
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            data = inline_form.cleaned_data
            if data.get("enterprise"):
                services.workshop_attendance_add(activity=form.instance, enterprise=data["enterprise"],
                                                 attendees=data.get("attendees") or 1, user=request.user)


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

    def view_on_site(self, obj):
        return reverse("outreach:news_detail", args=[obj.slug])

    @admin.display(description=_("xem trước"))
    def preview_link(self, obj):
        return format_html('<a href="{}" target="_blank">{}</a>', reverse("outreach:news_detail", args=[obj.slug]),
                           _("xem trước"))

    @admin.action(description=_("Đăng ngay"))
    def publish_now(self, request, queryset):
        for news in queryset:
            services.news_publish(news=news, user=request.user)
        self.message_user(request, _("Đã đăng %(n)s tin.") % {"n": queryset.count()}, messages.SUCCESS)

    @admin.action(description=_("Chuyển về bản nháp"))
    def unpublish(self, request, queryset):
        for news in queryset:
            services.news_unpublish(news=news, user=request.user)
        self.message_user(request, _("Đã chuyển %(n)s tin về bản nháp.") % {"n": queryset.count()}, messages.SUCCESS)


@admin.register(Document)
class DocumentAdmin(PortalAdmin):
    list_display = ("number", "title", "kind", "year", "issuer", "is_public")
    list_filter = ("kind", "year", "is_public")
    search_fields = ("title", "number", "search_text")

    def save_model(self, request, obj, form, change):
        try:
            services.document_save(document=obj, user=request.user)
        except ValidationError as exc:  # the form validated the same rules: only a race gets here
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            raise
