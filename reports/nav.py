"""Navigation entries of the reports app."""

from django.utils.translation import gettext_lazy as _

NAV = [
    (_("Chỉ số T1–T5"), "reports:indicators", None),
    (_("Báo cáo của quận"), "reports:district_reports", ["district_official"]),
    (_("Tình hình nộp báo cáo"), "reports:submission_grid", ["doit_staff", "department_viewer"]),
    (_("Kế hoạch SXSH quận, huyện"), "reports:district_plans", ["doit_staff", "department_viewer", "district_official"]),
    (_("Báo cáo tổng hợp"), "reports:report_jobs", ["doit_staff", "department_viewer", "district_official"]),
]
