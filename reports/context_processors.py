"""What every page knows: the user's role, its district or enterprise, and the navigation for that role."""

from plan.display import person_name
from plan.registry import app_modules
from plan.roles import Role, role_of


def _nav_for(role):
    items = []
    for _label, module in app_modules("nav"):
        for label, url_name, roles in getattr(module, "NAV", []):
            if roles is None or role in roles:
                items.append({"label": label, "url_name": url_name})
    return items


def portal(request):
    user = getattr(request, "user", None)
    role = role_of(user)
    scope_names = []
    if role == Role.DISTRICT_OFFICIAL:
        scope_names = [unit.full_name for unit in user.administrative_units.all()]
    elif role == Role.ENTERPRISE_USER and hasattr(user, "enterprises"):
        scope_names = [enterprise.name for enterprise in user.enterprises.all()]
    return {
        "portal_role": role,
        "portal_role_label": Role(role).label if role else "",
        "portal_scope_names": scope_names,
        "portal_nav": _nav_for(role),
        "portal_is_doit": role == Role.DOIT_STAFF,
        "portal_user_name": person_name(user),  # family name first: "Nguyễn Văn An"
    }
