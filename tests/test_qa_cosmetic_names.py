"""A user's name is written family name first, as Vietnamese write it (found by a QA pass: the header and the
home page's greeting said "An Nguyễn Văn", "Xin chào, Dung Phạm Thị", and the API demo user "kê Ứng dụng
thống"). portal_user_upsert keeps "Nguyễn Văn An" as last_name "Nguyễn Văn", first_name "An"; Django's
get_full_name() writes first_name first; plan.display.person_name writes last_name first."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from plan.display import person_name
from plan.roles import Role
from plan.services import portal_user_upsert
from tests.test_library_vietnamese import visible_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("full_name", "written"), [
    ("Nguyễn Văn An", "Nguyễn Văn An"),
    ("Phạm Thị Dung", "Phạm Thị Dung"),
    ("Ứng dụng thống kê", "Ứng dụng thống kê"),  # the demo API client (plan/demo.py)
    ("Hà", "Hà"),
])
def test_a_users_name_is_written_family_name_first(plan_loaded, full_name, written):
    user = portal_user_upsert(username="nguoi.thu", role=Role.DOIT_STAFF, full_name=full_name)
    assert person_name(user) == written


def test_a_user_without_a_name_is_written_by_username_and_a_visitor_not_at_all(plan_loaded):
    assert person_name(portal_user_upsert(username="khong.ten", role=Role.DOIT_STAFF)) == "khong.ten"
    assert person_name(AnonymousUser()) == "" and person_name(None) == ""


@pytest.mark.parametrize("role", ["doit_staff", "enterprise_user"])
def test_the_header_and_the_greeting_write_the_name_family_name_first(client, personas, role):
    user = portal_user_upsert(username=personas[role].username, role=role, full_name="Phạm Thị Dung")
    client.force_login(user)
    html = client.get(reverse("reports:home")).content.decode()
    text = visible_text(html)
    assert "Phạm Thị Dung" in text and "Dung Phạm Thị" not in text, text[:1500]
    assert "Xin chào, Phạm Thị Dung" in text
    header = html[html.index('id="current-user"'):]
    assert header[header.index(">") + 1:].startswith("Phạm Thị Dung")
    other = client.get(reverse("password_change")).content.decode()  # base.html's header on another page
    assert "Phạm Thị Dung" in visible_text(other) and "Dung Phạm Thị" not in visible_text(other)
