"""The e-information section links to the registry's public pages (found by QA: the index's "Xem thêm" named URLs
that do not exist, and the failure was swallowed; the sitemap left public pages out)."""

import pytest
from django.urls import reverse

from outreach import views
from outreach.sitemaps import StaticPagesSitemap

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/doanh-nghiep/dien-hinh/", "/doanh-nghiep/bat-bep/", "/doanh-nghiep/mo-hinh-trinh-dien/",
                "/kinh-phi/", "/chi-so/"]


def test_the_index_links_to_case_studies_and_bat_bep(client, plan_loaded):
    page = client.get(reverse("outreach:index")).content.decode()
    assert 'href="/doanh-nghiep/dien-hinh/"' in page
    assert 'href="/doanh-nghiep/bat-bep/"' in page
    assert len(views._links()) == len(views.REGISTRY_LINKS)  # none dropped


def test_a_link_whose_name_does_not_resolve_fails_instead_of_disappearing(monkeypatch):
    from django.urls import NoReverseMatch

    monkeypatch.setattr(views, "REGISTRY_LINKS", [("Không có", "enterprises:no_such_page")])
    with pytest.raises(NoReverseMatch):
        views._links()


def test_the_sitemap_lists_the_public_registry_budget_and_indicator_pages(client, plan_loaded):
    sitemap = client.get(reverse("outreach:sitemap")).content.decode()
    for path in PUBLIC_PAGES:
        assert f"{path}</loc>" in sitemap, path


def test_every_page_of_the_sitemap_is_public(client, plan_loaded):
    for name in StaticPagesSitemap().items():
        assert client.get(reverse(name)).status_code == 200, name
