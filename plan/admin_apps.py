"""The admin's app config: the default admin site is plan.admin_site.PortalAdminSite (INSTALLED_APPS)."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "plan.admin_site.PortalAdminSite"
