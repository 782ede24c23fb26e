"""Reads of the outreach app for the reports, the pages and the API; totals computed by the database."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.urls import reverse

from outreach.models import Document, News, OutreachActivity, WorkshopAttendance
from outreach.text import search_normalize


def activities_done_by_kind_and_year(*, until: datetime.date | None = None) -> list[dict]:
    """[{"kind", "year", "count", "cost_vnd"}] for every kind and plan year with activities (dated by `until`)."""
    qs = OutreachActivity.objects.all()
    if until is not None:
        qs = qs.filter(date__lte=until)
    rows = qs.values("kind", "year").annotate(count=Count("id"), cost_vnd=Sum("cost_vnd")).order_by("kind", "year")
    return [{"kind": r["kind"], "year": r["year"], "count": r["count"], "cost_vnd": r["cost_vnd"] or 0} for r in rows]


def workshop_attendance_count(*, as_of: datetime.date | None = None, year: int | None = None,
                              district_id: int | None = None) -> dict:
    """Facilities that attended workshops (distinct) and attendances, by a date, in a year, in a district."""
    qs = WorkshopAttendance.objects.all()
    if as_of is not None:
        qs = qs.filter(activity__date__lte=as_of)
    if year is not None:
        qs = qs.filter(activity__year=year)
    if district_id is not None:
        qs = qs.filter(enterprise__district_id=district_id)
    agg = qs.aggregate(enterprises=Count("enterprise", distinct=True), attendances=Count("id"),
                       attendees=Sum("attendees"))
    return {"enterprises": agg["enterprises"], "attendances": agg["attendances"], "attendees": agg["attendees"] or 0}


def documents_search(*, user=None, q: str = "", kind: str = "", year: int | None = None):
    """The library: accent-insensitive words (every word must match), by kind and year."""
    qs = Document.objects.visible_to(user)
    for word in search_normalize(q).split():
        qs = qs.filter(search_text__contains=word)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=year)
    return qs


def news_latest(*, limit: int):
    """The latest published news, newest first (the home page, the section's index, the Atom feed)."""
    return News.objects.published().order_by("-publish_at", "-id")[:limit]


def news_search(*, user=None, q: str = ""):
    qs = News.objects.visible_to(user)
    for word in search_normalize(q).split():
        qs = qs.filter(search_text__contains=word)
    return qs


@dataclass
class Event:
    """A row of the public calendar: a public class or workshop."""

    kind: str  # "training_class" or "workshop"
    id: int
    title: str
    start_date: datetime.date
    end_date: datetime.date
    venue: str
    url: str
    registration_url: str
    full: bool = False


def events_upcoming(*, today: datetime.date, user=None, until: datetime.date | None = None,
                    limit: int | None = None) -> list[Event]:
    """Public classes and public workshops from `today` on, by date: two queries whatever the number; `limit`: the
    first so many only (each query reads no more)."""
    from training.selectors import classes_upcoming

    classes = classes_upcoming(today=today - datetime.timedelta(days=1))
    workshops = OutreachActivity.objects.public_workshops().filter(
        Q(date__gte=today) | Q(end_date__gte=today))
    if until is not None:
        classes = classes.filter(start_date__lte=until)
        workshops = workshops.filter(date__lte=until)
    if limit is not None:  # workshops are listed newest first elsewhere (their Meta): here the earliest
        classes, workshops = classes[:limit], workshops.order_by("date", "id")[:limit]
    events = [
        Event(kind="training_class", id=c.pk, title=c.title, start_date=c.start_date, end_date=c.end_date,
              venue=c.venue, url=reverse("training:class_detail", args=[c.pk]),
              registration_url=(reverse("training:class_register", args=[c.pk]) if c.start_date > today else ""),
              full=c.seats_taken >= c.capacity)
        for c in classes
    ] + [
        Event(kind="workshop", id=w.pk, title=w.title, start_date=w.date, end_date=w.end_date or w.date,
              venue=w.venue, url=reverse("outreach:event_list") + f"#workshop-{w.pk}", registration_url="")
        for w in workshops
    ]
    return sorted(events, key=lambda e: (e.start_date, e.kind, e.id))[:limit]
