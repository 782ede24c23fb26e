"""/api/v1/outreach-activities/ (city-wide roles), news/ (public: published only), documents/ (public),
events/ (the public calendar)."""

import nh3
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from outreach import selectors
from outreach.models import Document, News, OutreachActivity
from outreach.text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from plan.api_fields import AbsoluteURLField
from plan.pagination import LargeTablePagination
from plan.permissions import PublicReadModelPermissions, ScopedModelPermissions


class OutreachActivitySerializer(serializers.ModelSerializer):
    line_code = serializers.CharField(read_only=True, help_text="budget line the cost is posted to")
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    file = serializers.SerializerMethodField(allow_null=True, help_text="download URL of the activity's file, if any")

    class Meta:
        model = OutreachActivity
        fields = ["id", "kind", "title", "description", "date", "end_date", "venue", "is_public", "broadcaster",
                  "air_date", "outlet", "link", "sector", "line_code", "year", "cost_vnd", "file"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_file(self, obj):
        if not obj.file:
            return None
        return self.context["request"].build_absolute_uri(reverse("outreach:activity_file", args=[obj.pk]))


def _news_page(news) -> str:
    return reverse("outreach:news_detail", args=[news.slug])


def _links_absolute(html: str, base: str) -> str:
    """A sanitised body whose relative links and images are resolved against the item's page (`base`, absolute): an
    API client shows the body elsewhere. Cleaned again as outreach.text.sanitize_html cleaned it when saved, so
    nothing else changes."""
    if not html or ("href=" not in html and "src=" not in html):
        return html
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer", url_relative=("rewrite_with_base", base))


class NewsSerializer(serializers.ModelSerializer):
    url = AbsoluteURLField(path=_news_page, help_text="the news page")
    image = AbsoluteURLField(path=lambda news: reverse("outreach:news_image", args=[news.slug]) if news.image else None,
                             allow_null=True, help_text="the cover image, if any")

    class Meta:
        model = News
        fields = ["id", "title", "slug", "summary", "body", "title_en", "summary_en", "body_en", "status",
                  "publish_at", "updated_at", "url", "image"]
        extra_kwargs = {"body": {"help_text": "sanitised HTML; its links and images are absolute URLs"},
                        "body_en": {"help_text": "sanitised HTML; its links and images are absolute URLs"}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in ("body", "body_en"):
            data[name] = _links_absolute(data[name], data["url"])
        return data


class DocumentSerializer(serializers.ModelSerializer):
    download_url = AbsoluteURLField(path=lambda document: reverse("outreach:document_download", args=[document.pk]),
                                    help_text="the document's file")

    class Meta:
        model = Document
        fields = ["id", "title", "title_en", "kind", "number", "issuer", "year", "summary", "download_url"]


class EventSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["training_class", "workshop"])
    id = serializers.IntegerField()
    title = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    venue = serializers.CharField()
    url = AbsoluteURLField(help_text="the class's page, or the calendar's entry of the workshop")
    registration_url = AbsoluteURLField(allow_null=True, help_text="the online registration form; null for workshops "
                                                                   "and classes that have started")
    full = serializers.BooleanField(help_text="a class whose seats are taken: new registrations are waitlisted")


class EventPagination(LargeTablePagination):
    """The portal's pagination and envelope (`count_is_estimate` included) for the calendar, a list made in Python
    (classes and workshops merged by date): counted exactly, by len()."""

    django_paginator_class = Paginator


@extend_schema_view(list=extend_schema(summary="Outreach activities (appendix I.1–I.3b, III.1, III.3, IV.2)"))
class OutreachActivityViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ScopedModelPermissions]
    serializer_class = OutreachActivitySerializer
    queryset = OutreachActivity.objects.all()
    filterset_fields = ["kind", "year"]
    search_fields = ["title"]
    ordering_fields = ["date", "year"]

    def get_queryset(self):
        return OutreachActivity.objects.visible_to(self.request.user).select_related("sector")


@extend_schema_view(list=extend_schema(summary="News", description="Published news for everyone; drafts and "
                                                                  "scheduled items for DoIT editors only."))
class NewsViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [PublicReadModelPermissions]
    serializer_class = NewsSerializer
    queryset = News.objects.all()
    lookup_field = "slug"
    search_fields = ["title"]

    def get_queryset(self):
        return News.objects.visible_to(self.request.user).order_by("-publish_at", "-id")


@extend_schema_view(list=extend_schema(
    summary="Documents library",
    parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="accent-insensitive words")]))
class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [PublicReadModelPermissions]
    serializer_class = DocumentSerializer
    queryset = Document.objects.all()
    filterset_fields = ["kind", "year"]

    def get_queryset(self):
        return selectors.documents_search(user=self.request.user, q=self.request.query_params.get("q", ""))


class EventViewSet(viewsets.ViewSet):
    """The public calendar: upcoming public training classes and workshops."""

    permission_classes = [AllowAny]
    serializer_class = EventSerializer
    pagination_class = EventPagination  # the schema shows the paginated envelope the list returns

    @extend_schema(summary="Upcoming events", responses=EventSerializer(many=True))
    def list(self, request):
        events = selectors.events_upcoming(today=timezone.localdate())
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(events, request, view=self)
        return paginator.get_paginated_response(EventSerializer(page, many=True, context={"request": request}).data)


ROUTES = [
    ("outreach-activities", OutreachActivityViewSet, "outreach-activity"),
    ("news", NewsViewSet, "news"),
    ("documents", DocumentViewSet, "document"),
    ("events", EventViewSet, "event"),
]
api_urlpatterns: list = []
