"""Writes of the training app: registering, confirming, attendance, completion, certificates, costs."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from training.models import Participant, Registration, TrainingClass, email_normalize

CERTIFICATE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


# Why a registrant is written to, beyond where they stand (the status says that).
MAIL_MOVED_UP = "moved_up"
MAIL_CLASS_CANCELLED = "class_cancelled"


def _registration_mail_send(registration_id: int, note: str | None = None) -> None:
    """Tell the registrant where they stand: pending confirmation (also after moving up from the waiting list), on
    the waiting list, confirmed, or cancelled with their class."""
    registration = Registration.objects.select_related("participant", "training_class").filter(
        pk=registration_id).first()
    if registration is None:  # deleted in the same transaction (moved up, then deleted with others): nobody to tell
        return
    cls, person = registration.training_class, registration.participant
    states = {
        Registration.Status.PENDING: _("Đăng ký của anh/chị đã được ghi nhận và đang chờ Sở Công Thương xác nhận."),
        Registration.Status.WAITLISTED: _("Lớp đã đủ chỗ: anh/chị đang ở danh sách chờ; chúng tôi sẽ báo khi có chỗ."),
        Registration.Status.CONFIRMED: _("Sở Công Thương đã xác nhận chỗ của anh/chị trong lớp."),
    }
    if note == MAIL_MOVED_UP and registration.status == Registration.Status.PENDING:
        states[registration.status] = _("Lớp đã có chỗ trống: anh/chị được chuyển từ danh sách chờ sang chờ Sở Công "
                                        "Thương xác nhận.")
    if note == MAIL_CLASS_CANCELLED and registration.status == Registration.Status.CANCELLED:
        states[registration.status] = _("Lớp đã bị hủy, nên đăng ký của anh/chị cũng được hủy. Mong anh/chị thông "
                                        "cảm.")
    if registration.status not in states:
        return
    subject = _("[SXSH] Đăng ký lớp “%(title)s”: %(status)s") % {
        "title": cls.title, "status": registration.get_status_display()}
    body = "\n".join([
        _("Kính gửi %(name)s,") % {"name": person.full_name}, "",
        states[registration.status], "",
        _("Lớp: %(title)s") % {"title": cls.title},
        _("Thời gian: %(start)s – %(end)s") % {"start": cls.start_date.strftime("%d/%m/%Y"),
                                              "end": cls.end_date.strftime("%d/%m/%Y")},
        _("Địa điểm: %(venue)s") % {"venue": cls.venue}, "",
        _("Sở Công Thương Hà Nội"),
    ])
    send_mail(subject, body, None, [person.email])


def _registration_mail_on_commit(registration: Registration, note: str | None = None) -> None:
    registration_id = registration.pk
    transaction.on_commit(lambda: _registration_mail_send(registration_id, note))


def _validate(obj):
    obj.full_clean()
    return obj


@transaction.atomic
def training_class_save(*, training_class: TrainingClass, user=None) -> TrainingClass:
    """Validate and save a class (end date not before the start, capacity above zero, a plan year its start date
    falls in). Saved as cancelled: its open registrations are cancelled, their people told, and its posted cost
    withdrawn (as class_cancel does)."""
    _validate(training_class)
    training_class.save()
    if training_class.status == TrainingClass.Status.CANCELLED:
        from budget.services import activity_cost_withdraw

        _open_registrations_cancel(training_class)
        activity_cost_withdraw(source=training_class, user=user)
    return training_class


def _open_registrations_cancel(training_class: TrainingClass) -> int:
    """Cancel the registrations of a cancelled class that still hold or await a seat (a completed one keeps its
    certificate) and e-mail each person after the commit. Returns how many."""
    open_ones = list(Registration.objects.select_for_update().filter(
        training_class=training_class, completed=False,
        status__in=[Registration.Status.PENDING, Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]))
    for registration in open_ones:
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status"])
        _registration_mail_on_commit(registration, MAIL_CLASS_CANCELLED)
    return len(open_ones)


@transaction.atomic
def class_cancel(*, training_class: TrainingClass, user=None) -> TrainingClass:
    """Cancel a class: its open registrations are cancelled (each person e-mailed after the commit) and its posted
    cost withdrawn. Cancelling again changes nothing. Only the status is written, so a class whose other data no
    longer passes the checks (a year outside the plan) can still be cancelled."""
    from budget.services import activity_cost_withdraw

    training_class = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    if training_class.status != TrainingClass.Status.CANCELLED:
        training_class.status = TrainingClass.Status.CANCELLED
        training_class.save(update_fields=["status"])
    _open_registrations_cancel(training_class)
    activity_cost_withdraw(source=training_class, user=user)
    return training_class


def class_delete_refusal(training_class: TrainingClass) -> str | None:
    """Why a class may not be deleted, or None. A class with attendance or certificates has taken place: deleting
    it would take its certificates (their codes would no longer check) and its participants' awareness (T1) with
    it; it is cancelled instead, never deleted."""
    held = Registration.objects.filter(training_class=training_class).filter(
        Q(attended=True) | Q(certificate_code__isnull=False))
    if not held.exists():
        return None
    certificates = held.filter(certificate_code__isnull=False).count()
    if certificates:
        return _("Không xóa được lớp “%(title)s”: đã cấp %(n)s chứng nhận cho học viên của lớp, mã chứng nhận phải "
                 "còn tra cứu được. Nếu lớp không còn tổ chức, hãy hủy lớp (trạng thái “đã hủy”) thay vì xóa.") % {
            "title": training_class.title, "n": certificates}
    return _("Không xóa được lớp “%(title)s”: đã ghi học viên tham dự lớp. Nếu lớp không còn tổ chức, hãy hủy lớp "
             "(trạng thái “đã hủy”) thay vì xóa.") % {"title": training_class.title}


@transaction.atomic
def class_delete(*, training_class: TrainingClass, user=None) -> None:
    """Delete a class that has not taken place (refused otherwise, see class_delete_refusal): its posted cost is
    withdrawn first (a withdrawal correction, so the budget's history keeps it), then the class and its
    registrations go."""
    from budget.services import activity_cost_withdraw

    training_class = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    refusal = class_delete_refusal(training_class)
    if refusal:
        raise ValidationError(refusal)
    activity_cost_withdraw(source=training_class, user=user)
    training_class.delete()


def _class_mark_held(training_class: TrainingClass, today: datetime.date) -> None:
    """A class whose end date has passed and that has issued a certificate was held: its status becomes "done",
    which is what the counts of classes held (selectors.classes_done_by_year) read. (Attendance alone does not mark
    it: attendance is recorded from the first day, while the class may still run.)"""
    if training_class.status in (TrainingClass.Status.PLANNED, TrainingClass.Status.OPEN) \
            and training_class.end_date <= today:
        training_class.status = TrainingClass.Status.DONE
        training_class.save(update_fields=["status"])


def _participant_for(*, full_name, email, position="", enterprise=None, agency="", phone=""):
    """The participant with this e-mail, created if new. A public form never overwrites someone's data."""
    email = email_normalize(email)
    participant = Participant.objects.select_for_update().filter(email__iexact=email).first()
    if participant is None:
        participant = Participant(full_name=(full_name or "").strip(), email=email, position=position or "",
                                  enterprise=enterprise, agency=(agency or "").strip(), phone=phone or "")
        _validate(participant)
        participant.save()
    return participant


def class_registration_refusal(*, training_class: TrainingClass, today: datetime.date | None = None) -> str | None:
    """Why the class takes no registration on `today` (default today), or None. It takes them while the pages and
    the API show it as planned or open (TrainingClassQuerySet.with_status_shown, read here from the database): not
    cancelled, not held, not begun. A full class still takes them, on the waiting list."""
    today = today or timezone.localdate()
    training_class = TrainingClass.objects.with_status_shown(today).get(pk=training_class.pk)
    if training_class.takes_registrations:
        return None
    if training_class.status_shown in (TrainingClass.StatusShown.CANCELLED, TrainingClass.StatusShown.DONE):
        return _("Lớp “%(title)s” không nhận đăng ký.") % {"title": training_class.title}
    return _("Lớp “%(title)s” đã bắt đầu ngày %(date)s, không thể đăng ký.") % {
        "title": training_class.title, "date": training_class.start_date.strftime("%d/%m/%Y")}


def registration_check(*, training_class: TrainingClass, email: str, today: datetime.date | None = None) -> None:
    """The checks of class_register, for a form to show before anything is saved (the admin's "add registration"):
    refused, naming the field, for a class that takes no registration (class_registration_refusal: cancelled, held,
    begun), an empty e-mail, or an e-mail already registered to the class."""
    refusal = class_registration_refusal(training_class=training_class, today=today)
    if refusal:
        raise ValidationError({"training_class": refusal})
    email = email_normalize(email)
    if not email:
        raise ValidationError({"email": _("Cần nhập thư điện tử.")})
    if Registration.objects.filter(training_class=training_class, participant__email__iexact=email).exclude(
        status=Registration.Status.CANCELLED
    ).exists():
        raise ValidationError({"email": _("Thư điện tử %(email)s đã đăng ký lớp này.") % {"email": email}})


@transaction.atomic
def class_register(*, training_class: TrainingClass, full_name: str, email: str, position: str = "",
                   enterprise=None, agency: str = "", phone: str = "", user=None,
                   today: datetime.date | None = None) -> Registration:
    """Register a person to a class: pending while seats remain, waitlisted once the class is full.

    Refused (registration_check): the same e-mail twice in one class, a class that has started or is over, a
    cancelled class.
    """
    training_class = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    registration_check(training_class=training_class, email=email, today=today)
    participant = _participant_for(full_name=full_name, email=email, position=position, enterprise=enterprise,
                                   agency=agency, phone=phone)
    seats_taken = training_class.registrations.holding_a_seat().count()
    status = Registration.Status.PENDING if seats_taken < training_class.capacity else Registration.Status.WAITLISTED
    registration = Registration.objects.filter(training_class=training_class, participant=participant).first()
    if registration is None:  # a cancelled registration is revived rather than duplicated
        registration = Registration(training_class=training_class, participant=participant)
    registration.status = status
    registration.registered_by = user if user is not None and user.is_authenticated else None
    _validate(registration)
    registration.save()
    _registration_mail_on_commit(registration)
    return registration


@transaction.atomic
def registration_confirm(*, registration: Registration, user=None) -> Registration:
    """DoIT confirms a place. A waitlisted person is confirmed only if a seat is free."""
    registration = Registration.objects.select_for_update(of=("self",)).select_related("training_class").get(pk=registration.pk)
    if registration.status == Registration.Status.CONFIRMED:
        return registration
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(_("Đăng ký đã hủy, không thể xác nhận."))
    cls = registration.training_class
    confirmed = cls.registrations.filter(status=Registration.Status.CONFIRMED).count()
    if confirmed >= cls.capacity:
        raise ValidationError(_("Lớp “%(title)s” đã đủ %(n)s chỗ đã xác nhận.") % {"title": cls.title, "n": cls.capacity})
    registration.status = Registration.Status.CONFIRMED
    _validate(registration)
    registration.save()
    _registration_mail_on_commit(registration)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, user=None) -> Registration:
    """Cancel a place; the first person on the waiting list moves up to pending."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.completed:
        raise ValidationError(_("Học viên đã hoàn thành, không thể hủy đăng ký."))
    was_holding = registration.status in (Registration.Status.PENDING, Registration.Status.CONFIRMED)
    registration.status = Registration.Status.CANCELLED
    registration.save()
    if was_holding:
        _waitlist_move_up(registration.training_class_id)
    return registration


def _waitlist_move_up(training_class_id: int) -> Registration | None:
    """A seat of the class has been freed (a registration holding one cancelled or deleted): the first person on its
    waiting list moves up to pending and is e-mailed after the commit. Returns them, or None if nobody waits."""
    first_waiting = (Registration.objects.filter(training_class_id=training_class_id,
                                                 status=Registration.Status.WAITLISTED)
                     .order_by("registered_at", "id").first())
    if first_waiting is not None:
        first_waiting.status = Registration.Status.PENDING
        first_waiting.save()
        _registration_mail_on_commit(first_waiting, MAIL_MOVED_UP)
    return first_waiting


def registration_delete_refusal(registration: Registration) -> str | None:
    """Why a registration may not be deleted, or None: one with a certificate stays, its code must keep checking."""
    if not registration.certificate_code:
        return None
    return _("Đăng ký của %(who)s đã được cấp chứng nhận %(code)s: không xóa được, mã chứng nhận phải còn tra cứu "
             "được.") % {"who": registration.participant, "code": registration.certificate_code}


@transaction.atomic
def registration_delete(*, registration: Registration, user=None) -> None:
    """Delete a registration (refused for one with a certificate, see registration_delete_refusal). One that held a
    seat frees it as registration_cancel does: the first person on the waiting list moves up and is e-mailed after
    the commit."""
    registration = Registration.objects.select_for_update(of=("self",)).select_related("participant").get(
        pk=registration.pk)
    refusal = registration_delete_refusal(registration)
    if refusal:
        raise ValidationError(refusal)
    was_holding = registration.status in (Registration.Status.PENDING, Registration.Status.CONFIRMED)
    registration.delete()
    if was_holding:
        _waitlist_move_up(registration.training_class_id)


@transaction.atomic
def attendance_record(*, registration: Registration, attended: bool = True, user=None,
                      today: datetime.date | None = None) -> Registration:
    """Record that the participant attended (the class has begun by `today`, default today). Their facility becomes
    aware of CP as of the class (T1)."""
    registration = Registration.objects.select_for_update(of=("self",)).select_related(
        "training_class", "participant__enterprise").get(pk=registration.pk)
    if attended and registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("Chỉ ghi tham dự cho đăng ký đã xác nhận (%(who)s).") % {"who": registration.participant})
    if not attended and registration.completed:
        raise ValidationError(_("Học viên đã hoàn thành, không thể bỏ ghi tham dự."))
    if attended and registration.training_class.start_date > (today or timezone.localdate()):
        raise ValidationError(_("Lớp “%(title)s” khai giảng ngày %(date)s: chưa thể ghi tham dự.") % {
            "title": registration.training_class.title,
            "date": registration.training_class.start_date.strftime("%d/%m/%Y")})
    registration.attended = attended
    _validate(registration)
    registration.save()
    enterprise = registration.participant.enterprise
    if attended and enterprise is not None:
        from enterprises.services import awareness_record_add

        awareness_record_add(enterprise=enterprise, date=registration.training_class.start_date, kind="training",
                             source=registration, note=registration.training_class.title[:255], user=user)
    return registration


def _new_certificate_code(year: int) -> str:
    for _attempt in range(20):
        code = f"SXSH-{year}-" + "".join(secrets.choice(CERTIFICATE_ALPHABET) for _i in range(8))
        if not Registration.objects.filter(certificate_code=code).exists():
            return code
    raise RuntimeError("could not draw a free certificate code")  # 32**8 codes: never in practice


@transaction.atomic
def registration_complete(*, registration: Registration, completed_on: datetime.date | None = None,
                          user=None, today: datetime.date | None = None) -> Registration:
    """Mark the participant as having completed the class and issue the certificate code (once), on a day that has
    come by `today` (default today)."""
    registration = Registration.objects.select_for_update(of=("self",)).select_related("training_class").get(pk=registration.pk)
    if registration.completed:
        return registration
    if not registration.attended:
        raise ValidationError(
            _("Học viên %(who)s chưa được ghi tham dự, chưa thể hoàn thành.") % {"who": registration.participant})
    cls = registration.training_class
    completed_on = completed_on or cls.end_date
    if completed_on < cls.start_date:
        raise ValidationError({"completed_on": _("Ngày hoàn thành trước ngày khai giảng.")})
    if completed_on > (today or timezone.localdate()):
        raise ValidationError({"completed_on": _("Lớp “%(title)s” kết thúc ngày %(date)s: chưa thể cấp chứng nhận.") % {
            "title": cls.title, "date": completed_on.strftime("%d/%m/%Y")}})
    registration.completed = True
    registration.completed_on = completed_on
    registration.certificate_code = _new_certificate_code(completed_on.year)
    _validate(registration)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:  # two staff completing at once: let the caller retry
        raise ValidationError(_("Không cấp được mã chứng nhận, hãy thử lại.")) from exc
    _class_mark_held(cls, today or timezone.localdate())
    return registration


def certificate_pdf(*, registration: Registration) -> bytes:
    """The certificate in Vietnamese (Decree 30 layout) with its verification code, as PDF bytes."""
    from plan.documents import render_pdf

    if not registration.certificate_code:
        raise ValidationError(_("Học viên chưa hoàn thành, chưa có chứng nhận."))
    return render_pdf("training/certificate_pdf.html", {
        "registration": registration,
        "participant": registration.participant,
        "training_class": registration.training_class,
        "document_date": registration.completed_on,
        "document_number": registration.certificate_code,
    })


def _cost_post(*, source, line_code, year, date, amount_vnd, description, user):
    from budget.services import activity_cost_post, activity_cost_withdraw

    if not amount_vnd:
        return activity_cost_withdraw(source=source, user=user)
    return activity_cost_post(source=source, activity_kind="training_class", line_code=line_code, year=year,
                              date=date, amount_vnd=amount_vnd, description=description[:500], user=user)


@transaction.atomic
def class_cost_post(*, training_class: TrainingClass, user=None):
    """Post the class's cost to its budget line, once (a changed cost is posted as a linked correction)."""
    if training_class.status == TrainingClass.Status.CANCELLED:
        from budget.services import activity_cost_withdraw

        return activity_cost_withdraw(source=training_class, user=user)
    return _cost_post(source=training_class, line_code=training_class.budget_line_code, year=training_class.year,
                      date=training_class.end_date, amount_vnd=training_class.cost_vnd,
                      description=_("Lớp đào tạo SXSH: %(t)s") % {"t": training_class.title}, user=user)
