"""The one place that sees every app: pages, the admin, the API and its documentation."""

from importlib import import_module

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import APIRootView, DefaultRouter

from sxsh_portal.health import healthz

PORTAL_APPS = ["plan", "budget", "enterprises", "training", "outreach", "reports"]

admin.site.site_header = _("Cổng SXSH Hà Nội — Quản trị")
admin.site.site_title = _("Cổng SXSH Hà Nội")
admin.site.index_title = _("Quản trị dữ liệu chương trình SXSH")

# Every app's api.py lists its viewsets in ROUTES and its other endpoints in api_urlpatterns.


class PortalAPIRootView(APIRootView):
    """The list of the API's endpoints, open to everyone; each endpoint checks its own access."""

    permission_classes = [AllowAny]


router = DefaultRouter()
router.APIRootView = PortalAPIRootView
api_extra = []
for app_label in PORTAL_APPS:
    api_module = import_module(f"{app_label}.api")
    for prefix, viewset, basename in getattr(api_module, "ROUTES", []):
        router.register(prefix, viewset, basename=basename)
    api_extra += getattr(api_module, "api_urlpatterns", [])

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("tai-khoan/dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("tai-khoan/dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "tai-khoan/doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's set-up script as a file (?script), so the page needs no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("api/v1/", include((api_extra + router.urls, "api"), namespace="v1")),
    path("ke-hoach/", include("plan.urls")),
    path("kinh-phi/", include("budget.urls")),
    path("doanh-nghiep/", include("enterprises.urls")),
    path("dao-tao/", include("training.urls")),
    path("thong-tin/", include("outreach.urls")),
    path("", include("reports.urls")),
]

handler404 = "sxsh_portal.errors.page_not_found"
