"""Access cases for the project-level URLs (accounts, health, API schema and docs)."""

from tests.access import ANON, Case, page_login_required, public, statuses

CASES = [
    Case("healthz", public(200)),
    Case("login", public(200)),
    Case("logout", statuses(302), method="post"),
    Case("password_change", page_login_required()),
    Case("password_change_done", page_login_required()),
    Case("api-schema", public(200)),
    Case("api-docs", public(200)),
    Case("api-redoc", public(200)),
    Case("v1:api-root", {**public(200), ANON: 200}, api=True),
]
