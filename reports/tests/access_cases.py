from tests.access import Case, public

CASES = [
    Case("reports:home", public(200)),
]
