from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from outreach.models import Document, News
from training.models import TrainingClass


class StaticPagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        # Public pages only (each is public(200) in its app's access cases).
        return ["reports:home", "plan:detail", "budget:appendix", "reports:indicators", "outreach:index",
                "outreach:news_list", "outreach:document_list", "outreach:event_list", "training:class_list",
                "training:certificate_check", "enterprises:case_studies", "enterprises:bat_bep",
                "enterprises:demonstrations"]

    def location(self, item):
        return reverse(item)


class NewsSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return News.objects.published().order_by("-publish_at")

    def location(self, item):
        return reverse("outreach:news_detail", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class DocumentSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return Document.objects.filter(is_public=True).order_by("-year", "id")

    def location(self, item):
        return reverse("outreach:document_download", args=[item.pk])


class TrainingClassSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return TrainingClass.objects.public().order_by("-start_date")

    def location(self, item):
        return reverse("training:class_detail", args=[item.pk])


SITEMAPS = {"pages": StaticPagesSitemap, "news": NewsSitemap, "documents": DocumentSitemap,
            "classes": TrainingClassSitemap}
