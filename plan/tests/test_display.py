"""plan.display.QuickChoiceDisplay answers get_FOO_display() exactly as Django does, in either language."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from plan.display import QuickChoiceDisplay
from plan.registry import PORTAL_APPS

CHOICE_MODELS = [model for app in PORTAL_APPS for model in apps.get_app_config(app).get_models()
                 if any(f.choices for f in model._meta.concrete_fields)
                 and not model.__name__.startswith("Historical")]


def test_every_portal_model_with_choices_uses_it():
    assert len(CHOICE_MODELS) > 20
    assert [m.__name__ for m in CHOICE_MODELS if not issubclass(m, QuickChoiceDisplay)] == []


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("model", CHOICE_MODELS, ids=lambda m: m.__name__)
def test_every_choice_reads_as_djangos(model, language):
    checked = 0
    with translation.override(language):
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            values = [value for value, _label in field.flatchoices] + ["không-có-trong-danh-sách", None]
            for value in values:
                instance = model(**{field.attname: value})
                quick = getattr(instance, f"get_{field.name}_display")()
                assert quick == models.Model._get_FIELD_display(instance, field), (field.name, value)
                assert isinstance(quick, str | type(None))
                checked += 1
    assert checked >= 3


def test_the_label_follows_the_active_language():
    from enterprises.models import Enterprise

    facility = Enterprise(size=Enterprise.Size.LARGE)
    with translation.override("vi"):
        vietnamese = facility.get_size_display()
    with translation.override("en"):
        english = facility.get_size_display()
    assert vietnamese == "lớn" and english != vietnamese and english.lower() == "large"
