from django.contrib.sitemaps.views import sitemap
from django.urls import path

from outreach import views
from outreach.feeds import NewsFeed
from outreach.sitemaps import SITEMAPS

app_name = "outreach"
urlpatterns = [
    path("", views.index, name="index"),
    path("tin-tuc/", views.news_list, name="news_list"),
    path("tin-tuc/feed/", NewsFeed(), name="news_feed"),
    path("tin-tuc/<slug:slug>/", views.news_detail, name="news_detail"),
    path("tin-tuc/<slug:slug>/anh/", views.news_image, name="news_image"),
    path("tai-lieu/", views.document_list, name="document_list"),
    path("tai-lieu/<int:pk>/tai-ve/", views.document_download, name="document_download"),
    path("su-kien/", views.event_list, name="event_list"),
    path("hoat-dong/<int:pk>/tep/", views.activity_file, name="activity_file"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
