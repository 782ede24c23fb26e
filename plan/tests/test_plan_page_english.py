"""The plan page in English: its periods and its issuer in English too, not left in Vietnamese."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_the_plan_page_names_its_periods_and_issuer_in_the_page_language(client, plan_loaded):
    vi = client.get("/ke-hoach/").content.decode()
    assert "6 tháng đầu năm 2016" in vi and "Cả giai đoạn 2016–2020" in vi
    assert "của Ủy ban nhân dân thành phố Hà Nội" in vi
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en = client.get("/ke-hoach/").content.decode()
    assert "First half of 2016" in en and "The whole 2016–2020 period" in en and "Year 2016" in en
    assert "Hanoi People&#x27;s Committee" in en or "Hanoi People's Committee" in en
    assert "6 tháng đầu năm" not in en and "Ủy ban nhân dân thành phố Hà Nội." not in en
