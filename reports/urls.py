from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.home, name="home"),
    path("bao-cao/quan-huyen/", views.district_reports, name="district_reports"),
    path("bao-cao/quan-huyen/mo/<int:period_id>/", views.district_report_open, name="district_report_open"),
    path("bao-cao/quan-huyen/<int:pk>/", views.district_report_detail, name="district_report_detail"),
    path("bao-cao/quan-huyen/<int:pk>/gui/", views.district_report_submit, name="district_report_submit"),
    path("bao-cao/quan-huyen/<int:pk>/tra-lai/", views.district_report_return, name="district_report_return"),
    path("bao-cao/quan-huyen/<int:pk>/duyet/", views.district_report_approve, name="district_report_approve"),
    path("bao-cao/quan-huyen/<int:pk>/tep-dinh-kem/", views.district_report_attachment,
         name="district_report_attachment"),
    path("chi-so/", views.indicators, name="indicators"),
    path("bao-cao/tinh-hinh-nop/", views.submission_grid, name="submission_grid"),
    path("bao-cao/ke-hoach-quan-huyen/", views.district_plans, name="district_plans"),
    path("bao-cao/ke-hoach-quan-huyen/<int:pk>/", views.district_plan_action, name="district_plan_action"),
    path("bao-cao/ke-hoach-quan-huyen/<int:pk>/sua/", views.district_plan_detail, name="district_plan_detail"),
    path("bao-cao/tong-hop/", views.report_jobs, name="report_jobs"),
    path("bao-cao/tong-hop/<int:pk>/chay-lai/", views.report_job_retry, name="report_job_retry"),
    path("bao-cao/tong-hop/<int:pk>/tai-ve/", views.report_job_download, name="report_job_download"),
    path("bao-cao/tong-hop/<int:pk>/excel/", views.report_job_xlsx, name="report_job_xlsx"),
]
