from django.urls import path

from enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("xuat/", views.enterprise_export, name="export"),
    path("them/", views.enterprise_create, name="create"),
    path("nhap/", views.enterprise_import, name="import"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/sua/", views.enterprise_edit, name="edit"),
    path("yeu-cau/", views.request_list, name="requests"),
    path("yeu-cau/<int:pk>/danh-gia/", views.assessment_create, name="assessment_create"),
    path("yeu-cau/<int:pk>/<str:action>/", views.request_decide, name="request_decide"),
    path("uu-tien/", views.priority_list, name="priority"),
    path("danh-gia/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("danh-gia/<int:pk>/giai-phap/", views.option_add, name="option_add"),
    path("giai-phap/<int:pk>/thuc-hien/", views.option_implement, name="option_implement"),
    path("<int:pk>/can-bo-sxsh/", views.officer_assign, name="officer_assign"),
    path("<int:pk>/du-an/", views.project_create, name="project_create"),
    path("du-an/<int:pk>/sua/", views.project_edit, name="project_edit"),
    path("cua-toi/", views.my_enterprise, name="mine"),
    path("tieu-thu/<int:pk>/sua/", views.consumption_edit, name="consumption_edit"),
    path("tieu-thu/<int:pk>/xoa/", views.consumption_delete, name="consumption_delete"),
    path("dang-ky/", views.public_request, name="public_request"),
    path("dang-ky/da-gui/", views.public_request_done, name="public_request_done"),
    path("dien-hinh/", views.case_studies, name="case_studies"),
    path("dien-hinh/<int:pk>/", views.case_study_detail, name="case_study_detail"),
    path("bat-bep/", views.bat_bep, name="bat_bep"),
    path("mo-hinh-trinh-dien/", views.demonstrations, name="demonstrations"),
]
