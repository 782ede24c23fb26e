"""plan.roles.load_access: role and permissions in one query, the same answers as Django's ModelBackend."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plan.roles import Role, role_of

pytestmark = pytest.mark.django_db
User = get_user_model()


def _fresh(user):
    """The user as a new request loads it: nothing cached on the object."""
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("role", Role.values)
def test_every_role_has_exactly_the_permissions_django_would_give(personas, role):
    user = personas[role]
    extra = Permission.objects.get(codename="view_logentry")
    user.user_permissions.add(extra)  # a direct permission is counted as well as the group's
    expected = ModelBackend().get_all_permissions(_fresh(user))
    assert "admin.view_logentry" in expected and len(expected) > 1
    fresh = _fresh(user)
    assert fresh.get_all_permissions() == expected
    assert role_of(fresh) == role


def test_role_and_every_permission_check_cost_one_query(personas):
    user = _fresh(personas[Role.DOIT_STAFF])
    with CaptureQueriesContext(connection) as ctx:
        assert role_of(user) == Role.DOIT_STAFF
        assert user.has_perm("enterprises.change_enterprise")
        assert user.has_perms(["budget.view_estimate", "reports.view_districtreport"])
        assert not user.has_perm("auth.delete_user")
    assert len(ctx.captured_queries) == 1


def test_a_permission_check_before_the_role_also_reads_the_role(personas):
    user = _fresh(personas[Role.DISTRICT_OFFICIAL])
    with CaptureQueriesContext(connection) as ctx:
        assert user.has_perm("enterprises.change_enterprise")
        assert role_of(user) == Role.DISTRICT_OFFICIAL
    assert len(ctx.captured_queries) == 1


def test_an_inactive_user_has_no_permission(personas):
    user = personas[Role.DOIT_STAFF]
    user.is_active = False
    user.save()
    assert not _fresh(user).has_perm("enterprises.view_enterprise")


def test_a_superuser_has_every_permission_and_acts_as_doit():
    admin = User.objects.create_superuser("root.test", "root@example.vn", "pw-for-tests-1")
    fresh = _fresh(admin)
    assert fresh.has_perm("auth.delete_user") and role_of(fresh) == Role.DOIT_STAFF


def test_a_user_without_a_group_has_no_role_and_no_permission(db):
    user = User.objects.create_user("nobody.test", password="pw-for-tests-1")
    fresh = _fresh(user)
    assert role_of(fresh) is None and fresh.get_all_permissions() == set()
