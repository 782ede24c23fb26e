"""Reads of the training app that the reports and pages use. Every total is computed by the database."""

import datetime

from django.db.models import Count, Q, Sum

from training.models import Participant, Registration, TrainingClass


def enterprises_with_trained_guide_count(*, as_of: datetime.date, district_id: int | None = None,
                                         large_only: bool = True) -> int:
    """T4's numerator: (large) active enterprises with at least one staff member who completed a class by `as_of`."""
    from enterprises.models import Enterprise

    qs = Enterprise.objects.active_as_of(as_of).filter(
        participants__registrations__completed=True,
        participants__registrations__completed_on__lte=as_of,
    )
    if large_only:
        qs = qs.filter(size=Enterprise.Size.LARGE)
    if district_id is not None:
        qs = qs.filter(district_id=district_id)
    return qs.values("pk").distinct().count()


def classes_done_by_year(*, until: datetime.date | None = None) -> list[dict]:
    """Classes held, per plan year: [{"year", "count", "cost_vnd"}], to set against II.1's eight a year.

    `until` (a report's period end): only the classes held by then, i.e. that had ended (end date) on or before
    that day; without it, every class held so far. One grouped query."""
    qs = TrainingClass.objects.filter(status=TrainingClass.Status.DONE)
    if until is not None:
        qs = qs.filter(end_date__lte=until)
    rows = qs.values("year").annotate(count=Count("id"), cost_vnd=Sum("cost_vnd")).order_by("year")
    return [{"year": r["year"], "count": r["count"], "cost_vnd": r["cost_vnd"] or 0} for r in rows]


def participants_count(*, year: int | None = None, as_of: datetime.date | None = None,
                       district_id: int | None = None, completed_only: bool = False) -> int:
    """Distinct people who attended (or completed) a class, optionally in a plan year, by a date, in a district."""
    filters = Q(registrations__attended=True)
    if completed_only:
        filters &= Q(registrations__completed=True)
    if year is not None:
        filters &= Q(registrations__training_class__year=year)
    if as_of is not None:
        filters &= Q(registrations__training_class__start_date__lte=as_of)
    if district_id is not None:
        filters &= Q(enterprise__district_id=district_id)
    return Participant.objects.filter(filters).values("pk").distinct().count()


def class_seats(training_class: TrainingClass) -> dict:
    """Seats taken and free, and the waiting list's length, in one query."""
    agg = Registration.objects.filter(training_class=training_class).aggregate(
        taken=Count("id", filter=Q(status__in=[Registration.Status.PENDING, Registration.Status.CONFIRMED])),
        waiting=Count("id", filter=Q(status=Registration.Status.WAITLISTED)),
    )
    return {"taken": agg["taken"], "free": max(training_class.capacity - agg["taken"], 0), "waiting": agg["waiting"]}


def classes_upcoming(*, today: datetime.date, user=None):
    """Public classes that have not started, with their seats taken (annotated, no N+1)."""
    return (TrainingClass.objects.public().filter(start_date__gt=today)
            .annotate(seats_taken=Count("registrations", filter=Q(
                registrations__status__in=[Registration.Status.PENDING, Registration.Status.CONFIRMED])))
            .order_by("start_date", "id"))


def certificate_lookup(code: str) -> Registration | None:
    """The completed registration carrying this certificate code, or None."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return (Registration.objects.select_related("participant", "training_class")
            .filter(certificate_code=code, completed=True).first())


def study_tours_by_year() -> list[dict]:
    """Study tours per plan year: [{"year", "count", "cost_vnd"}]. Their cost is recorded apart from the appendix
    (which has no study-tour line), so reports show it next to the lines, never inside II.1."""
    from training.models import StudyTour

    rows = StudyTour.objects.values("year").annotate(count=Count("id"), cost_vnd=Sum("cost_vnd")).order_by("year")
    return [{"year": r["year"], "count": r["count"], "cost_vnd": r["cost_vnd"] or 0} for r in rows]
