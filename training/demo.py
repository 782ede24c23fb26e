"""Demo data: the eight classes of 2017 with participants from registered facilities (attended, completed,
certificates), two upcoming classes open for registration (past the plan's years, at no cost to the plan), and one
study tour. Idempotent."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from training import services
from training.models import Participant, Registration, StudyTour, TrainingClass

A = TrainingClass.Audience
CLASSES_2017 = [
    ("Nhận thức chung về sản xuất sạch hơn cho cán bộ quản lý nhà nước", A.STATE_MANAGERS, 3),
    ("Sản xuất sạch hơn cho lãnh đạo doanh nghiệp ngành dệt may", A.ENTERPRISE_LEADERS, 4),
    ("Đánh giá nhanh SXSH cho cán bộ kỹ thuật ngành thực phẩm", A.TECHNICIANS, 5),
    ("Quản lý năng lượng và SXSH ngành giấy", A.TECHNICIANS, 6),
    ("Đào tạo tư vấn viên sản xuất sạch hơn", A.CONSULTANTS, 8),
    ("SXSH trong ngành cơ khí, luyện kim", A.TECHNICIANS, 9),
    ("SXSH cho doanh nghiệp trong khu công nghiệp", A.ENTERPRISE_LEADERS, 10),
    ("SXSH cho cán bộ quận, huyện phụ trách công nghiệp", A.STATE_MANAGERS, 11),
]
VENUE = "Trung tâm Tiết kiệm năng lượng Hà Nội, 331 Cầu Giấy"
FIRST = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
LAST = ["Văn An", "Thị Bình", "Minh Châu", "Thị Dung", "Quốc Đạt", "Thu Hà", "Văn Hùng", "Thị Lan", "Đức Mạnh",
        "Thị Ngọc"]


def _class(title, audience, start, status, year, cost_vnd=80_000_000):
    cls = TrainingClass.objects.filter(title=title, year=year).first()
    if cls is None:
        cls = services.training_class_save(training_class=TrainingClass(
            title=title, audience=audience, start_date=start, end_date=start + datetime.timedelta(days=2),
            venue=VENUE, trainers="Chuyên gia Trung tâm Sản xuất sạch Việt Nam", capacity=30, year=year,
            cost_vnd=cost_vnd, status=TrainingClass.Status.OPEN))
    return cls


def _people(rng, enterprises, n, salt):
    people = []
    for i in range(n):
        email = f"hocvien.{salt}.{i}@example.vn"
        enterprise = enterprises[(salt * 7 + i) % len(enterprises)] if enterprises and i % 4 else None
        people.append(dict(full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", email=email,
                           position="Cán bộ kỹ thuật" if enterprise else "Chuyên viên", enterprise=enterprise,
                           agency="" if enterprise else "Phòng Kinh tế quận, huyện", phone=f"09{rng.randint(10**7, 10**8 - 1)}"))
    return people


@transaction.atomic
def seed(*, stdout=None, facilities=None, random_seed=5768):
    from enterprises.models import Enterprise
    from plan.models import Plan

    rng = random.Random(random_seed)
    plan = Plan.objects.order_by("-start_year").first()
    plan_years = range(plan.start_year, plan.end_year + 1) if plan is not None else None
    user = get_user_model().objects.filter(username="sct.canbo").first()
    enterprises = list(Enterprise.objects.order_by("-size", "tax_code")[:60])
    done = 0
    for index, (title, audience, month) in enumerate(CLASSES_2017):
        cls = _class(title, audience, datetime.date(2017, month, 10 + index), TrainingClass.Status.OPEN, 2017)
        if not cls.registrations.exists():
            # Registration happened before the class: pass that day as "today". Everyone registers before the
            # first certificate, which marks the class held (and so closed to registration).
            registrations = [services.class_register(training_class=cls, user=user,
                                                     today=cls.start_date - datetime.timedelta(days=14), **person)
                             for person in _people(rng, enterprises, 12, index)]
            for reg in registrations:
                services.registration_confirm(registration=reg, user=user)
                services.attendance_record(registration=reg, user=user)
                if rng.random() < 0.85:
                    services.registration_complete(registration=reg, user=user)
        if cls.status != TrainingClass.Status.DONE:
            cls.status = TrainingClass.Status.DONE
            services.training_class_save(training_class=cls, user=user)
        try:
            services.class_cost_post(training_class=cls, user=user)
        except ValidationError as exc:  # the budget app may refuse a line; the demo goes on
            if stdout:
                stdout.write(f"training demo: cost of {cls.title} not posted: {' '.join(exc.messages)}")
        done += 1
    today = timezone.localdate()
    for offset, title, audience in [(20, "SXSH cho doanh nghiệp ngành nhựa (sắp khai giảng)", A.TECHNICIANS),
                                    (45, "SXSH cho lãnh đạo doanh nghiệp khu công nghiệp Thăng Long", A.ENTERPRISE_LEADERS)]:
        start = today + datetime.timedelta(days=offset)
        cls = TrainingClass.objects.filter(title=title).first()
        if cls is None:
            # A class starts in its year (TrainingClass.clean); past the plan's years it spends none of its money.
            funded = plan_years is None or start.year in plan_years
            _class(title, audience, start, TrainingClass.Status.OPEN, start.year, cost_vnd=80_000_000 if funded else 0)
    tour, _created = StudyTour.objects.get_or_create(
        title="Học tập kinh nghiệm SXSH tại Thái Lan", defaults=dict(
            scope=StudyTour.Scope.ABROAD, destination="Băng Cốc, Thái Lan", start_date=datetime.date(2017, 9, 18),
            end_date=datetime.date(2017, 9, 23), year=2017, cost_vnd=0))
    if _created:
        tour.participants.set(Participant.objects.order_by("id")[:6])
    if stdout:
        stdout.write(f"training: {done} classes of 2017, {Registration.objects.filter(completed=True).count()} "
                     f"certificates, {TrainingClass.objects.filter(start_date__gt=today).count()} upcoming classes")
    return {}
