"""The admin's import-export and history pages, and the API's messages, speak Vietnamese. django-import-export,
django-simple-history, django-axes, django-filter and drf-spectacular ship no Vietnamese, and Django REST framework
(with its authtoken app) only 20 of its strings, so locale/vi holds it for them: every one of their (English)
msgids, and nothing of the portal's own (whose msgids are already Vietnamese)."""

import io
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import axes
import django_filters
import drf_spectacular
import import_export
import openpyxl
import polib
import pytest
import rest_framework
import simple_history
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.admin import ExportMixin, ImportMixin

from plan.models import AdministrativeUnit

ROOT = Path(__file__).resolve().parent.parent
VI = ROOT / "locale" / "vi" / "LC_MESSAGES"
LIBRARIES = {
    "import_export": import_export,
    "simple_history": simple_history,
    "axes": axes,
    "rest_framework": rest_framework,  # its authtoken app included (rest_framework/authtoken)
    "django_filters": django_filters,
    "drf_spectacular": drf_spectacular,
}
# drf-spectacular ships no catalogue at all: its strings are checked from its source only.
WITH_FR_CATALOGUE = [package for package in LIBRARIES if package != "drf_spectacular"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*(?::[^{}]*)?\}")


def _shipped(package, language="fr") -> list[polib.POEntry]:
    """The library's own catalogue of `language`: its msgids are the library's strings. Some libraries ship
    only the compiled catalogue (Django REST framework: django.mo)."""
    directory = Path(LIBRARIES[package].__file__).parent / "locale" / language / "LC_MESSAGES"
    if (directory / "django.po").exists():
        catalogue = polib.pofile(str(directory / "django.po"))
    else:
        catalogue = polib.mofile(str(directory / "django.mo"))
    return [e for e in catalogue if e.msgid and not e.obsolete]


def _vi() -> dict:
    return {
        (e.msgctxt, e.msgid): e for e in polib.pofile(str(VI / "django.po")) if e.msgid and not e.obsolete
    }


def _vi_msgstrs(entry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


# --- the catalogue ----------------------------------------------------------------------------------------------


def _translation_problems(entries) -> list[str]:
    vi = _vi()
    problems = []
    for entry in entries:
        ours = vi.get((entry.msgctxt, entry.msgid))
        if ours is None or ours.fuzzy or not all(s.strip() for s in _vi_msgstrs(ours)):
            problems.append(f"untranslated: {entry.msgid!r}")
            continue
        if ours.msgid_plural != entry.msgid_plural:
            problems.append(f"plural differs: {entry.msgid!r}")
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        for text in _vi_msgstrs(ours):
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"placeholders differ: {entry.msgid!r} → {text!r}")
            if text.strip() == entry.msgid.strip():
                problems.append(f"left in English: {entry.msgid!r}")
    return problems


@pytest.mark.parametrize("package", WITH_FR_CATALOGUE)
def test_every_string_of_the_library_has_a_vietnamese_translation_with_the_same_placeholders(package):
    """A library upgrade that adds a string fails here until locale/vi translates it."""
    shipped = _shipped(package)
    assert len(shipped) > 20, f"{package}: its fr catalogue is gone or nearly empty"
    problems = _translation_problems(shipped)
    assert not problems, "\n".join(problems)


def _extracted(package, directory) -> list[polib.POEntry]:
    """The library's msgids as makemessages extracts them from a copy of its installed source: a library's fr
    catalogue may lag behind its source (Django REST framework 3.18's lacks three of its strings)."""
    copy = directory / package
    skip = shutil.ignore_patterns("locale", "tests", "static", "__pycache__")
    shutil.copytree(Path(LIBRARIES[package].__file__).parent, copy, ignore=skip)
    (copy / "locale").mkdir()
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    # -P: the copy's own modules (drf_spectacular/types.py) must not shadow the standard library's.
    subprocess.run(
        [sys.executable, "-P", "-m", "django", "makemessages", "-l", "vi", "--no-obsolete", "--no-wrap"],
        cwd=copy,
        env=environment,
        check=True,
        capture_output=True,
    )
    return [e for e in polib.pofile(str(copy / "locale/vi/LC_MESSAGES/django.po")) if e.msgid]


@pytest.mark.parametrize("package", list(LIBRARIES))
def test_every_string_in_the_librarys_source_has_a_vietnamese_translation(package, tmp_path):
    if shutil.which("xgettext") is None:
        pytest.skip("xgettext (gettext) is not installed")
    extracted = _extracted(package, tmp_path)
    assert extracted, f"nothing extracted from {package}"
    problems = _translation_problems(extracted)
    assert not problems, "\n".join(problems)


def test_the_api_and_authtoken_strings_are_among_those_checked():
    """Guards the checks above against reading the wrong catalogue: the strings API clients meet are in it."""
    drf = {e.msgid for e in _shipped("rest_framework")}
    assert {
        "This field is required.",
        "A valid integer is required.",
        "Not found.",
        "Authentication credentials were not provided.",
        "Invalid token.",
        'Method "{method}" not allowed.',
        "Invalid page.",
        "Auth Token",
        "Token",
        "Tokens",
        "Key",
        "User",
        "Created",
    } <= drf
    assert {"Multiple values may be separated by commas.", "%s (descending)"} <= {
        e.msgid for e in _shipped("django_filters")
    }


def _django_admin(language) -> list[polib.POEntry]:
    import django.contrib.admin

    path = Path(django.contrib.admin.__file__).parent / "locale" / language / "LC_MESSAGES" / "django.po"
    return [e for e in polib.pofile(str(path)) if e.msgid and not e.obsolete]


def _django_core_msgids() -> set[str]:
    """Django's own (forms, validators) strings: locale/vi corrects the few its vi catalogue gets wrong."""
    import django

    root = Path(django.__file__).parent
    paths = [root / "conf" / "locale", root / "contrib" / "auth" / "locale"]  # auth: the user admin, passwords
    return {e.msgid for path in paths for e in polib.pofile(str(path / "en" / "LC_MESSAGES" / "django.po"))
            if e.msgid and not e.obsolete}


def test_every_string_of_djangos_admin_is_in_vietnamese_from_djangos_catalogue_or_ours():
    """Django's own vi leaves some of its admin untranslated (newer strings): locale/vi has those."""
    django_vi = {(e.msgctxt, e.msgid) for e in _django_admin("vi") if e.translated()}
    ours = {key for key, e in _vi().items() if all(s.strip() for s in _vi_msgstrs(e))}
    untranslated = [e.msgid for e in _django_admin("en") if (e.msgctxt, e.msgid) not in django_vi | ours]
    assert not untranslated, untranslated


def _in_library_source(msgid) -> bool:
    for library in LIBRARIES.values():
        for path in Path(library.__file__).parent.rglob("*"):
            if path.suffix in (".py", ".html", ".txt") and msgid in path.read_text(encoding="utf-8"):
                return True
    return False


VIETNAMESE_LETTER = re.compile("[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)


def test_the_vietnamese_catalogue_holds_only_the_libraries_strings_never_the_portals_own():
    shipped = {e.msgid for package in WITH_FR_CATALOGUE for e in _shipped(package)}
    shipped |= {e.msgid for e in _django_admin("en")} | _django_core_msgids()
    vi = [entry.msgid for entry in _vi().values()]
    assert not [m for m in vi if VIETNAMESE_LETTER.search(m)], "a portal msgid (Vietnamese) in locale/vi"
    foreign = [msgid for msgid in vi if msgid not in shipped and not _in_library_source(msgid)]
    assert not foreign, f"not a string of the libraries or of Django: {foreign}"


def test_the_compiled_vietnamese_catalogue_matches_its_source():
    po = polib.pofile(str(VI / "django.po"))
    mo = polib.mofile(str(VI / "django.mo"))

    def strings(entry):
        return tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr

    source = {(e.msgctxt, e.msgid): strings(e) for e in po if e.translated() and not e.obsolete}
    compiled = {(e.msgctxt, e.msgid): strings(e) for e in mo if e.msgid}
    assert compiled == source, (
        "compile locale/vi (manage.py compilemessages -l vi --ignore=.venv) and commit the .mo"
    )


def test_the_vietnamese_catalogue_compiles_with_matching_placeholders():
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (gettext) is not installed")
    done = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(VI / "django.po")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


# --- the pages --------------------------------------------------------------------------------------------------


class _VisibleText(HTMLParser):
    """The text a person sees: text outside script and style, and the labels of buttons and inputs."""

    SHOWN_ATTRIBUTES = ("value", "title", "placeholder", "alt", "aria-label")

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") not in ("submit", "button", "reset"):
            attrs.pop("value", None)  # a field's value is data, not the page's wording
        self.parts += [attrs[name] for name in self.SHOWN_ATTRIBUTES if attrs.get(name)]

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _english_pattern(msgid):
    """A msgid as a pattern over visible text: placeholders match anything, and it must stand as whole words
    ("Import" is found in "› Import", not in "Important")."""
    pieces = PLACEHOLDER.split(" ".join(msgid.split()))
    body = r".{0,200}?".join(re.escape(piece) for piece in pieces)
    return re.compile(rf"(?<![\w]){body}(?![\w])")


def _patterns(entries) -> dict:
    texts = {text.strip() for e in entries for text in (e.msgid, e.msgid_plural) if text and text.strip()}
    return {text: _english_pattern(text) for text in texts}


# Every English string of each library (single words too: "Import", "Export", "History" are what people see
# first), and the strings of Django's admin that Django's own vi leaves in English (they frame every page).
DJANGO_ADMIN_GAPS = _patterns(
    e
    for e in _django_admin("en")
    if (e.msgctxt, e.msgid) not in {(v.msgctxt, v.msgid) for v in _django_admin("vi") if v.translated()}
)
IMPORT_EXPORT_ENGLISH = {**_patterns(_shipped("import_export")), **DJANGO_ADMIN_GAPS}
HISTORY_ENGLISH = {**_patterns(_shipped("simple_history")), **DJANGO_ADMIN_GAPS}


def english_left(text: str, english=None) -> list[str]:
    english = IMPORT_EXPORT_ENGLISH if english is None else english
    return sorted(msgid for msgid, pattern in english.items() if pattern.search(text))


def test_the_english_check_would_see_the_libraries_strings():
    page = "Home › Import This importer will import the following fields: name Format File to import Submit"
    assert set(english_left(page)) >= {
        "Home",
        "Import",
        "This importer will import the following fields:",
        "Format",
        "File to import",
        "Submit",
    }
    assert english_left("Export 3 selected items.") == ["Export", "Export %(len)s selected items."]
    assert english_left("Skip to main content") == ["Skip to main content"]
    assert english_left("Change history: Quận Ba Đình", HISTORY_ENGLISH) == ["Change history: %s"]
    assert not english_left("Nhập dữ liệu · Important · Formatted · History2 · Exported")


def _import_export_admins():
    return sorted(
        (
            (model, model_admin)
            for model, model_admin in admin.site._registry.items()
            if isinstance(model_admin, ImportMixin | ExportMixin)
        ),
        key=lambda pair: pair[0]._meta.label,
    )


IMPORT_EXPORT_ADMINS = _import_export_admins()


def test_the_admins_with_import_export_are_found():
    labels = {model._meta.label for model, _ in IMPORT_EXPORT_ADMINS}
    assert {
        "budget.Estimate",
        "budget.Expenditure",
        "enterprises.Enterprise",
        "training.Participant",
    } <= labels


@pytest.fixture
def doit_in_vietnamese(client_as):
    client = client_as("doit_staff")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    return client


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert '<html lang="vi"' in html, url
    return visible_text(html)


IMPORT_PAGE = [
    "Nhập dữ liệu",
    "Trang chủ",
    "Các trường sau sẽ được nhập:",
    "Tệp cần nhập",
    "Định dạng",
    "Thực hiện",
]
EXPORT_PAGE = [
    "Xuất dữ liệu",
    "Trang chủ",
    "Các trường sau sẽ được xuất:",
    "Định dạng",
    "Chọn tất cả",
    "Thực hiện",
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "model_admin"),
    IMPORT_EXPORT_ADMINS,
    ids=[model._meta.label for model, _ in IMPORT_EXPORT_ADMINS],
)
def test_the_list_import_and_export_pages_of_an_admin_are_in_vietnamese(
    doit_in_vietnamese, model, model_admin
):
    opts = model._meta
    pages = {reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"): []}
    if isinstance(model_admin, ImportMixin):
        pages[next(iter(pages))].append("Nhập dữ liệu")  # the button
        pages[reverse(f"admin:{opts.app_label}_{opts.model_name}_import")] = IMPORT_PAGE
    if isinstance(model_admin, ExportMixin):
        pages[next(iter(pages))].append("Xuất dữ liệu")
        pages[reverse(f"admin:{opts.app_label}_{opts.model_name}_export")] = EXPORT_PAGE
    for url, wanted in pages.items():
        text = _page(doit_in_vietnamese, url)
        assert not english_left(text), f"{url}: English left {english_left(text)}"
        missing = [words for words in wanted if words not in text]
        assert not missing, f"{url}: missing {missing}"


@pytest.mark.django_db
def test_the_history_of_an_object_is_in_vietnamese(doit_in_vietnamese, personas):
    unit = AdministrativeUnit.objects.get(code="001")
    unit._change_reason = "kiểm tra lịch sử"
    unit.save()
    record = unit.history.latest()
    record.history_user = personas["doit_staff"]
    record.save()
    listing = _page(doit_in_vietnamese, reverse("admin:plan_administrativeunit_history", args=[unit.pk]))
    assert not english_left(listing, HISTORY_ENGLISH), english_left(listing, HISTORY_ENGLISH)
    for wanted in (
        "Lịch sử thay đổi: Quận Ba Đình",
        "Ngày/giờ",
        "Người thay đổi",
        "Lý do thay đổi",
        "kiểm tra lịch sử",
        "Sửa đổi",
        "Tạo mới",
        "Chọn một thời điểm trong danh sách dưới đây",
    ):
        assert wanted in listing, wanted
    version = _page(
        doit_in_vietnamese,
        reverse("admin:plan_administrativeunit_simple_history", args=[unit.pk, record.history_id]),
    )
    assert not english_left(version, HISTORY_ENGLISH), english_left(version, HISTORY_ENGLISH)
    assert "Lịch sử" in version and "Khôi phục" in version


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import(client, model, name, data):
    opts = model._meta
    formats = admin.site._registry[model].get_import_formats()
    xlsx = next(i for i, f in enumerate(formats) if f().get_title() == "xlsx")
    response = client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_import"),
        {"import_file": SimpleUploadedFile(name, data), "format": str(xlsx)},
    )
    assert response.status_code == 200
    return response, visible_text(response.content.decode())


@pytest.mark.django_db
def test_a_file_the_import_cannot_read_is_refused_in_vietnamese(doit_in_vietnamese):
    from budget.models import Estimate

    _response, text = _import(
        doit_in_vietnamese, Estimate, "du-toan.xlsx", b"PK\x03\x04 not a workbook at all"
    )
    assert "khi đọc tệp. Hãy kiểm tra đã chọn đúng định dạng của tệp." in text, text[-1500:]
    assert not english_left(text), english_left(text)
    assert Estimate.objects.count() == 0


OUTREACH_HEADERS = [
    "Loại (media_campaign, workshop, reportage, article, handbook, database, einfo_upkeep)",
    "Tên hoạt động",
    "Ngày",
    "Năm kế hoạch",
    "Kinh phí (đồng)",
    "Báo, tạp chí",
]


@pytest.mark.django_db
def test_the_row_errors_the_preview_and_the_result_of_an_import_are_in_vietnamese(doit_in_vietnamese):
    from outreach.models import OutreachActivity

    article = ["article", "Bài báo sản xuất sạch hơn", "15/03/2016", 2016, 0]
    refused, text = _import(
        doit_in_vietnamese, OutreachActivity, "bai-bao.xlsx", _xlsx([OUTREACH_HEADERS, [*article, None]])
    )  # an article needs its outlet
    assert refused.context.get("confirm_form") is None
    assert not english_left(text), english_left(text)
    for wanted in (
        "Một số dòng có dữ liệu không hợp lệ",
        "Hãy sửa các lỗi này trong tệp dữ liệu",
        "Dòng",
        "Lỗi",
        "Lỗi chung (không thuộc cột nào)",
        "Bài viết cần tên báo, tạp chí.",
    ):
        assert wanted in text, wanted

    preview, text = _import(
        doit_in_vietnamese,
        OutreachActivity,
        "bai-bao.xlsx",
        _xlsx([OUTREACH_HEADERS, [*article, "Báo Hà Nội mới"]]),
    )
    confirm = preview.context.get("confirm_form")
    assert confirm is not None, text[-2000:]
    assert not english_left(text), english_left(text)
    for wanted in (
        "Dưới đây là bản xem trước dữ liệu sẽ được nhập",
        "Xác nhận nhập",
        "Xem trước",
        "Thêm mới",
    ):
        assert wanted in text, wanted

    done = doit_in_vietnamese.post(
        reverse("admin:outreach_outreachactivity_process_import"), confirm.initial, follow=True
    )
    text = visible_text(done.content.decode())
    assert "Đã nhập xong: thêm mới 1, cập nhật 0, xóa 0, bỏ qua 0" in text, text[-2000:]
    assert not english_left(text), english_left(text)
    assert OutreachActivity.objects.filter(title="Bài báo sản xuất sạch hơn").count() == 1


# --- the API ----------------------------------------------------------------------------------------------------

EXPENDITURES = "/api/v1/budget/expenditures/"
# What each answer says, in Vietnamese (the default) and with the English language cookie: Django REST
# framework's English, untouched, so the Vietnamese catalogue does not leak into English.
API_MESSAGES = {
    "required": {"vi": "Trường này là bắt buộc.", "en": "This field is required."},
    "integer": {"vi": "Cần nhập một số nguyên hợp lệ.", "en": "A valid integer is required."},
    "not_found": {"vi": "Không tìm thấy.", "en": "Not found."},
    "no_credentials": {
        "vi": "Chưa cung cấp thông tin xác thực.",
        "en": "Authentication credentials were not provided.",
    },
    "invalid_page": {"vi": "Trang không hợp lệ.", "en": "Invalid page."},
    "invalid_token": {"vi": "Token không hợp lệ.", "en": "Invalid token."},
    "method": {"vi": 'Phương thức "DELETE" không được phép.', "en": 'Method "DELETE" not allowed.'},
    "forbidden": {
        "vi": "Bạn không có quyền thực hiện thao tác này.",
        "en": "You do not have permission to perform this action.",
    },
}
LANGUAGES = ["vi", "en"]


@pytest.fixture
def api_in(api_as):
    """api_in("doit_staff", "en"): an API client of that persona; "en" sends the English language cookie, "vi"
    sends nothing (Vietnamese is the default)."""

    def make(role, language):
        api = api_as(role)
        if language == "en":
            api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return api

    return make


def _detail(response, status):
    assert response.status_code == status, (response.status_code, response.content[:300])
    return response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_invalid_body_is_refused_in_the_clients_language(api_in, language):
    response = api_in("doit_staff", language).post(
        EXPENDITURES,
        {"line": "II.1", "year": "hai nghìn", "date": "2016-05-01", "amount_vnd": 1},
        format="json",
    )
    assert response.status_code == 400, response.content[:300]
    errors = response.json()
    assert errors["year"] == [API_MESSAGES["integer"][language]]
    assert errors["description"] == [API_MESSAGES["required"][language]]
    empty = api_in("doit_staff", language).post(EXPENDITURES, {}, format="json")
    assert empty.status_code == 400
    assert set(empty.json()) >= {"line", "year", "date", "amount_vnd", "description"}
    required = [API_MESSAGES["required"][language]]
    assert all(messages == required for messages in empty.json().values()), empty.json()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missing_object_is_a_404_in_the_clients_language_without_the_models_name(api_in, language):
    # Not Django's "No Expenditure matches the given query." (sxsh_portal.api_exceptions).
    detail = _detail(api_in("doit_staff", language).get(f"{EXPENDITURES}999999/"), 404)
    assert detail == API_MESSAGES["not_found"][language]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_apis_refusals_are_in_the_clients_language(api_in, language):
    said = {key: messages[language] for key, messages in API_MESSAGES.items()}
    assert _detail(api_in("anonymous", language).get(EXPENDITURES), 401) == said["no_credentials"]
    stranger = api_in("anonymous", language)
    stranger.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert _detail(stranger.get(EXPENDITURES), 401) == said["invalid_token"]
    past_the_end = api_in("doit_staff", language).get(f"{EXPENDITURES}?page=9999")
    assert _detail(past_the_end, 404) == said["invalid_page"]
    assert _detail(api_in("district_official", language).get(EXPENDITURES), 403) == said["forbidden"]
    assert _detail(api_in("doit_staff", language).delete("/api/v1/budget/summary/"), 405) == said["method"]


@pytest.mark.django_db
def test_an_api_client_without_the_cookie_may_ask_for_english_with_accept_language(api_as):
    api = api_as("anonymous")
    english = api.get(EXPENDITURES, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert _detail(english, 401) == API_MESSAGES["no_credentials"]["en"]
    assert _detail(api.get(EXPENDITURES), 401) == API_MESSAGES["no_credentials"]["vi"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_schema_describes_paging_search_and_tokens_in_the_clients_language(api_in, language):
    """The OpenAPI schema's library-made descriptions (DRF's pagination and filters, drf-spectacular's token
    scheme) follow the language; English stays English."""
    schema = api_in("doit_staff", language).get("/api/schema/?format=json").json()
    parameters = {p["name"]: p.get("description") for p in schema["paths"][EXPENDITURES]["get"]["parameters"]}
    token = schema["components"]["securitySchemes"]["tokenAuth"]["description"]
    if language == "vi":
        assert parameters["page"] == "Số thứ tự trang trong tập kết quả được phân trang."
        assert parameters["search"] == "Từ khóa tìm kiếm."
        assert token == 'Xác thực bằng token, với tiền tố bắt buộc "Token"'
    else:
        assert parameters["page"] == "A page number within the paginated result set."
        assert parameters["search"] == "A search term."
        assert token == 'Token-based authentication with required prefix "Token"'
