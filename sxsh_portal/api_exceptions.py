"""The API's error answers: DRF's own, in the user's language.

Django's get_object_or_404 (which DRF's generic views call) raises Http404 with an untranslated English
message naming the model ("No Expenditure matches the given query."), and DRF passes it on as the 404's
`detail`: a Vietnamese client would read English and a model's class name. Such a 404 gets DRF's own
"Not found." instead, which the catalogues translate. A 404 raised with a message of the portal's own
(Vietnamese, translated) is kept.
"""

import re

from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler

DJANGO_NO_MATCH = re.compile(r"No \w+ matches the given query\.")


def api_exception_handler(exc, context):
    if isinstance(exc, Http404) and exc.args and DJANGO_NO_MATCH.fullmatch(str(exc.args[0])):
        exc = exceptions.NotFound()
    return exception_handler(exc, context)
