"""Roles are Django groups with model permissions; scope (which district, which enterprise) is data."""

from django.contrib.auth.models import Group, Permission
from django.db import models
from django.utils.translation import gettext_lazy as _

from plan.registry import PORTAL_APPS, app_modules


class Role(models.TextChoices):
    DOIT_STAFF = "doit_staff", _("Cán bộ Sở Công Thương")
    DEPARTMENT_VIEWER = "department_viewer", _("Cán bộ sở, ngành (xem)")
    DISTRICT_OFFICIAL = "district_official", _("Cán bộ quận, huyện, thị xã")
    ENTERPRISE_USER = "enterprise_user", _("Doanh nghiệp")
    API_CLIENT = "api_client", _("Ứng dụng kết nối API")


# Roles that read every district's data; DoIT staff also write it.
CITY_WIDE_ROLES = {Role.DOIT_STAFF, Role.DEPARTMENT_VIEWER, Role.API_CLIENT}


def role_of(user) -> str | None:
    """The user's role (the first portal group it belongs to), or None for anonymous users."""
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.DOIT_STAFF
    cached = getattr(user, "_portal_role", False)
    if cached is not False:
        return cached
    names = set(user.groups.values_list("name", flat=True))
    role = next((r for r in Role.values if r in names), None)
    user._portal_role = role
    return role


def is_doit(user) -> bool:
    return role_of(user) == Role.DOIT_STAFF


def reads_city_wide(user) -> bool:
    return role_of(user) in CITY_WIDE_ROLES


def district_ids_of(user) -> list[int]:
    """Ids of the administrative units a district official answers for."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_portal_district_ids", None)
    if cached is None:
        cached = list(user.administrative_units.values_list("id", flat=True))
        user._portal_district_ids = cached
    return cached


def _all_model_perms(actions: tuple[str, ...]) -> set[str]:
    perms = set()
    for app_label in PORTAL_APPS:
        for codename in Permission.objects.filter(content_type__app_label=app_label).values_list(
            "codename", flat=True
        ):
            if codename.split("_", 1)[0] in actions:
                perms.add(f"{app_label}.{codename}")
    return perms


def role_permissions() -> dict[str, set[str]]:
    """Every role's permissions: city-wide defaults plus what each app's `access.py` adds.

    An app grants more with `ROLE_PERMISSIONS = {"district_official": ["enterprises.change_enterprise"]}`.
    """
    everything = _all_model_perms(("add", "change", "delete", "view"))
    read_all = _all_model_perms(("view",))
    result: dict[str, set[str]] = {
        Role.DOIT_STAFF: everything | {"authtoken.view_tokenproxy"},
        Role.DEPARTMENT_VIEWER: set(read_all),
        Role.API_CLIENT: set(read_all),
        Role.DISTRICT_OFFICIAL: set(),
        Role.ENTERPRISE_USER: set(),
    }
    for _label, module in app_modules("access"):
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            result[role] |= set(perms)
    return result


def roles_sync() -> None:
    """Create the five groups and give each exactly its permissions. Idempotent."""
    wanted = role_permissions()
    for role in Role.values:
        group, _created = Group.objects.get_or_create(name=role)
        perms = []
        for dotted in sorted(wanted[role]):
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                perms.append(perm)
        group.permissions.set(perms)
