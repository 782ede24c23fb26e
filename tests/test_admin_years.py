"""The admin writes years as years (2017), in its lists, its filters and its read-only fields, in both languages; it
wrote them grouped like amounts ("2.017", "2,017"). Amounts stay grouped."""

import datetime
import re

import pytest
from django.conf import settings

from budget.models import BudgetLine
from budget.tests.factories import ExpenditureFactory

pytestmark = pytest.mark.django_db
GROUPED_YEAR = re.compile(r"(?<![\d.,])(?:1[.,]9|2[.,]0)\d\d(?![.,]?\d)")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_years_are_written_plainly_across_the_admin(client_as, plan_loaded, language):
    expenditure = ExpenditureFactory(line=BudgetLine.objects.get(code="II.1"), year=2017,
                                     date=datetime.date(2017, 3, 15), amount_vnd=160_000_000)
    client = client_as("doit_staff")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    grouped_amount = "160.000.000" if language == "vi" else "160,000,000"
    changelist = client.get("/admin/budget/expenditure/").content.decode()
    assert '<td class="field-year">2017</td>' in changelist and grouped_amount in changelist
    assert '<a href="?year=2017">2017</a>' in changelist  # the filter on the right
    change = client.get(f"/admin/budget/expenditure/{expenditure.pk}/change/").content.decode()
    assert re.search(r'<div class="readonly">2017</div>', change)
    for url in ("/admin/budget/estimate/", "/admin/plan/plan/", "/admin/outreach/document/",
                "/admin/training/trainingclass/", "/admin/enterprises/assessmentrequest/"):
        page = client.get(url).content.decode()
        assert not GROUPED_YEAR.search(page), (url, GROUPED_YEAR.search(page))
