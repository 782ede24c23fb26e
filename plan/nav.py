"""Navigation entries this app adds: (label, url name, roles that see it; None means everyone)."""

from django.utils.translation import gettext_lazy as _

NAV = [
    (_("Kế hoạch"), "plan:detail", None),
]
