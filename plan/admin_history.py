"""The admin's history pages ("Lịch sử", django-simple-history) in words, not stored codes.

simple_history lists each change as "field: old → new" with the values as stored: a choice's code ("approved"),
True / False, None, a date in ISO form, an amount without its thousands. HistoryLabelsMixin (taken by PortalAdmin,
so by every portal admin) writes each value as the admin's change page does: a choice by its label, a yes/no field
as "Có" / "Không", an empty value as "—", numbers and dates in the active language's format (a year as it is), a
related object by its name, and one since deleted by the name its own history last gave it.

The "changed by" column links to the user's admin page only for a viewer who may view users there
(may_view_users); DoIT staff who are not superusers got a 403 from that link.
"""

from django.contrib.admin import utils as admin_utils
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.exceptions import NotHistoricalModelError
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_history_manager_for_model

EMPTY = "—"


def may_view_users(admin_site, request) -> bool:
    """Whether the viewer may open the user admin's pages (its has_view_permission): only then is a user a link."""
    try:
        user_admin = admin_site.get_model_admin(get_user_model())
    except NotRegistered:
        return False
    return user_admin.has_view_permission(request)


def _deleted(value: DeletedObject) -> str:
    """A related object deleted since: by the name its last historical record gives it, else its model and key."""
    if value.pk is None:  # simple_history's stand-in for an empty foreign key
        return EMPTY
    try:
        history = get_history_manager_for_model(value.model)
    except NotHistoricalModelError:
        history = None
    if history is not None:
        last = history.filter(**{value.model._meta.pk.attname: value.pk}).order_by("-history_date", "-history_id")
        last = last.first()
        if last is not None:
            return _("%(name)s (đã xoá)") % {"name": last.instance}
    return _("%(model)s %(pk)s (đã xoá)") % {"model": capfirst(value.model._meta.verbose_name), "pk": value.pk}


def shown_value(field, value) -> str:
    """A stored value of a model field as a reader of the history page should see it (plain text)."""
    if isinstance(value, DeletedObject):
        return _deleted(value)
    if value is None or value == "":
        return EMPTY
    if field.flatchoices:
        for code, label in field.flatchoices:
            if code == value:
                return str(label)
        return str(value)  # a code no longer among the choices: as stored
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")  # Django's own words ("Có", "Không")
    if isinstance(field, (models.ForeignKey, models.FileField, models.URLField)):
        return str(value)
    # The admin module's display_for_field at call time: the portal's year-aware one (plan.admin_lists).
    shown = admin_utils.display_for_field(value, field, EMPTY)
    return str(value) if hasattr(shown, "__html__") else str(shown)


class LabelledRecordContextHelper(HistoricalRecordContextHelper):
    """simple_history's formatting of a change, with each value as shown_value writes it."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            return super().prepare_delta_change_value(change, value)
        return shown_value(field, value)


class HistoryLabelsMixin:
    """For a SimpleHistoryAdmin: its history page writes the values of each change in words (see the module)."""

    def get_historical_record_context_helper(self, request, historical_record):
        return LabelledRecordContextHelper(self.model, historical_record)

    def history_view(self, request, object_id, extra_context=None):
        context = {"history_user_links": may_view_users(self.admin_site, request), **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)
