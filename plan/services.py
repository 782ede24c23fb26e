"""Writes of the plan app: portal users and their scope; and reason_required, for every service that asks why."""

import unicodedata

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plan.models import AdministrativeUnit
from plan.roles import Role, roles_sync


@transaction.atomic
def portal_user_upsert(*, username: str, role: str, district_code: str | None = None,
                       password: str | None = None, email: str | None = None,
                       full_name: str | None = None):
    """Create or update a portal user with exactly one role and, for a district official, its district.

    Every argument is checked before anything is written, so a bad role or district changes nothing.
    """
    if role not in Role.values:
        raise ValidationError(
            _("Vai trò %(role)s không tồn tại. Các vai trò: %(roles)s.") % {"role": role, "roles": ", ".join(Role.values)}
        )
    unit = None
    if district_code:
        unit = AdministrativeUnit.objects.filter(code=district_code).exclude(type=AdministrativeUnit.Kind.CITY).first()
        if unit is None:
            raise ValidationError(_("Không có quận, huyện, thị xã mã %(code)s.") % {"code": district_code})
    if role == Role.DISTRICT_OFFICIAL and unit is None:
        raise ValidationError(_("Cán bộ quận, huyện cần mã đơn vị hành chính (--district)."))
    if role != Role.DISTRICT_OFFICIAL and unit is not None:
        raise ValidationError(_("Chỉ cán bộ quận, huyện mới gắn với một đơn vị hành chính."))

    if not Group.objects.filter(name=role).exists():
        roles_sync()
    User = get_user_model()
    user, _created = User.objects.get_or_create(username=username)
    if email is not None:
        user.email = email
    if full_name:
        parts = full_name.rsplit(" ", 1)
        user.last_name, user.first_name = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
    if password:
        user.set_password(password)
    elif _created:
        user.set_unusable_password()
    user.is_staff = role == Role.DOIT_STAFF  # only DoIT staff use the Django admin
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    # Changed from the unit's side, so that the unit's history records who was assigned.
    for previous in user.administrative_units.exclude(pk=unit.pk if unit else None):
        previous.officials.remove(user)
    if unit is not None:
        unit.officials.add(user)
    return user


def reason_required(reason, *, field: str, missing: str) -> str:
    """A reason (to decline, to return) as typed in a form or sent in an API body, stripped. Refused, naming the field,
    when it is empty (`missing` says so), not text, or holds a control character other than a line break or a tab:
    nothing typed has one, and PostgreSQL refuses a NUL."""
    if reason is not None and not isinstance(reason, str):
        raise ValidationError({field: _("Lý do phải là một đoạn văn bản.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: missing})
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in reason):
        raise ValidationError({field: _("Lý do có ký tự điều khiển, không lưu được: hãy gõ lại.")})
    return reason
