"""Writes of the budget: estimates, expenditures, and the cost that an activity of a later app posts."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budget.models import ActivityKind, BudgetLine, Estimate, Expenditure
from budget.selectors import line_by_code


def _line(line_code: str, field: str = "line_code") -> BudgetLine:
    line = line_by_code(line_code) if line_code else None
    if line is None:
        raise ValidationError({field: _("Không có dòng kinh phí mã %(code)s.") % {"code": line_code or "—"}})
    return line


def _check_year(line: BudgetLine, year, field: str = "year") -> None:
    plan = line.section.plan
    if not isinstance(year, int) or not plan.start_year <= year <= plan.end_year:
        raise ValidationError({field: _("Năm %(year)s nằm ngoài kế hoạch (%(start)s–%(end)s).")
                               % {"year": year, "start": plan.start_year, "end": plan.end_year}})


def _check_amount(amount_vnd, field: str = "amount_vnd") -> None:
    if isinstance(amount_vnd, bool) or not isinstance(amount_vnd, int):
        raise ValidationError({field: _("Số tiền phải là số nguyên đồng.")})
    if amount_vnd < 0:
        raise ValidationError({field: _("Số tiền không được âm.")})


def _source_key(source):
    if source is None or source.pk is None:
        raise ValidationError({"source": _("Hoạt động phải được lưu trước khi ghi chi phí.")})
    return ContentType.objects.get_for_model(source, for_concrete_model=True), source.pk


def _user_or_none(user):
    return user if getattr(user, "is_authenticated", False) else None


_COMPARED = ("line_id", "year", "date", "amount_vnd", "description", "voucher_number")


def _same(old: Expenditure, new: Expenditure) -> bool:
    return (not old.withdrawn and all(getattr(old, f) == getattr(new, f) for f in _COMPARED)
            and (not new.attachment or new.attachment.name == old.attachment.name))


def _supersede(old: Expenditure | None, new: Expenditure, user) -> Expenditure:
    """Save `new` as the correction of `old` (or as a first row when old is None), in the caller's transaction:
    old gets superseded=True (its only update ever), new gets corrects=old. `new` is validated after old is
    marked, so a refusal rolls both back."""
    if old is not None:
        if old.superseded:
            raise ValidationError({"corrects": _("Khoản chi này đã được điều chỉnh bằng một bản ghi khác; "
                                                 "hãy sửa bản ghi mới nhất.")})
        old.superseded = True
        old._change_reason = f"superseded by a correction from {getattr(user, 'username', '') or '—'}"
        old.save(update_fields=["superseded"])
        new.corrects = old
    new.full_clean()
    new.save()
    return new


def _withdrawal(old: Expenditure, user) -> Expenditure:
    """The correction that removes `old`: amount 0, withdrawn, no voucher number (the number is free again)."""
    withdrawal = Expenditure(
        line=old.line, year=old.year, date=old.date, amount_vnd=0, withdrawn=True,
        description=old.description, voucher_number="", attachment=old.attachment.name or "",
        recorded_by=_user_or_none(user), source_type=old.source_type, source_id=old.source_id,
    )
    return _supersede(old, withdrawal, user)


def _head(source_type, source_id) -> Expenditure | None:
    return (Expenditure.all_objects.select_for_update()
            .filter(source_type=source_type, source_id=source_id, superseded=False).first())


def activity_cost_check(*, activity_kind: str, line_code: str, year: int, amount_vnd: int,
                        fields: dict[str, str] | None = None) -> BudgetLine:
    """What activity_cost_post refuses, checked before anything is written (an activity's form calls it to show
    the refusal under its own field): an unknown line, a line paying for another kind of activity, a year outside
    the plan, an amount that is not a whole number ≥ 0. `fields` renames the errors' fields (line_code, year,
    amount_vnd) to the activity's own ({"line_code": "budget_line_code", "amount_vnd": "cost_vnd"}). The line."""
    names = {"line_code": "line_code", "year": "year", "amount_vnd": "amount_vnd", **(fields or {})}
    if activity_kind not in ActivityKind.values:
        raise ValidationError({"activity_kind": _("Loại hoạt động %(kind)s không tồn tại.") % {"kind": activity_kind}})
    line = _line(line_code, field=names["line_code"])
    if line.activity_kind != activity_kind:
        raise ValidationError({names["line_code"]: _(
            "Dòng %(code)s chi cho “%(line_kind)s”, không cho “%(kind)s”: chi phí không khớp loại hoạt động."
        ) % {"code": line.code, "line_kind": line.get_activity_kind_display(),
             "kind": ActivityKind(activity_kind).label}})
    _check_year(line, year, field=names["year"])
    _check_amount(amount_vnd, field=names["amount_vnd"])
    return line


@transaction.atomic
def activity_cost_post(*, source, activity_kind: str, line_code: str, year: int, date, amount_vnd: int,
                       description: str, user) -> Expenditure | None:
    """Post the cost of `source` (a saved activity: a class, a workshop, an assessment…); it counts once.

    The first posting creates the expenditure. Posting again with the same line, year, date, amount and
    description changes nothing and returns the current row; posting anything different creates a correction
    (a new row, `corrects` = the old one, the old one superseded) and returns it. An amount of 0 withdraws
    the posting (a withdrawal correction, see Expenditure) and returns None. Refused, naming the field, when
    the line is unknown, the line pays for another kind of activity, the year is outside the plan, or the
    amount is negative.
    """
    line = activity_cost_check(activity_kind=activity_kind, line_code=line_code, year=year, amount_vnd=amount_vnd)
    source_type, source_id = _source_key(source)
    existing = _head(source_type, source_id)
    if amount_vnd == 0:
        if existing is not None and not existing.withdrawn:
            _withdrawal(existing, user)
        return None
    new = Expenditure(source_type=source_type, source_id=source_id, line=line, year=year, date=date,
                      amount_vnd=amount_vnd, description=(description or str(source))[:500],
                      recorded_by=_user_or_none(user))
    if existing is not None and _same(existing, new):
        return existing
    return _supersede(existing, new, user)


@transaction.atomic
def activity_cost_withdraw(*, source, user) -> None:
    """Withdraw the expenditure that `source` posted, if any (the activity was cancelled or deleted): a
    withdrawal correction, so the history stays. Nothing posted (or already withdrawn): nothing to do."""
    source_type, source_id = _source_key(source)
    existing = _head(source_type, source_id)
    if existing is not None and not existing.withdrawn:
        _withdrawal(existing, user)


@transaction.atomic
def estimate_save(*, line: BudgetLine, year: int, quantity: int, amount_vnd: int, decision_number: str = "",
                  decision_date=None, user, instance: Estimate | None = None) -> Estimate:
    """Record (or correct) the approved estimate of a line for a year."""
    _check_year(line, year)
    _check_amount(amount_vnd)
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
        raise ValidationError({"quantity": _("Số lượng phải là số nguyên không âm.")})
    estimate = instance or Estimate(created_by=user if getattr(user, "is_authenticated", False) else None)
    estimate.line, estimate.year, estimate.quantity, estimate.amount_vnd = line, year, quantity, amount_vnd
    estimate.decision_number, estimate.decision_date = decision_number or "", decision_date
    estimate.full_clean()
    estimate.save()
    return estimate


@transaction.atomic
def expenditure_save(*, line: BudgetLine, year: int, date, amount_vnd: int, description: str,
                     voucher_number: str = "", attachment=None, user,
                     instance: Expenditure | None = None) -> Expenditure:
    """Record an expenditure typed by DoIT staff, or correct one (`instance`). Saved even past the estimate
    (then flagged).

    A correction never changes `instance`: it creates and returns a new row with `corrects=instance` and marks
    instance superseded (same values again: nothing changes, instance is returned). Refused for a row that an
    activity posted (corrected at the activity), a row already corrected, or a withdrawal."""
    _check_year(line, year)
    _check_amount(amount_vnd)
    if amount_vnd == 0:
        raise ValidationError({"amount_vnd": _("Số tiền chi phải lớn hơn 0.")})
    old = None
    if instance is not None:
        old = Expenditure.all_objects.select_for_update().get(pk=instance.pk)
        check_correctable(old)
    new = Expenditure(line=line, year=year, date=date, amount_vnd=amount_vnd, description=description,
                      voucher_number=(voucher_number or "").strip(), recorded_by=_user_or_none(user))
    if attachment is not None:
        new.attachment = attachment
    elif old is not None and old.attachment:
        new.attachment = old.attachment.name
    if old is not None and _same(old, new):
        return old
    return _supersede(old, new, user)


def check_correctable(old: Expenditure) -> None:
    """Refuse (ValidationError) a correction or withdrawal of a row an activity posted, a row already corrected, or a
    withdrawal: the service's own check, and the admin's before it offers a correction form."""
    if old.source_type_id:
        raise ValidationError({"source_type": _("Khoản chi này do một hoạt động ghi; hãy sửa ở hoạt động đó.")})
    if old.superseded:
        raise ValidationError({"corrects": _("Khoản chi này đã được điều chỉnh bằng một bản ghi khác; "
                                             "hãy sửa bản ghi mới nhất.")})
    if old.withdrawn:
        raise ValidationError({"withdrawn": _("Khoản chi này đã được rút; không sửa được.")})


@transaction.atomic
def expenditure_withdraw(*, expenditure: Expenditure, user) -> Expenditure:
    """Withdraw an expenditure typed by DoIT staff (instead of deleting it): returns the withdrawal correction
    (amount 0). Refused for a row an activity posted, a row already corrected, or a withdrawal."""
    old = Expenditure.all_objects.select_for_update().get(pk=expenditure.pk)
    check_correctable(old)
    return _withdrawal(old, user)
