"""API routes of the enterprises app (see sxsh_portal/urls.py)."""

ROUTES: list = []
api_urlpatterns: list = []
