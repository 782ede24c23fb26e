"""The admin site: Django's, with the list of apps and models built, and drawn in the sidebar, once per set
of permissions.

Every admin page shows that list in its sidebar, and Django builds it anew on each request: a permission
check and two reverse() calls for each of the portal's models, about a tenth of a changelist's time. What it
holds depends only on the user's permissions (no ModelAdmin of the portal decides access from anything else),
on the language (the order is alphabetical in it) and on the script prefix, so it is kept per process under
those. A change of permissions is a new key; a deployment is a new process. The sidebar's HTML is kept the
same way, and also by which app and model the page belongs to (they are marked as current).
"""

from urllib.parse import quote

from django.contrib.admin import AdminSite
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.translation import get_language

KEPT = 512  # keys at most; past that the list is built again from empty (there are a few roles, not thousands)


class PortalAdminSite(AdminSite):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._app_lists = {}
        self._sidebars = {}

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

    def sidebar_app_list(self, request, app_list):
        """admin/app_list.html as the sidebar includes it (show_changelinks=False), kept per app list key and
        per the URLs of the list that the page's path contains (what the template marks as current)."""
        path = quote(request.path, safe="/")  # the template's request.path|urlencode
        current = tuple(url for app in app_list for url in (app["app_url"], *(m["admin_url"] for m in app["models"]))
                        if url and url in path)
        key = (self._app_list_key(request, None), current)
        html = self._sidebars.get(key)
        if html is None:
            if len(self._sidebars) >= KEPT:
                self._sidebars = {}
            html = self._sidebars[key] = get_template("admin/app_list.html").render(
                {"app_list": app_list, "show_changelinks": False}, request)
        return html
