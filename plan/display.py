"""get_FOO_display() without translating every choice on every call.

Django's `Model._get_FIELD_display` builds a dict of all the field's choices on each call, hashing every lazy
label (so translating each one): a district's name (`get_type_display`) or a facility's size cost the whole
choice list. Here the value → label map is built once per field; the labels stay lazy, so the answer is still in
the active language. `plan/tests/test_display.py` checks every choice of every portal model against Django's.
"""

from functools import cache

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


@cache
def _labels(field) -> dict:
    return {make_hashable(value): label for value, label in field.flatchoices}


class QuickChoiceDisplay:
    """Mixin for a model (before models.Model in its bases) whose fields have choices."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)
