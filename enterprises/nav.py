"""Navigation entries of the registry."""

from django.utils.translation import gettext_lazy as _

NAV = [
    (_("Cơ sở sản xuất"), "enterprises:list", ["doit_staff", "department_viewer", "district_official"]),
    (_("Yêu cầu hỗ trợ"), "enterprises:requests", ["doit_staff", "district_official"]),
    (_("Doanh nghiệp của tôi"), "enterprises:mine", ["enterprise_user"]),
    (_("Đăng ký hỗ trợ SXSH"), "enterprises:public_request", [None, "enterprise_user"]),
    (_("Điển hình SXSH"), "enterprises:case_studies", None),
]
