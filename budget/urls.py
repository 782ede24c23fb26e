from django.urls import path

from budget import views

app_name = "budget"
urlpatterns = [
    path("", views.appendix, name="appendix"),
    path("phu-luc.xlsx", views.appendix_download, name="appendix-xlsx"),
    path("thuc-hien/", views.execution, name="execution"),
    path("chi/<int:pk>/chung-tu/", views.expenditure_attachment, name="expenditure-attachment"),
]
