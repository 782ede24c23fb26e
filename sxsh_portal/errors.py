"""Error answers the apps do not give themselves: an unknown address under /api/ answers DRF's JSON 404 (as any
API endpoint does for a missing object), every other address the portal's 404 page (templates/404.html)."""

from django.http import JsonResponse
from django.views import defaults
from rest_framework.exceptions import NotFound

API_PREFIX = "/api/"


def page_not_found(request, exception):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404,
                            json_dumps_params={"ensure_ascii": False})
    return defaults.page_not_found(request, exception)
