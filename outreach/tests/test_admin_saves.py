"""Saving through the outreach admin (found by QA, DEBUG=False): an activity with its workshop attendances saves on
add and on change; a refusal of a service (an empty body, a year outside the plan, attendances of a non-workshop, a
file that is not what its name says) is shown under its field, never a 500, and nothing is saved."""

import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from budget.models import Expenditure
from enterprises.models import AwarenessRecord
from outreach.models import Document, News, OutreachActivity, WorkshopAttendance
from outreach.tests.test_uploads_office import archive
from training.tests.factories import enterprise_make

pytestmark = pytest.mark.django_db

ADD = reverse("admin:outreach_outreachactivity_add")


class _FormFields(HTMLParser):
    """The values a browser sends for a page's form as it stands (inputs, checked boxes, selected options,
    text areas; no file): "Save" on a form left unchanged."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or not a.get("name") and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("submit", "file", "button", "image"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.data.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data.append((a["name"], ""))

    def handle_data(self, data):
        if self._textarea:
            name, value = self.data[-1]
            self.data[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea:
                name, value = self.data[-1]
                self.data[-1] = (name, value.removeprefix("\n"))  # the newline after <textarea> is not content
            self._textarea = None
        elif tag == "form":
            self.inside = False


def form_as_sent(client, url, form_id="outreachactivity_form", **changes):
    page = client.get(url)
    assert page.status_code == 200
    parser = _FormFields(form_id)
    parser.feed(page.content.decode())
    data = {}
    for name, value in parser.data:
        data.setdefault(name, value)
    data.update(changes)
    return data


def workshop_data(**changes):
    data = {"kind": "workshop", "title": "Hội thảo SXSH ngành dệt may 2020", "date": "20/12/2020", "year": "2020",
            "cost_vnd": "0", "budget_line_code": "", "description": "", "venue": "", "broadcaster": "",
            "outlet": "", "link": "", "end_date": "", "air_date": "", "sector": "",
            "attendances-TOTAL_FORMS": "1", "attendances-INITIAL_FORMS": "0", "attendances-MIN_NUM_FORMS": "0",
            "attendances-MAX_NUM_FORMS": "1000", "attendances-0-enterprise": "", "attendances-0-attendees": "1"}
    data.update(changes)
    return data


@pytest.fixture
def staff_client(client_as, client, django_user_model, request):
    """The DoIT staff persona, or a superuser (Django's own permissions path)."""
    if request.param == "doit_staff":
        return client_as("doit_staff")
    client.force_login(django_user_model.objects.create_superuser("qa.root", "qa.root@example.com", "pw-root-1"))
    return client


@pytest.mark.parametrize("staff_client", ["doit_staff", "superuser"], indirect=True)
def test_a_workshop_with_an_attendance_is_added_then_saved_unchanged_then_changed_in_the_admin(staff_client):
    facility = enterprise_make()
    response = staff_client.post(ADD, workshop_data(**{"attendances-0-enterprise": str(facility.pk),
                                                       "attendances-0-attendees": "3"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = OutreachActivity.objects.get()
    attendance = WorkshopAttendance.objects.get()
    assert (attendance.activity, attendance.enterprise, attendance.attendees) == (activity, facility, 3)
    assert AwarenessRecord.objects.filter(enterprise=facility, date=datetime.date(2020, 12, 20)).count() == 1
    change = reverse("admin:outreach_outreachactivity_change", args=[activity.pk])

    unchanged = form_as_sent(staff_client, change)
    assert unchanged["attendances-INITIAL_FORMS"] == "1" and unchanged["date"] == "20/12/2020"
    response = staff_client.post(change, unchanged)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert WorkshopAttendance.objects.get().attendees == 3

    other = enterprise_make()
    response = staff_client.post(change, form_as_sent(staff_client, change, **{
        "title": "Hội thảo SXSH ngành dệt may (đã sửa)", "attendances-0-attendees": "5",
        "attendances-1-enterprise": str(other.pk), "attendances-1-attendees": "2"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert sorted(WorkshopAttendance.objects.values_list("enterprise", "attendees")) == sorted(
        [(facility.pk, 5), (other.pk, 2)])
    assert OutreachActivity.objects.get().title.endswith("(đã sửa)")

    response = staff_client.post(change, form_as_sent(staff_client, change, **{"attendances-0-DELETE": "on"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert WorkshopAttendance.objects.count() == 1


@pytest.mark.parametrize(("kind", "fields"), [
    ("reportage", {"broadcaster": "Đài Hà Nội", "air_date": "05/11/2020"}), ("article", {"outlet": "Hà Nội Mới"}),
])
def test_an_activity_of_another_kind_without_attendances_is_added_in_the_admin(client_as, kind, fields):
    response = client_as("doit_staff").post(ADD, workshop_data(kind=kind, cost_vnd="5000000", **fields))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert OutreachActivity.objects.get().kind == kind
    assert Expenditure.objects.get().amount_vnd == 5_000_000


def test_an_imported_workshop_is_made_public_in_the_admin_and_then_listed_as_an_event(client_as, client):
    """The import has no "public" column: DoIT ticks the box in the admin."""
    next_month = timezone.localdate() + datetime.timedelta(days=30)
    activity = OutreachActivity.objects.create(kind="workshop", title="Hội thảo nhập từ tệp", date=next_month,
                                               year=2020, cost_vnd=0, is_public=False)
    assert "Hội thảo nhập từ tệp" not in client.get(reverse("outreach:event_list")).content.decode()
    staff = client_as("doit_staff")
    change = reverse("admin:outreach_outreachactivity_change", args=[activity.pk])
    response = staff.post(change, form_as_sent(staff, change, is_public="on"))
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    assert "Hội thảo nhập từ tệp" in client.get(reverse("outreach:event_list")).content.decode()


def test_attendances_of_an_activity_that_is_no_workshop_are_refused_on_the_form(client_as):
    facility = enterprise_make()
    response = client_as("doit_staff").post(ADD, workshop_data(**{
        "kind": "article", "outlet": "Hà Nội Mới", "attendances-0-enterprise": str(facility.pk)}))
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert "không phải hội thảo" in " ".join(formset.non_form_errors())
    assert not OutreachActivity.objects.exists() and not WorkshopAttendance.objects.exists()


def test_a_cost_in_a_year_outside_the_plan_is_refused_under_the_year(client_as):
    response = client_as("doit_staff").post(ADD, workshop_data(year="2026", cost_vnd="80000000"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "2026" in " ".join(errors["year"]) and "ngoài kế hoạch" in " ".join(errors["year"])
    assert not OutreachActivity.objects.exists() and not Expenditure.objects.exists()


def news_data(**changes):
    data = {"title": "QA", "slug": "", "summary": "", "body": "<p>Nội dung</p>", "title_en": "", "summary_en": "",
            "body_en": "", "status": "draft", "publish_at_0": "", "publish_at_1": ""}
    data.update(changes)
    return data


def test_a_news_body_that_sanitises_to_nothing_is_refused_under_the_body(client_as):
    response = client_as("doit_staff").post(reverse("admin:outreach_news_add"),
                                            news_data(body="<script>x</script>"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body"]
    assert not News.objects.exists()


def test_a_news_item_published_with_a_time_to_come_is_saved_as_scheduled_and_says_so(client_as, client):
    staff = client_as("doit_staff")
    response = staff.post(reverse("admin:outreach_news_add"), news_data(
        title="Tin đăng năm 2027", status="published", publish_at_0="01/03/2027", publish_at_1="08:00"), follow=True)
    assert response.status_code == 200
    news = News.objects.get()
    assert news.status == News.Status.SCHEDULED and not news.is_public
    assert "hẹn giờ đăng" in " ".join(str(m) for m in response.context["messages"])
    assert "08:00 01/03/2027" in " ".join(str(m) for m in response.context["messages"])
    listing = staff.get(reverse("admin:outreach_news_changelist")).content.decode()
    assert "hẹn giờ đăng" in listing
    client.logout()
    assert client.get(reverse("outreach:news_detail", args=[news.slug])).status_code == 404


def document_data(upload):
    return {"title": "Sổ tay SXSH", "title_en": "", "kind": "handbook", "number": "", "issuer": "", "year": "2017",
            "summary": "", "is_public": "on", "file": upload}


def test_a_zip_renamed_docx_is_refused_as_a_library_document_under_the_file(client_as):
    fake = archive("so-tay.docx", {"readme.txt": "not a document", "run.exe": "MZ"})
    response = client_as("doit_staff").post(reverse("admin:outreach_document_add"), document_data(fake))
    assert response.status_code == 200
    assert "không phải tệp DOCX" in " ".join(response.context["adminform"].form.errors["file"])
    assert not Document.objects.exists()


def test_a_real_docx_is_taken_as_a_library_document(client_as):
    real = archive("so-tay.docx", {"[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>",
                                       "word/document.xml": "<w:document/>"})
    response = client_as("doit_staff").post(reverse("admin:outreach_document_add"), document_data(real))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Document.objects.get().file.name.endswith(".docx")
