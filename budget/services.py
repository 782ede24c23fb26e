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


@transaction.atomic
def activity_cost_post(*, source, activity_kind: str, line_code: str, year: int, date, amount_vnd: int,
                       description: str, user) -> Expenditure | None:
    """Create or update THE expenditure of `source` (a saved activity: a class, a workshop, an assessment…).

    Posting again updates the same row, so an activity's cost counts once. An amount of 0 removes the posting
    (and returns None). Refused, naming the field, when the line is unknown, the line pays for another kind
    of activity, the year is outside the plan, or the amount is negative.
    """
    if activity_kind not in ActivityKind.values:
        raise ValidationError({"activity_kind": _("Loại hoạt động %(kind)s không tồn tại.") % {"kind": activity_kind}})
    line = _line(line_code)
    if line.activity_kind != activity_kind:
        raise ValidationError({"line_code": _(
            "Dòng %(code)s chi cho “%(line_kind)s”, không cho “%(kind)s”: chi phí không khớp loại hoạt động."
        ) % {"code": line.code, "line_kind": line.get_activity_kind_display(),
             "kind": ActivityKind(activity_kind).label}})
    _check_year(line, year)
    _check_amount(amount_vnd)
    source_type, source_id = _source_key(source)
    existing = Expenditure.objects.select_for_update().filter(source_type=source_type, source_id=source_id).first()
    if amount_vnd == 0:
        if existing is not None:
            existing.delete()
        return None
    expenditure = existing or Expenditure(source_type=source_type, source_id=source_id)
    expenditure.line = line
    expenditure.year = year
    expenditure.date = date
    expenditure.amount_vnd = amount_vnd
    expenditure.description = (description or str(source))[:500]
    expenditure.recorded_by = user if getattr(user, "is_authenticated", False) else None
    expenditure.full_clean()
    expenditure.save()
    return expenditure


@transaction.atomic
def activity_cost_withdraw(*, source, user) -> None:
    """Remove the expenditure that `source` posted, if any (the activity was cancelled or deleted)."""
    source_type, source_id = _source_key(source)
    for expenditure in Expenditure.objects.select_for_update().filter(source_type=source_type, source_id=source_id):
        expenditure._change_reason = f"withdrawn by {getattr(user, 'username', '')}"
        expenditure.delete()


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
    """Record (or correct) an expenditure typed by DoIT staff. Saved even past the estimate (then flagged)."""
    _check_year(line, year)
    _check_amount(amount_vnd)
    if amount_vnd == 0:
        raise ValidationError({"amount_vnd": _("Số tiền chi phải lớn hơn 0.")})
    expenditure = instance or Expenditure()
    expenditure.line, expenditure.year, expenditure.date = line, year, date
    expenditure.amount_vnd, expenditure.description = amount_vnd, description
    expenditure.voucher_number = (voucher_number or "").strip()
    if attachment is not None:
        expenditure.attachment = attachment
    if instance is None:
        expenditure.recorded_by = user if getattr(user, "is_authenticated", False) else None
    expenditure.full_clean()
    expenditure.save()
    return expenditure
