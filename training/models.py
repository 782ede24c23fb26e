"""Training (content 4 of the plan, appendix II.1): classes, participants, registrations, certificates, study tours.

A participant who completes a class receives a certificate with a verification code that anyone may check;
a large enterprise with a participant who completed a class has a trained CP guide (target T4).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plan.display import QuickChoiceDisplay
from plan.roles import Role, reads_city_wide, role_of
from plan.validators import validate_phone

# Roles that may read participants' personal data (name, e-mail, phone).
PERSONAL_DATA_ROLES = {Role.DOIT_STAFF, Role.DEPARTMENT_VIEWER}


def reads_personal_data(user) -> bool:
    return role_of(user) in PERSONAL_DATA_ROLES


def email_normalize(value) -> str:
    """An e-mail as the portal stores and compares it: trimmed, lower-case (the public form and the import match
    e-mails case-insensitively)."""
    return (value or "").strip().lower()


def plan_year_errors(*, year, date, date_field: str, date_message, cost_vnd=0) -> dict:
    """The errors of an activity's plan year. It is a year of the plan (the latest loaded, as the budget's lines
    are); or, once the plan has ended, this year or the next for an activity that spends none of the plan's money
    (cost 0): the programme's classes go on until the next plan is loaded, but the plan's lines pay only for its own
    years. And the activity's first day falls in its year (as an assessment's dates fall in its request's year:
    the year's quota and money are that year's). `date_message` names the date field; it takes %(date)s and
    %(year)s."""
    from django.utils import timezone

    from plan.models import Plan

    if year is None:
        return {}
    plan = Plan.objects.order_by("-start_year").only("start_year", "end_year").first()
    if plan is not None and not plan.start_year <= year <= plan.end_year:
        outside = {"year": year, "start": plan.start_year, "end": plan.end_year}
        if year < plan.start_year or year > timezone.localdate().year + 1:
            return {"year": _("Năm %(year)s nằm ngoài kế hoạch (%(start)s–%(end)s).") % outside}
        if cost_vnd:
            return {"cost_vnd": _("Năm %(year)s nằm ngoài kế hoạch (%(start)s–%(end)s): kinh phí của kế hoạch chỉ chi "
                                  "cho các năm đó; để 0 nếu hoạt động dùng nguồn khác.") % outside}
    if date is not None and date.year != year:
        return {date_field: date_message % {"date": date.strftime("%d/%m/%Y"), "year": year}}
    return {}


class TrainingClassQuerySet(models.QuerySet):
    def visible_to(self, user):
        """City-wide roles see every class; everyone else the public ones."""
        if reads_city_wide(user):
            return self
        return self.filter(is_public=True)

    def public(self):
        return self.filter(is_public=True).exclude(status=TrainingClass.Status.CANCELLED)

    def with_status_shown(self, today):
        """Each class with `status_shown`: its status as the pages and the API give it on `today` (one of
        TrainingClass.StatusShown). This is the one place of the rule. A class cancelled or held (status "done",
        set when certificates are issued after its end) is shown so; one left "planned" or "open" after it began
        is shown as running, or as ended once its end date has passed, never as taking registrations; otherwise
        its status. A class takes registrations while it is shown as planned or open (takes_registrations)."""
        status = TrainingClass.Status
        return self.annotate(status_shown=Case(
            When(status__in=[status.CANCELLED, status.DONE], then=F("status")),
            When(end_date__lt=today, then=Value(TrainingClass.StatusShown.ENDED)),
            When(start_date__lte=today, then=Value(TrainingClass.StatusShown.RUNNING)),
            default=F("status"), output_field=models.CharField(),
        ))


class TrainingClass(QuickChoiceDisplay, models.Model):
    """A CP training class (appendix II.1, eight a year) with its audience, dates, capacity and cost."""

    class Audience(models.TextChoices):
        STATE_MANAGERS = "state_managers", _("cán bộ quản lý nhà nước")
        ENTERPRISE_LEADERS = "enterprise_leaders", _("lãnh đạo doanh nghiệp")
        TECHNICIANS = "technicians", _("cán bộ kỹ thuật")
        CONSULTANTS = "consultants", _("tư vấn viên")

    class Status(models.TextChoices):
        PLANNED = "planned", _("dự kiến")
        OPEN = "open", _("đang nhận đăng ký")
        DONE = "done", _("đã tổ chức")
        CANCELLED = "cancelled", _("đã hủy")

    class StatusShown(models.TextChoices):
        """The status as a visitor or an API client reads it on a given day (TrainingClassQuerySet.with_status_shown):
        the stored status, with "running" and "ended" for a class left planned or open once its dates have come."""

        PLANNED = "planned", _("dự kiến")
        OPEN = "open", _("đang nhận đăng ký")
        RUNNING = "running", _("đang diễn ra")
        ENDED = "ended", _("đã kết thúc")
        DONE = "done", _("đã tổ chức")
        CANCELLED = "cancelled", _("đã hủy")

    # The statuses shown for a class that takes registrations: not cancelled, not held, not begun.
    TAKING_REGISTRATIONS = (StatusShown.PLANNED, StatusShown.OPEN)

    title = models.CharField(_("tên lớp"), max_length=255)
    audience = models.CharField(_("đối tượng"), max_length=20, choices=Audience.choices)
    description = models.TextField(_("nội dung"), blank=True)
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"))
    venue = models.CharField(_("địa điểm"), max_length=255)
    trainers = models.CharField(_("giảng viên"), max_length=255, blank=True)
    capacity = models.PositiveSmallIntegerField(_("số chỗ"), default=40)
    budget_line_code = models.CharField(_("dòng kinh phí"), max_length=8, default="II.1")
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    cost_vnd = models.PositiveBigIntegerField(_("kinh phí (đồng)"), default=0)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    is_public = models.BooleanField(_("công khai trên lịch sự kiện"), default=True)

    history = HistoricalRecords()
    objects = TrainingClassQuerySet.as_manager()

    class Meta:
        verbose_name = _("lớp đào tạo")
        verbose_name_plural = _("lớp đào tạo")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="training_class_dates_ordered",
                violation_error_message=_("Ngày kết thúc phải từ ngày bắt đầu trở đi."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0), name="training_class_capacity_positive",
                violation_error_message=_("Số chỗ phải lớn hơn 0."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.start_date:%d/%m/%Y})"

    def clean(self):
        super().clean()
        errors = plan_year_errors(year=self.year, date=self.start_date, date_field="start_date", date_message=_(
            "Ngày bắt đầu %(date)s không thuộc năm kế hoạch %(year)s: lớp của năm nào khai giảng trong năm đó."),
            cost_vnd=self.cost_vnd)
        if errors:
            raise ValidationError(errors)

    # status_shown is annotated by TrainingClassQuerySet.with_status_shown (an AttributeError without it: the rule is
    # read from the query, never worked out again here).
    def get_status_shown_display(self) -> str:
        return self.StatusShown(self.status_shown).label

    @property
    def takes_registrations(self) -> bool:
        return self.status_shown in self.TAKING_REGISTRATIONS


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Personal data: DoIT staff and department viewers only."""
        return self if reads_personal_data(user) else self.none()


class Participant(models.Model):
    """A person trained: from a registered facility or from an agency. Personal data, never public."""

    full_name = models.CharField(_("họ tên"), max_length=120)
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    # PROTECT: a facility whose staff were trained is not deleted from under them (with SET_NULL, one with no
    # agency broke participant_has_organisation: a 500); the admin and the API (409) say which records hold it.
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="participants", verbose_name=_("cơ sở"))
    agency = models.CharField(_("cơ quan, đơn vị"), max_length=255, blank=True)
    # Stored lower-case (email_normalize), and unique whatever the case (participant_email_unique_ci).
    email = models.EmailField(_("thư điện tử"), unique=True,
                              error_messages={"unique": _("Thư điện tử này đã có người tham gia khác.")})
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True, validators=[validate_phone])
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("học viên")
        verbose_name_plural = _("học viên")
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False) | ~Q(agency=""), name="participant_has_organisation",
                violation_error_message=_("Cần cơ sở đã đăng ký hoặc tên cơ quan, đơn vị."),
            ),
            models.UniqueConstraint(
                Lower("email"), name="participant_email_unique_ci",
                violation_error_message=_("Thư điện tử này đã có người tham gia khác."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.email = email_normalize(self.email)  # also for a save that skipped full_clean
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.email = email_normalize(self.email)
        # Checked here, under the field: the constraint on Lower("email") alone would say it above the form.
        if self.email and Participant.objects.filter(email__iexact=self.email).exclude(pk=self.pk).exists():
            raise ValidationError({"email": self._meta.get_field("email").error_messages["unique"]})

    @property
    def organisation(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.agency


class RegistrationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if reads_personal_data(user) else self.none()

    def holding_a_seat(self):
        return self.filter(status__in=[Registration.Status.PENDING, Registration.Status.CONFIRMED])


class Registration(QuickChoiceDisplay, models.Model):
    """A participant's place in a class: pending, confirmed, on the waiting list or cancelled."""

    class Status(models.TextChoices):
        PENDING = "pending", _("chờ xác nhận")
        CONFIRMED = "confirmed", _("đã xác nhận")
        WAITLISTED = "waitlisted", _("danh sách chờ")
        CANCELLED = "cancelled", _("đã hủy")

    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="registrations",
                                       verbose_name=_("lớp đào tạo"))
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="registrations",
                                    verbose_name=_("học viên"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PENDING)
    attended = models.BooleanField(_("có tham dự"), default=False)
    completed = models.BooleanField(_("hoàn thành"), default=False)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    certificate_code = models.CharField(_("mã chứng nhận"), max_length=20, null=True, blank=True, unique=True,
                                        error_messages={"unique": _("Mã chứng nhận này đã được cấp.")})
    registered_at = models.DateTimeField(_("thời điểm đăng ký"), auto_now_add=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("người ghi"))

    history = HistoricalRecords()
    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đăng ký học")
        verbose_name_plural = _("đăng ký học")
        ordering = ["training_class", "registered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "participant"], name="registration_once_per_class",
                violation_error_message=_("Người này đã đăng ký lớp này."),
            ),
            models.CheckConstraint(
                condition=Q(completed=False) | (Q(completed_on__isnull=False) & Q(attended=True)),
                name="registration_completed_has_date",
                violation_error_message=_("Học viên hoàn thành phải có tham dự và ngày hoàn thành."),
            ),
            models.CheckConstraint(
                condition=Q(certificate_code__isnull=True) | Q(completed=True),
                name="registration_certificate_when_completed",
                violation_error_message=_("Chỉ cấp chứng nhận cho học viên đã hoàn thành."),
            ),
        ]

    def __str__(self):
        return f"{self.participant} – {self.training_class}"


class StudyTourQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if reads_city_wide(user) else self.none()


class StudyTour(QuickChoiceDisplay, models.Model):
    """A study tour at home or abroad (content 4 of the plan) with its participants and cost.

    Its cost is recorded but not posted to a budget line: the appendix has no study-tour line.
    """

    class Scope(models.TextChoices):
        DOMESTIC = "domestic", _("trong nước")
        ABROAD = "abroad", _("nước ngoài")

    title = models.CharField(_("tên đoàn"), max_length=255)
    scope = models.CharField(_("phạm vi"), max_length=10, choices=Scope.choices)
    destination = models.CharField(_("nơi đến"), max_length=255)
    start_date = models.DateField(_("ngày đi"))
    end_date = models.DateField(_("ngày về"))
    participants = models.ManyToManyField(Participant, blank=True, related_name="study_tours",
                                          verbose_name=_("thành viên đoàn"))
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    # The appendix has no study-tour line: the cost is recorded here and reported apart, never posted to II.1.
    cost_vnd = models.PositiveBigIntegerField(
        _("kinh phí (đồng)"), default=0,
        help_text=_("Chỉ ghi nhận: phụ lục kinh phí không có dòng cho đoàn học tập kinh nghiệm, nên chi phí này "
                    "không được tính vào dòng kinh phí nào."))
    note = models.TextField(_("ghi chú"), blank=True)

    history = HistoricalRecords(m2m_fields=[participants])
    objects = StudyTourQuerySet.as_manager()

    class Meta:
        verbose_name = _("đoàn học tập kinh nghiệm")
        verbose_name_plural = _("đoàn học tập kinh nghiệm")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="study_tour_dates_ordered",
                violation_error_message=_("Ngày về phải từ ngày đi trở đi."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = plan_year_errors(year=self.year, date=self.start_date, date_field="start_date", date_message=_(
            "Ngày đi %(date)s không thuộc năm kế hoạch %(year)s: đoàn của năm nào đi trong năm đó."),
            cost_vnd=self.cost_vnd)
        if errors:
            raise ValidationError(errors)
