"""The API's error answers: DRF's own, in the user's language.

Django's get_object_or_404 (which DRF's generic views call) raises Http404 with an untranslated English
message naming the model ("No Expenditure matches the given query."), and DRF passes it on as the 404's
`detail`: a Vietnamese client would read English and a model's class name. Such a 404 gets DRF's own
"Not found." instead, which the catalogues translate. A 404 raised with a message of the portal's own
(Vietnamese, translated) is kept.

A DELETE of a record that others still point to (a facility with its requests) is a 409 that says which records,
and how many, hold it; Django raises ProtectedError, which DRF left as a 500.
"""

import re
from collections import Counter

from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler

DJANGO_NO_MATCH = re.compile(r"No \w+ matches the given query\.")


class InUse(exceptions.APIException):
    status_code = 409
    default_code = "in_use"


def _in_use(exc):
    objects = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
    counts = Counter(str(capfirst(type(obj)._meta.verbose_name_plural)) for obj in objects)
    held_by = "; ".join(f"{name}: {count}" for name, count in sorted(counts.items()))
    return InUse(_("Không xóa được vì còn dữ liệu liên quan (%(held_by)s). Hãy xóa hoặc chuyển các dữ liệu đó "
                   "trước.") % {"held_by": held_by})


def api_exception_handler(exc, context):
    if isinstance(exc, Http404) and exc.args and DJANGO_NO_MATCH.fullmatch(str(exc.args[0])):
        exc = exceptions.NotFound()
    elif isinstance(exc, (ProtectedError, RestrictedError)):
        exc = _in_use(exc)
    return exception_handler(exc, context)
