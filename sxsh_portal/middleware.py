"""Language selection: Vietnamese unless the visitor chose English with the switch.

Browsers here often send `Accept-Language: en-US`; an official must still get the Vietnamese portal
unless they ask for English. API clients, which have no switch, may ask with Accept-Language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PortalLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path.startswith("/api/"):
            language = translation.get_language_from_request(request)
        else:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            if language not in dict(settings.LANGUAGES):
                language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# Content-Security-Policy (Django 5.2 has none built in). Pages keep it: no inline script or style.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
# Swagger UI and Redoc (served from drf-spectacular-sidecar, no internet) inject <style> elements and
# Redoc runs its search in a blob: worker; their scripts stay 'self' (see templates/drf_spectacular/).
API_DOCS_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'; form-action 'self'"
)
API_DOCS_PREFIXES = ("/api/docs/", "/api/redoc/")


class ContentSecurityPolicyMiddleware:
    """Set the Content-Security-Policy header on every response that has not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)
        self.docs_policy = getattr(settings, "API_DOCS_CONTENT_SECURITY_POLICY", API_DOCS_CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            docs = request.path.startswith(API_DOCS_PREFIXES)
            response["Content-Security-Policy"] = self.docs_policy if docs else self.policy
        return response
