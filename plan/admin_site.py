"""The admin site: Django's, with the list of apps and models built once per set of permissions.

Every admin page shows that list in its sidebar, and Django builds it anew on each request: a permission
check and two reverse() calls for each of the portal's models, about a sixth of a changelist's time. What it
holds depends only on the user's permissions (no ModelAdmin of the portal decides access from anything else),
on the language (the order is alphabetical in it) and on the script prefix, so it is kept per process under
those. A change of permissions is a new key; a deployment is a new process.
"""

from django.contrib.admin import AdminSite
from django.urls import get_script_prefix
from django.utils.translation import get_language

KEPT = 512  # keys at most; past that the list is built again from empty (there are a few roles, not thousands)


class PortalAdminSite(AdminSite):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._app_lists = {}

    def _app_list_key(self, request, app_label):
        user = request.user
        # An active superuser has every permission: no need to read them (for one it is a query of them all).
        perms = None if user.is_active and user.is_superuser else frozenset(user.get_all_permissions())
        return (user.is_active, user.is_staff, user.is_superuser, perms, get_language(), get_script_prefix(),
                app_label)

    def get_app_list(self, request, app_label=None):
        key = self._app_list_key(request, app_label)
        kept = self._app_lists.get(key)
        if kept is None:
            if len(self._app_lists) >= KEPT:
                self._app_lists = {}
            kept = self._app_lists[key] = super().get_app_list(request, app_label)
        # The templates only read it; each caller gets its own lists and dicts all the same.
        return [{**app, "models": [dict(model) for model in app["models"]]} for app in kept]
