from django.urls import path

from training import views

app_name = "training"
urlpatterns = [
    path("", views.class_list, name="class_list"),
    path("lop/<int:pk>/", views.class_detail, name="class_detail"),
    path("lop/<int:pk>/dang-ky/", views.class_register, name="class_register"),
    path("lop/<int:pk>/dang-ky/da-nhan/", views.register_done, name="register_done"),
    path("chung-nhan/", views.certificate_check, name="certificate_check"),
    path("chung-nhan/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("chung-nhan/<str:code>/pdf/", views.certificate_pdf, name="certificate_pdf"),
]
