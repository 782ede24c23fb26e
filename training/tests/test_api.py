import pytest
from django.urls import reverse

from training import services
from training.tests.factories import ParticipantFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role,status", [("anonymous", 401), ("district_official", 403), ("enterprise_user", 403),
                                         ("api_client", 403), ("department_viewer", 200), ("doit_staff", 200)])
def test_participants_api_is_personal_data_for_staff_only(api_as, role, status):
    ParticipantFactory(email="secret@example.vn")
    response = api_as(role).get(reverse("v1:participant-list"))
    assert response.status_code == status
    if status == 200:
        assert response.json()["results"][0]["email"] == "secret@example.vn"
    else:
        assert "secret@example.vn" not in response.content.decode()


def test_training_classes_api_shows_public_classes_to_anonymous_and_all_to_staff(api_as):
    TrainingClassFactory(title="Lớp công khai")
    TrainingClassFactory(title="Lớp nội bộ", is_public=False)
    anon = api_as("anonymous").get(reverse("v1:training-class-list")).json()
    assert [c["title"] for c in anon["results"]] == ["Lớp công khai"]
    staff = api_as("doit_staff").get(reverse("v1:training-class-list")).json()
    assert staff["count"] == 2


def _rows(n):
    for _i in range(n):
        cls = TrainingClassFactory()
        p = ParticipantFactory()
        services.class_register(training_class=cls, full_name=p.full_name, email=p.email)


@pytest.mark.parametrize("name", ["v1:training-class-list", "v1:participant-list"])
def test_api_lists_query_counts_do_not_grow(api_as, django_assert_max_num_queries, name):
    api = api_as("doit_staff")
    _rows(2)
    with django_assert_max_num_queries(20) as few:
        assert api.get(reverse(name)).status_code == 200
    _rows(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api.get(reverse(name)).status_code == 200
