"""API routes of the budget app (see sxsh_portal/urls.py)."""

ROUTES: list = []
api_urlpatterns: list = []
