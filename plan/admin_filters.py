"""The admin's "By district" and "By sector" filters, from lists kept in memory.

Django's RelatedFieldListFilter reads the whole related table and builds a model instance of each row, on every
changelist view, to write the filter's choices: for the registry's districts and sectors, a third of the time of
the changelist's view. Those tables are reference data (REFERENCE_MODELS), loaded by `load_plan` and changed a
few times in the plan's five years, so each process keeps their choices, per language (a sector's name is
written in the page's language) and per ordering:

- a change saved or deleted through Django (the admin, a fixture, a service) drops the kept lists at once in the
  process that made it;
- every other process (gunicorn's other workers) reads them again within KEPT_SECONDS.

Any other related model's filter is Django's own.
"""

from time import monotonic

from django.contrib.admin import RelatedFieldListFilter
from django.contrib.admin.filters import FieldListFilter
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

REFERENCE_MODELS = ("plan.AdministrativeUnit", "enterprises.Sector")
KEPT_SECONDS = 60

_kept = {}


def forget_kept_choices(**kwargs):
    _kept.clear()


def _is_reference(field) -> bool:
    remote = getattr(field, "remote_field", None)
    return (bool(field.many_to_one) and remote is not None
            and remote.model._meta.label in REFERENCE_MODELS and not field.get_limit_choices_to())


class ReferenceFieldListFilter(RelatedFieldListFilter):
    def field_choices(self, field, request, model_admin):
        ordering = tuple(self.field_admin_ordering(field, request, model_admin) or ())
        key = (field.remote_field.model._meta.label, ordering, get_language())
        now = monotonic()
        kept = _kept.get(key)
        if kept is None or now - kept[0] > KEPT_SECONDS:
            kept = _kept[key] = (now, field.get_choices(include_blank=False, ordering=ordering))
        return list(kept[1])


def install_reference_filters():
    """Called once at start-up (plan.apps): the filter for the reference models' foreign keys, and the signals that
    drop the kept lists."""
    from django.apps import apps

    FieldListFilter.register(_is_reference, ReferenceFieldListFilter, take_priority=True)
    for label in REFERENCE_MODELS:
        model = apps.get_model(label)
        post_save.connect(forget_kept_choices, sender=model, dispatch_uid=f"forget-choices-save-{label}")
        post_delete.connect(forget_kept_choices, sender=model, dispatch_uid=f"forget-choices-delete-{label}")
