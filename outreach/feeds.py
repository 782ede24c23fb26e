from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from outreach import selectors


class NewsFeed(Feed):
    """Atom feed of the published news (never drafts, never future ones)."""

    feed_type = Atom1Feed
    title = _("Tin tức sản xuất sạch hơn – Sở Công Thương Hà Nội")
    subtitle = _("Tin tức của chuyên mục thông tin điện tử về sản xuất sạch hơn trong công nghiệp")

    def link(self):
        return reverse("outreach:news_list")

    def items(self):
        return selectors.news_latest(limit=30)

    def item_title(self, item):
        return item.title_display

    def item_description(self, item):
        return item.summary_display or strip_tags(item.body_display)[:500]

    def item_link(self, item):
        return reverse("outreach:news_detail", args=[item.slug])

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at
