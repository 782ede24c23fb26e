"""Writes of the outreach app: activities and their cost, workshop attendance, news, documents."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from outreach.models import Document, News, OutreachActivity, WorkshopAttendance
from outreach.text import sanitize_html, search_normalize


def _history_user(obj, user) -> None:
    """Who deleted `obj`, for its history (simple_history reads it when there is no request)."""
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user


def activity_cost_check(*, activity: OutreachActivity) -> None:
    """Refuse, before anything is written, what posting the activity's cost would refuse (budget.services.
    activity_cost_check), each under the activity's own field. No cost: nothing posted, nothing to check."""
    if not activity.kind or not activity.cost_vnd or activity.year is None:
        return  # a missing kind or year is the model's own error (full_clean)
    from budget.services import activity_cost_check as budget_check

    budget_check(activity_kind=activity.kind, line_code=activity.line_code, year=activity.year,
                 amount_vnd=activity.cost_vnd, fields={"line_code": "budget_line_code", "amount_vnd": "cost_vnd"})


@transaction.atomic
def activity_save(*, activity: OutreachActivity, user=None, post_cost: bool = True) -> OutreachActivity:
    """Validate and save an activity, then post its cost once to its line (refused on a line of another kind or
    in a year outside the plan, before anything is saved)."""
    if activity.pk is None and user is not None and getattr(user, "is_authenticated", False):
        activity.created_by = user
    activity.full_clean()
    if post_cost:
        activity_cost_check(activity=activity)
    activity.save()
    if post_cost:
        activity_cost_post(activity=activity, user=user)
    return activity


@transaction.atomic
def activity_cost_post(*, activity: OutreachActivity, user=None):
    """The activity's cost on its budget line, counted once; a zero cost withdraws what was posted."""
    from budget.services import activity_cost_post as budget_post
    from budget.services import activity_cost_withdraw

    if not activity.cost_vnd:
        return activity_cost_withdraw(source=activity, user=user)
    return budget_post(source=activity, activity_kind=activity.kind, line_code=activity.line_code, year=activity.year,
                       date=activity.date, amount_vnd=activity.cost_vnd,
                       description=f"{activity.get_kind_display()}: {activity.title}"[:500], user=user)


def workshop_attendance_check(*, activity: OutreachActivity) -> None:
    """Only a workshop has attendances."""
    if activity.kind != OutreachActivity.Kind.WORKSHOP:
        raise ValidationError({"activity": _("“%(t)s” không phải hội thảo.") % {"t": activity.title}})


@transaction.atomic
def workshop_attendance_add(*, activity: OutreachActivity, enterprise, attendees: int = 1,
                            user=None) -> WorkshopAttendance:
    """A facility attended a workshop: recorded once, and the facility is aware of CP as of that date (T1)."""
    workshop_attendance_check(activity=activity)
    attendance = WorkshopAttendance.objects.filter(activity=activity, enterprise=enterprise).first()
    if attendance is None:
        attendance = WorkshopAttendance(activity=activity, enterprise=enterprise)
    attendance.attendees = attendees
    attendance.full_clean()
    attendance.save()
    from enterprises.services import awareness_record_add

    awareness_record_add(enterprise=enterprise, date=activity.date, kind="workshop", source=activity,
                         note=activity.title[:255], user=user)
    return attendance


def _workshop_awareness_remove(*, activity_id: int, enterprise_id: int | None = None, user=None) -> int:
    """Delete the awareness of CP (T1) that attending the workshop recorded (workshop_attendance_add: an
    AwarenessRecord whose source is the workshop), of one facility or of all. Awareness from anything else (a
    survey, a training class, another workshop) has another source and stays. Returns how many went."""
    from django.contrib.contenttypes.models import ContentType

    from enterprises.models import AwarenessRecord

    records = AwarenessRecord.objects.filter(source_type=ContentType.objects.get_for_model(OutreachActivity),
                                             source_id=activity_id)
    if enterprise_id is not None:
        records = records.filter(enterprise_id=enterprise_id)
    removed = 0
    for record in records:
        _history_user(record, user)
        record.delete()
        removed += 1
    return removed


@transaction.atomic
def workshop_attendance_remove(*, activity: OutreachActivity, enterprise, user=None) -> bool:
    """The facility did not attend the workshop after all: its attendance goes, and with it the awareness of CP it
    recorded (T1), so the facility is no longer counted aware unless it has awareness from another source. Removing
    an attendance that is not there changes nothing. Returns whether there was one.

    The stored indicators (reports.IndicatorSnapshot) are recomputed by their nightly refresh, as after any change
    of the registry; live counts (enterprises.selectors) see the removal at once."""
    attendance = WorkshopAttendance.objects.select_for_update().filter(activity=activity, enterprise=enterprise).first()
    _workshop_awareness_remove(activity_id=activity.pk, enterprise_id=enterprise.pk, user=user)
    if attendance is None:
        return False
    _history_user(attendance, user)
    attendance.delete()
    return True


@transaction.atomic
def activity_delete(*, activity: OutreachActivity, user=None) -> None:
    """Delete an activity: a workshop's attendances go with the awareness of CP (T1) they recorded
    (workshop_attendance_remove), its posted cost is withdrawn (a withdrawal correction, so the budget's history
    keeps it), then the activity."""
    from budget.services import activity_cost_withdraw

    activity = OutreachActivity.objects.select_for_update().get(pk=activity.pk)
    _workshop_awareness_remove(activity_id=activity.pk, user=user)
    for attendance in WorkshopAttendance.objects.filter(activity=activity):
        _history_user(attendance, user)
        attendance.delete()
    activity_cost_withdraw(source=activity, user=user)
    activity.delete()


def _unique_slug(title: str, exclude_pk=None) -> str:
    base = slugify(search_normalize(title))[:100] or "tin"
    slug, n = base, 2
    while News.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def news_prepare(*, news: News) -> News:
    """Everything news_save does before writing, and its checks: the body sanitised (scripts and handlers are
    stripped, never run), the slug and search column filled, the status settled by the publication time (published
    with a time still to come is scheduled: it appears then; scheduled with a time passed is published), then
    full_clean. The admin form calls it to show a refusal under its field before anything is saved."""
    news.body = sanitize_html(news.body)
    news.body_en = sanitize_html(news.body_en) if news.body_en else ""
    news.title = (news.title or "").strip()
    news.title_en = (news.title_en or "").strip()
    if not news.slug:
        news.slug = _unique_slug(news.title, exclude_pk=news.pk)
    now = timezone.now()
    if news.status == News.Status.SCHEDULED and news.publish_at and news.publish_at <= now:
        news.status = News.Status.PUBLISHED
    elif news.status == News.Status.PUBLISHED and news.publish_at and news.publish_at > now:
        news.status = News.Status.SCHEDULED
    if news.status == News.Status.PUBLISHED and news.publish_at is None:
        news.publish_at = now
    from django.utils.html import strip_tags

    news.search_text = search_normalize(" ".join([news.title, news.summary or "", strip_tags(news.body),
                                                  news.title_en, news.summary_en or "", strip_tags(news.body_en)]))
    news.full_clean()
    return news


@transaction.atomic
def news_save(*, news: News, user=None) -> News:
    """Sanitise, check (news_prepare) and save."""
    if news.pk is None and user is not None and getattr(user, "is_authenticated", False):
        news.author = user
    news_prepare(news=news)
    news.save()
    return news


@transaction.atomic
def news_publish(*, news: News, publish_at=None, user=None) -> News:
    """Publish now, or schedule for `publish_at` in the future."""
    now = timezone.now()
    news.publish_at = publish_at or now
    news.status = News.Status.SCHEDULED if news.publish_at > now else News.Status.PUBLISHED
    return news_save(news=news, user=user)


@transaction.atomic
def news_unpublish(*, news: News, user=None) -> News:
    news.status = News.Status.DRAFT
    return news_save(news=news, user=user)


def document_prepare(*, document: Document) -> Document:
    """Everything document_save does before writing: fill the accent-free search column, check the file by content
    and size (full_clean). The admin form calls it to show a refusal under its field before anything is saved."""
    document.title_en = (document.title_en or "").strip()
    document.search_text = search_normalize(" ".join([document.title, document.title_en, document.number,
                                                      document.issuer, document.summary]))
    document.full_clean()
    return document


@transaction.atomic
def document_save(*, document: Document, user=None) -> Document:
    """Check (document_prepare) and save."""
    document_prepare(document=document)
    document.save()
    return document
