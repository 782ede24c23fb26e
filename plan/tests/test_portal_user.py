from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from plan.roles import role_of

pytestmark = pytest.mark.django_db


def test_it_creates_a_district_official_of_ba_dinh(plan_loaded):
    call_command("portal_user", "hoa.badinh", role="district_official", district="001", password="x-Long-pass-1",
                 email="hoa@badinh.gov.vn", stdout=StringIO())
    user = User.objects.get(username="hoa.badinh")
    assert role_of(user) == "district_official"
    assert [u.code for u in user.administrative_units.all()] == ["001"]
    assert user.check_password("x-Long-pass-1") and user.email == "hoa@badinh.gov.vn"
    assert not user.is_staff


def test_running_it_again_updates_the_role_and_scope(plan_loaded):
    call_command("portal_user", "lan", role="district_official", district="001", stdout=StringIO())
    call_command("portal_user", "lan", role="doit_staff", stdout=StringIO())
    user = User.objects.get(username="lan")
    assert role_of(user) == "doit_staff" and user.is_staff
    assert user.administrative_units.count() == 0
    assert user.groups.count() == 1


def test_an_unknown_role_is_named_and_nothing_changes(plan_loaded):
    with pytest.raises(CommandError, match="chief"):
        call_command("portal_user", "x", role="chief", stdout=StringIO())
    assert not User.objects.filter(username="x").exists()


def test_an_unknown_district_code_is_named_and_nothing_changes(plan_loaded):
    with pytest.raises(CommandError, match="999"):
        call_command("portal_user", "y", role="district_official", district="999", stdout=StringIO())
    assert not User.objects.filter(username="y").exists()


def test_the_city_is_not_a_district(plan_loaded):
    with pytest.raises(CommandError, match="01"):
        call_command("portal_user", "z", role="district_official", district="01", stdout=StringIO())


def test_a_district_official_needs_a_district(plan_loaded):
    with pytest.raises(CommandError, match="--district"):
        call_command("portal_user", "w", role="district_official", stdout=StringIO())
    assert not User.objects.filter(username="w").exists()


def test_seed_demo_prints_one_login_per_role(plan_loaded):
    out = StringIO()
    call_command("seed_demo", facilities=20, stdout=out)
    text = out.getvalue()
    for username in ["sct.canbo", "stc.xem", "badinh.canbo", "dn.demo", "api.demo"]:
        assert username in text
    assert role_of(User.objects.get(username="badinh.canbo")) == "district_official"
