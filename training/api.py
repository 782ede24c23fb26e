"""API routes of the training app (see sxsh_portal/urls.py)."""

ROUTES: list = []
api_urlpatterns: list = []
