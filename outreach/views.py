"""The public e-information section: news, documents library, events calendar."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach import selectors
from outreach.models import Document, News, OutreachActivity
from plan.files import file_response

# Pages of other apps that the e-information section links to rather than duplicates.
REGISTRY_LINKS = [
    (_("Kế hoạch, mục tiêu và kinh phí"), "plan:detail"),
    (_("Phụ lục kinh phí"), "budget:appendix"),
    (_("Điển hình áp dụng SXSH"), "enterprises:case_studies"),
    (_("Công nghệ tốt nhất hiện có (BAT) và thực hành môi trường tốt nhất (BEP)"), "enterprises:bat_bep"),
]


def _links():
    # A name that no longer resolves fails loudly (a test reverses every one), not by dropping the link.
    return [{"label": label, "url": reverse(name)} for label, name in REGISTRY_LINKS]


def index(request):
    today = timezone.localdate()
    return render(request, "outreach/index.html", {
        "news": selectors.news_latest(limit=5),
        "documents": Document.objects.visible_to(request.user).order_by("-created_at")[:5],
        "events": selectors.events_upcoming(today=today, limit=5),
        "links": _links(),
    })


def news_list(request):
    q = request.GET.get("q", "")
    page = Paginator(selectors.news_search(user=None, q=q).order_by("-publish_at", "-id"), 10).get_page(
        request.GET.get("page"))
    return render(request, "outreach/news_list.html", {"page": page, "q": q})


def news_detail(request, slug):
    """A published item; DoIT editors also preview drafts and scheduled items here."""
    news = get_object_or_404(News.objects.visible_to(request.user).select_related("author"), slug=slug)
    return render(request, "outreach/news_detail.html", {"news": news, "preview": not news.is_public})


def news_image(request, slug):
    news = get_object_or_404(News.objects.visible_to(request.user), slug=slug)
    if not news.image:
        raise Http404
    return file_response(news.image)


def document_list(request):
    """The library: accent-insensitive search, by kind and year."""
    q = request.GET.get("q", "")
    kind = request.GET.get("kind", "")
    if kind not in Document.Kind.values:
        kind = ""
    try:
        year = int(request.GET.get("year") or 0) or None
    except ValueError:
        year = None
    documents = selectors.documents_search(user=request.user, q=q, kind=kind, year=year)
    page = Paginator(documents.order_by("-year", "title", "id"), 20).get_page(request.GET.get("page"))
    years = (Document.objects.visible_to(request.user).order_by("-year").values_list("year", flat=True).distinct())
    return render(request, "outreach/document_list.html", {
        "page": page, "q": q, "kind": kind, "year": year, "kinds": Document.Kind.choices, "years": list(years),
    })


def document_download(request, pk):
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    return file_response(document.file)


def event_list(request):
    """The events calendar: upcoming public classes (with online registration) and workshops."""
    today = timezone.localdate()
    return render(request, "outreach/event_list.html", {"events": selectors.events_upcoming(today=today),
                                                        "today": today})


@login_required
def activity_file(request, pk):
    """The file of an outreach activity (a handbook, a leaflet): city-wide readers only, like the activity."""
    activity = get_object_or_404(OutreachActivity.objects.visible_to(request.user), pk=pk)
    return file_response(activity.file, as_attachment=True)
