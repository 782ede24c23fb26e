"""A class's status as shown (TrainingClassQuerySet.with_status_shown) is the same on the pages and in the API, and a
class that takes no registration shows no registration form (found by QA: the API said "open" for a class held in
2017, and the form of a cancelled class was still offered)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from training import services
from training.models import Participant, Registration, TrainingClass
from training.tests.factories import TrainingClassFactory, completed_registration

pytestmark = pytest.mark.django_db
D = datetime.date


def _classes():
    """One class of each status shown, by title."""
    today = datetime.date.today()
    done = TrainingClassFactory(title="Đã tổ chức", year=2017, start_date=D(2017, 5, 8), end_date=D(2017, 5, 10))
    completed_registration(done)  # certificates issued after its end: recorded as done
    return {
        "ended": TrainingClassFactory(title="Đã kết thúc", year=2017, start_date=D(2017, 6, 5),
                                      end_date=D(2017, 6, 7)),
        "running": TrainingClassFactory(title="Đang diễn ra", start_date=today - datetime.timedelta(days=1),
                                        end_date=today + datetime.timedelta(days=1)),
        "open": TrainingClassFactory(title="Sắp khai giảng"),
        "planned": TrainingClassFactory(title="Dự kiến", status=TrainingClass.Status.PLANNED),
        "done": done,
        "cancelled": TrainingClassFactory(title="Đã hủy", year=2017, start_date=D(2017, 7, 3),
                                          end_date=D(2017, 7, 5), status=TrainingClass.Status.CANCELLED),
    }


def test_the_api_gives_each_class_the_status_its_page_shows(api_as, client, plan_loaded):
    classes = _classes()
    answer = api_as("anonymous").get(reverse("v1:training-class-list")).json()
    by_title = {row["title"]: row["status"] for row in answer["results"]}
    assert by_title == {cls.title: shown for shown, cls in classes.items()}
    for shown, cls in classes.items():
        page = client.get(reverse("training:class_detail", args=[cls.pk])).content.decode()
        assert f'id="class-status">{TrainingClass.StatusShown(shown).label}<' in page, shown
    detail = api_as("api_client").get(reverse("v1:training-class-detail", args=[classes["ended"].pk])).json()
    assert detail["status"] == "ended"


def test_the_api_status_filter_reads_the_status_shown(api_as, plan_loaded):
    classes = _classes()
    api = api_as("doit_staff")
    for shown, cls in classes.items():
        rows = api.get(reverse("v1:training-class-list"), {"status": shown}).json()["results"]
        assert [row["title"] for row in rows] == [cls.title], shown
    refused = api.get(reverse("v1:training-class-list"), {"status": "zzz"})
    assert refused.status_code == 400 and "status" in refused.json()


def test_the_api_schema_lists_the_statuses_shown():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    values = ["planned", "open", "running", "ended", "done", "cancelled"]
    assert schema["components"]["schemas"]["TrainingClassStatusEnum"]["enum"] == values
    parameters = schema["paths"]["/api/v1/training-classes/"]["get"]["parameters"]
    assert sorted(next(p for p in parameters if p["name"] == "status")["schema"]["enum"]) == sorted(values)
    field = schema["components"]["schemas"]["TrainingClass"]["properties"]["status"]
    assert "`ended`" in field["description"] and field["readOnly"] is True


@pytest.mark.parametrize("shown,reason", [("ended", "đã bắt đầu ngày 05/06/2017"), ("running", "đã bắt đầu ngày"),
                                          ("done", "không nhận đăng ký"), ("cancelled", "không nhận đăng ký")])
def test_a_class_taking_no_registration_shows_why_instead_of_the_form_and_a_post_saves_nothing(
        client, plan_loaded, shown, reason):
    classes = _classes()
    cls = classes[shown]
    before = (Registration.objects.count(), Participant.objects.count())
    url = reverse("training:class_register", args=[cls.pk])
    for response in (client.get(url), client.post(url, {"full_name": "Lê Thị Mai", "email": "mai@example.vn",
                                                         "agency": "Phòng Kinh tế quận Tây Hồ"})):
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="registration-closed"' in html and "Lớp không còn nhận đăng ký." in html
        assert f"Lớp “{cls.title}” {reason}" in html
        assert 'id="registration-form"' not in html
    assert (Registration.objects.count(), Participant.objects.count()) == before
    # the same rule for the service and the class's page; an upcoming class still takes registrations
    with pytest.raises(ValidationError, match=reason):
        services.class_register(training_class=cls, full_name="Lê Thị Mai", email="mai@example.vn", agency="X")
    assert 'id="register-link"' not in client.get(reverse("training:class_detail", args=[cls.pk])).content.decode()
    for upcoming in (classes["open"], classes["planned"]):
        html = client.get(reverse("training:class_register", args=[upcoming.pk])).content.decode()
        assert 'id="registration-form"' in html and 'id="registration-closed"' not in html


def test_an_upcoming_class_recorded_as_held_offers_no_registration_in_the_list(client, plan_loaded):
    odd = TrainingClassFactory(title="Ghi nhầm đã tổ chức", status=TrainingClass.Status.DONE)
    listing = client.get(reverse("training:class_list")).content.decode()
    assert reverse("training:class_register", args=[odd.pk]) not in listing
    assert reverse("training:class_detail", args=[odd.pk]) in listing
