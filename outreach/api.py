"""API routes of the outreach app (see sxsh_portal/urls.py)."""

ROUTES: list = []
api_urlpatterns: list = []
