"""Vietnamese admin and form pages say their errors in Vietnamese (found by a QA pass). Django's vi catalogue has
"Please correct the error below." only as a singular msgid while the admin asks for the plural entry, so every
admin form error started with English; it leaves the slug validator and 5.2's password-length message
untranslated and writes "…lớn hơn hoặc bằng với 0 ." (a space before the period). locale/vi overrides those
(LOCALE_PATHS comes before Django's own catalogues)."""

import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, validate_slug, validate_unicode_slug
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from tests.test_library_vietnamese import visible_text

ROOT = Path(__file__).resolve().parent.parent

# Django's form and validator messages a portal user meets (msgid, plural msgid or None, placeholders), and the
# admin's and the password page's. Each must come out in Vietnamese, with no space before punctuation.
COMMON = [
    ("Please correct the error below.", "Please correct the errors below.", {}),
    ("This field is required.", None, {}),
    ("Enter a valid value.", None, {}),
    ("Enter a whole number.", None, {}),
    ("Enter a number.", None, {}),
    ("Enter a valid date.", None, {}),
    ("Enter a valid email address.", None, {}),
    ("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.", None, {}),
    ("Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens.", None, {}),
    ("Ensure this value is less than or equal to %(limit_value)s.", None, {"limit_value": 100}),
    ("Ensure this value is greater than or equal to %(limit_value)s.", None, {"limit_value": 0}),
    ("Ensure this value is %(limit_value)s (it is %(show_value)s).", None, {"limit_value": 1, "show_value": 2}),
    ("Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
     "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
     {"limit_value": 120, "show_value": 130}),
    ("Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
     "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
     {"limit_value": 8, "show_value": 3}),
    ("Ensure that there are no more than %(max)s digit in total.",
     "Ensure that there are no more than %(max)s digits in total.", {"max": 14}),
    ("Ensure that there are no more than %(max)s decimal place.",
     "Ensure that there are no more than %(max)s decimal places.", {"max": 3}),
    ("Ensure that there are no more than %(max)s digit before the decimal point.",
     "Ensure that there are no more than %(max)s digits before the decimal point.", {"max": 11}),
    ("Ensure this filename has at most %(max)d character (it has %(length)d).",
     "Ensure this filename has at most %(max)d characters (it has %(length)d).", {"max": 100, "length": 120}),
    ("Null characters are not allowed.", None, {}),
    ("%(model_name)s with this %(field_label)s already exists.", None,
     {"model_name": "Cơ sở", "field_label": "Mã số thuế"}),
    ("%(model_name)s with this %(field_labels)s already exists.", None,
     {"model_name": "Dự toán", "field_labels": "Dòng và Năm"}),
    ("Select a valid choice. %(value)s is not one of the available choices.", None, {"value": "x"}),
    ("Please correct the duplicate data for %(field)s.", None, {"field": "Năm"}),
    ("Successfully deleted %(count)d %(items)s.", None, {"count": 2, "items": "tin tức"}),
    ("This password is too short. It must contain at least %d character.",
     "This password is too short. It must contain at least %d characters.", 8),
    ("The two password fields didn’t match.", None, {}),
]
STRAY_SPACE = re.compile(r"\s[.,:;?!)]|\(\s|\s{2}")


def _said(msgid, plural, values, count):
    text = ngettext(msgid, plural, count) if plural else gettext(msgid)
    return text % values if values else text


@pytest.mark.parametrize(("msgid", "plural", "values"), COMMON, ids=[entry[0][:50] for entry in COMMON])
def test_djangos_common_messages_are_in_vietnamese_without_a_space_before_punctuation(msgid, plural, values):
    with translation.override("vi"):
        for count in (1, 2, 5):
            text = _said(msgid, plural, values, count)
            with translation.override("en"):
                in_english = _said(msgid, plural, values, count)
            assert text != in_english, f"left in English: {text!r}"
            assert not STRAY_SPACE.search(text), f"stray space: {text!r}"
            assert text.endswith("."), f"no final period: {text!r}"


def test_the_vietnamese_catalogue_is_found_before_djangos():
    assert ROOT / "locale" in [Path(p) for p in settings.LOCALE_PATHS]
    assert (ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.mo").exists()


def test_the_validators_say_it_in_vietnamese_with_the_period_after_the_number():
    with translation.override("vi"):
        with pytest.raises(ValidationError) as low:
            MinValueValidator(0)(-1)
        assert low.value.messages == ["Giá trị này phải lớn hơn hoặc bằng 0."]
        with pytest.raises(ValidationError) as high:
            MaxValueValidator(100)(101)
        assert high.value.messages == ["Giá trị này phải nhỏ hơn hoặc bằng 100."]
        for validate in (validate_slug, validate_unicode_slug):
            with pytest.raises(ValidationError) as slug:
                validate("tin tức mới!")
            assert slug.value.messages[0].startswith("Nhập một đường dẫn (slug) hợp lệ"), slug.value.messages
        field = forms.CharField(max_length=5)
        with pytest.raises(ValidationError) as long:
            field.clean("dài quá rồi")
        assert long.value.messages == ["Giá trị này không được dài quá 5 ký tự (hiện có 11)."]
        with pytest.raises(ValidationError) as short:
            MinimumLengthValidator(8).validate("ngan")
        assert short.value.messages == ["Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 8 ký tự."]
    with translation.override("en"):  # English stays English
        with pytest.raises(ValidationError) as low:
            MinValueValidator(0)(-1)
        assert low.value.messages == ["Ensure this value is greater than or equal to 0."]


@pytest.fixture
def doit_in_vietnamese(client_as):
    client = client_as("doit_staff")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    return client


NEWS = {"title": "Tin thử", "summary": "", "body": "Nội dung", "title_en": "", "summary_en": "", "body_en": "",
        "status": "draft", "publish_at_0": "", "publish_at_1": ""}


@pytest.mark.django_db
@pytest.mark.parametrize("errors", [1, 2])
def test_an_admin_form_with_errors_says_so_in_vietnamese(doit_in_vietnamese, errors):
    from outreach.models import News

    data = {**NEWS, "slug": "tin tức mới!"}
    if errors == 2:
        data["body"] = ""
    response = doit_in_vietnamese.post(reverse("admin:outreach_news_add"), data)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Please correct" not in text and "Enter a valid" not in text, text[:1500]
    assert "Hãy sửa lỗi dưới đây." in text
    assert "Nhập một đường dẫn (slug) hợp lệ, chỉ gồm chữ cái không dấu" in text
    if errors == 2:
        assert "Trường này là bắt buộc." in text
    assert not News.objects.exists()


@pytest.mark.django_db
def test_the_portals_password_page_says_a_short_password_is_too_short_in_vietnamese(client_as):
    client = client_as("enterprise_user")
    response = client.post(reverse("password_change"), {
        "old_password": "pw-for-tests-1", "new_password1": "ab1", "new_password2": "ab1"})
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "This password is too short" not in text
    assert "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất" in text, text[-1500:]


@pytest.mark.django_db
def test_the_user_admin_speaks_vietnamese(client, personas):
    """The portal's administrator (a superuser) manages its users in the admin: its password-based authentication
    is in Vietnamese."""
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("root.vi", "root@example.vn", "pw-for-tests-1"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    added = client.get(reverse("admin:auth_user_add"))
    assert added.status_code == 200
    text = visible_text(added.content.decode())
    for english in ("Password-based authentication", "Enabled", "Disabled", "Whether the user will be able"):
        assert english not in text, english
    assert "Đăng nhập bằng mật khẩu" in text and "Bật" in text and "Tắt" in text
    changed = client.get(reverse("admin:auth_user_change", args=[personas["district_official"].pk]))
    assert changed.status_code == 200
    text = visible_text(changed.content.decode())
    assert "Reset password" not in text and "Raw passwords are not stored" not in text
    assert "Đặt lại mật khẩu" in text
