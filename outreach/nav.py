"""Navigation entries this app adds: (label, url name, roles that see it; None means everyone)."""

from django.utils.translation import gettext_lazy as _

NAV = [
    (_("Tin tức"), "outreach:news_list", None),
    (_("Tài liệu"), "outreach:document_list", None),
    (_("Sự kiện"), "outreach:event_list", None),
]
