from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "plan"
    verbose_name = _("Kế hoạch hành động SXSH")

    def ready(self):
        from plan.admin_filters import install_reference_filters
        from plan.admin_links import install_permitted_links
        from plan.admin_lists import install_year_display

        install_year_display()
        install_permitted_links()
        install_reference_filters()
