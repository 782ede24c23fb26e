"""Navigation entries this app adds: (label, url name, roles that see it; None means everyone)."""

from django.utils.translation import gettext_lazy as _

NAV = [
    (_("Kinh phí"), "budget:appendix", None),
    (_("Thực hiện kinh phí"), "budget:execution", ["doit_staff", "department_viewer"]),
]
