"""API routes of the reports app (see sxsh_portal/urls.py)."""

ROUTES: list = []
api_urlpatterns: list = []
