"""Navigation entries this app adds: (label, url name, roles that see it; None means everyone)."""

from django.utils.translation import gettext_lazy as _

NAV = [
    (_("Đào tạo"), "training:class_list", None),
]
