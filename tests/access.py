"""The vocabulary of the permission matrix. Each app lists its URLs in `<app>/tests/access_cases.py`.

A Case names a URL, how to build its arguments (objects made in the test's database), and the status
each role must get. test_permission_matrix walks every case with every role and anonymous, and fails
when a URL of the URL conf is in no case.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ANON = "anonymous"
ROLES = ["doit_staff", "department_viewer", "district_official", "enterprise_user", "api_client"]
EVERYONE = [ANON, *ROLES]
CITY_READERS = ["doit_staff", "department_viewer", "api_client"]


@dataclass
class Case:
    name: str  # URL name with namespace, e.g. "v1:plan-list"
    expect: dict[str, int | tuple[int, ...]]  # role → allowed status code(s)
    kwargs: Callable | dict = field(default_factory=dict)  # f(personas) → URL kwargs
    method: str = "get"
    data: Callable | dict | None = None  # f(personas) → request body
    api: bool = False  # authenticate with a token (REST clients) rather than a session
    query: str = ""
    label: str = ""

    @property
    def id(self):
        return self.label or f"{self.method.upper()} {self.name}{'?' + self.query if self.query else ''}"


def statuses(default, **by_role):
    """statuses(403, doit_staff=200, anonymous=302): one status for each role, with exceptions."""
    return {role: by_role.get(role, default) for role in EVERYONE}


def public(status=200):
    return statuses(status)


def page_login_required(allowed=ROLES, status=200, denied=403):
    """A page: anonymous users are sent to the login page, roles not allowed get `denied`."""
    return {ANON: 302, **{role: (status if role in allowed else denied) for role in ROLES}}


def api_login_required(allowed=ROLES, status=200, denied=403):
    """An API endpoint: anonymous gets 401, roles not allowed get `denied` (403, or 404 when scoped)."""
    return {ANON: 401, **{role: (status if role in allowed else denied) for role in ROLES}}
