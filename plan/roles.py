"""Roles are Django groups with model permissions; scope (which district, which enterprise) is data."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
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
    load_access(user)
    return user._portal_role


def _access_sql() -> str:
    user_groups = Group.user_set.through._meta.db_table
    user_perms = Permission.user_set.through._meta.db_table
    group_perms = Group.permissions.through._meta.db_table
    return f"""
        SELECT 'g', g.name, '' FROM {Group._meta.db_table} g
          JOIN {user_groups} ug ON ug.group_id = g.id WHERE ug.user_id = %s
        UNION ALL
        SELECT 'p', ct.app_label, p.codename FROM {Permission._meta.db_table} p
          JOIN {ContentType._meta.db_table} ct ON ct.id = p.content_type_id
         WHERE p.id IN (SELECT permission_id FROM {user_perms} WHERE user_id = %s
                        UNION SELECT gp.permission_id FROM {group_perms} gp
                                JOIN {user_groups} ug ON ug.group_id = gp.group_id WHERE ug.user_id = %s)"""


def load_access(user) -> None:
    """The user's role and model permissions in one query (Django asks for groups, user permissions and group
    permissions in three), kept on the user object for the request as role_of and ModelBackend keep them."""
    with connection.cursor() as cursor:
        cursor.execute(_access_sql(), [user.pk] * 3)
        rows = cursor.fetchall()
    names = {name for kind, name, _codename in rows if kind == "g"}
    user._portal_role = next((r for r in Role.values if r in names), None)
    if user.is_active and not user.is_superuser:  # a superuser has every permission: ModelBackend's own path
        user._perm_cache = {f"{app_label}.{codename}" for kind, app_label, codename in rows if kind == "p"}


class PortalModelBackend(ModelBackend):
    """ModelBackend whose permissions come from load_access: one query per request for role and permissions."""

    def get_all_permissions(self, user_obj, obj=None):
        if (obj is None and user_obj.is_active and not user_obj.is_anonymous and not user_obj.is_superuser
                and not hasattr(user_obj, "_perm_cache")):
            load_access(user_obj)
        return super().get_all_permissions(user_obj, obj)


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
