"""Demo district reports: for every past period most districts reported (on time or late), some were returned,
most approved, a few never reported. Idempotent: a (period, district) that has a report is left alone.

The registry figures that prefill the reports are counted once per period for all districts (grouped queries),
not once per report; the stored indicator snapshots are refreshed at the end."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from plan.models import ReportingPeriod
from reports import services
from reports.models import DistrictReport
from reports.prefill import registry_figures_by_district, registry_figures_empty
from reports.selectors import districts_reporting

DIFFICULTIES = [
    "Doanh nghiệp nhỏ chưa quan tâm đến SXSH; thiếu kinh phí khuyến công.",
    "Cán bộ phụ trách SXSH của phòng Kinh tế kiêm nhiệm nhiều việc.",
    "",
]
PROPOSALS = [
    "Đề nghị Sở Công Thương tăng số lớp tập huấn tại địa bàn.",
    "Đề nghị hỗ trợ đánh giá nhanh SXSH cho các cơ sở trong cụm công nghiệp.",
    "",
]


def _doit_user():
    User = get_user_model()
    return User.objects.filter(username="sct.canbo").first() or User.objects.filter(is_superuser=True).first()


def seed(*, stdout=None, facilities=None, random_seed=5768):
    user = _doit_user()
    if user is None:
        if stdout:
            stdout.write("reports: no DoIT user (run plan's seed first); district reports skipped")
        return {}
    today = timezone.localdate()
    periods = list(ReportingPeriod.objects.filter(end__lt=today).order_by("end", "start"))
    existing = set(DistrictReport.objects.values_list("period_id", "district_id"))
    made = 0
    empty = registry_figures_empty()
    for period in periods:
        figures = None  # counted on the first report of the period that is made
        for district in districts_reporting(period):
            rng = random.Random(f"{random_seed}-{period.code}-{district.code}")  # the same choices on every run
            roll = rng.random()
            if (period.pk, district.pk) in existing or roll < 0.08:  # already there, or never reported
                continue
            if figures is None:
                figures = registry_figures_by_district(period=period)
            report = services.district_report_open(district=district, period=period, user=user,
                                                   registry=figures.get(district.pk, empty))
            classes = rng.randint(0, 3)
            workshops = rng.randint(0, 2)
            report = services.district_report_save(report=report, expected_version=report.version, user=user, data={
                "classes_count": classes, "classes_participants": classes * rng.randint(20, 40),
                "classes_cost": classes * 15_000_000, "workshops_count": workshops,
                "workshops_participants": workshops * rng.randint(30, 80), "workshops_cost": workshops * 20_000_000,
                "media_count": rng.randint(0, 6), "budget_planned": rng.choice([50, 80, 100]) * 1_000_000,
                "budget_spent": rng.choice([30, 50, 70]) * 1_000_000,
                "difficulties": rng.choice(DIFFICULTIES), "proposals": rng.choice(PROPOSALS)})
            report = services.district_report_submit(report=report, user=user)
            late = roll > 0.75
            day = period.due + datetime.timedelta(days=rng.randint(3, 30)) if late else \
                period.due - datetime.timedelta(days=rng.randint(0, 10))
            when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
            DistrictReport.objects.filter(pk=report.pk).update(first_submitted_at=when, submitted_at=when)
            if roll < 0.2:
                services.district_report_return(report=report, user=user,
                                                reason="Đề nghị bổ sung bản ký, đóng dấu và giải trình số liệu.")
            elif roll < 0.85:
                services.district_report_approve(report=report, user=user, refresh_indicators=False)
            made += 1
    if stdout:
        stdout.write(f"reports: {made} district reports")
    services.indicator_snapshots_refresh(stdout=stdout)
    return {}
