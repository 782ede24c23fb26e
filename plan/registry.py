"""Find a module of the same name in every portal app, lowest floor first.

Lower apps never import higher ones; where a command must act on all of them (loading the plan,
seeding demo data, syncing role permissions) it asks each app for its own module instead.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

PORTAL_APPS = ("plan", "budget", "enterprises", "training", "outreach", "reports")


def app_modules(module_name: str):
    """Yield (app_label, module) for each portal app that has `<app>/<module_name>.py`."""
    for label in PORTAL_APPS:
        if not apps.is_installed(label):
            continue
        dotted = f"{label}.{module_name}"
        if find_spec(dotted) is not None:
            yield label, import_module(dotted)
