"""Demo users, one per role. Their logins are printed by `manage.py seed_demo` (and so by `make run`)."""

from plan.roles import Role
from plan.services import portal_user_upsert

DEMO_PASSWORD = "sxsh-demo-2016"

DEMO_USERS = [
    # username, role, district, full name
    ("sct.canbo", Role.DOIT_STAFF, None, "Nguyễn Văn An"),
    ("stc.xem", Role.DEPARTMENT_VIEWER, None, "Trần Thị Bình"),
    ("badinh.canbo", Role.DISTRICT_OFFICIAL, "001", "Lê Văn Cường"),
    ("dn.demo", Role.ENTERPRISE_USER, None, "Phạm Thị Dung"),
    ("api.demo", Role.API_CLIENT, None, "Ứng dụng thống kê"),
]


def seed(*, stdout=None, facilities=None, random_seed=5768):
    logins = []
    for username, role, district, name in DEMO_USERS:
        portal_user_upsert(username=username, role=role, district_code=district, password=DEMO_PASSWORD,
                           email=f"{username}@example.vn", full_name=name)
        logins.append((username, DEMO_PASSWORD, Role(role).label, district or ""))
    return {"logins": logins}
