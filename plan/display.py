"""get_FOO_display() without translating every choice on every call.

Django's `Model._get_FIELD_display` builds a dict of all the field's choices on each call, hashing every lazy
label (so translating each one): a district's name (`get_type_display`) or a facility's size cost the whole
choice list. Here the value → label map is built once per field; the labels stay lazy, so the answer is still in
the active language. `plan/tests/test_display.py` checks every choice of every portal model against Django's.
"""

from decimal import Decimal
from functools import cache

from django.utils.encoding import force_str
from django.utils.formats import number_format
from django.utils.hashable import make_hashable


@cache
def _labels(field) -> dict:
    return {make_hashable(value): label for value, label in field.flatchoices}


class QuickChoiceDisplay:
    """Mixin for a model (before models.Model in its bases) whose fields have choices."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)


def person_name(user) -> str:
    """A portal user's name as Vietnamese write it, family name first: "Nguyễn Văn An". Django's get_full_name()
    puts first_name first ("An Nguyễn Văn"); a portal user's family and middle names are in last_name and the given
    name in first_name (plan.services.portal_user_upsert splits "Nguyễn Văn An" so). The username when neither is
    set; "" for an anonymous visitor. Every page that shows a user's name shows it through here (the header and
    the home page's greeting: reports.context_processors gives it as portal_user_name)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    name = " ".join(part.strip() for part in (user.last_name, user.first_name) if part and part.strip())
    return name or user.get_username()


def decimal_shown(value):
    """A stored decimal as a page writes it: in the active language's format, grouped, without the column's trailing
    zeros ("1.050" and "3,6" in Vietnamese, "1,050" and "3.6" in English, not "1050.000" and "3.6000"). Anything
    else (None, an infinite value) as it is."""
    if isinstance(value, Decimal) and value.is_finite():
        whole = value.to_integral_value()
        return number_format(whole if value == whole else value.normalize(), use_l10n=True, force_grouping=True)
    return value
