"""manage.py seed_demo: demo users and demo data in every app, then the logins."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from plan.registry import app_modules


class Command(BaseCommand):
    help = "Create demo users (one per role) and demo data; print the logins."

    def add_arguments(self, parser):
        parser.add_argument("--facilities", type=int, default=None, help="how many demo facilities to make")
        parser.add_argument("--seed", type=int, default=5768, help="random seed, for repeatable data")

    def handle(self, *args, **options):
        logins = []
        # Demo registrations and requests send e-mails; keep them in memory rather than flooding the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
            for _label, module in app_modules("demo"):
                result = module.seed(stdout=self.stdout, facilities=options["facilities"], random_seed=options["seed"]) or {}
                logins += result.get("logins", [])
            for _label, module in app_modules("demo"):  # what needs every app's data first (the budget's spending)
                if hasattr(module, "seed_last"):
                    module.seed_last(stdout=self.stdout, random_seed=options["seed"])
        self.stdout.write(self.style.SUCCESS("Demo logins (http://127.0.0.1:8000/tai-khoan/dang-nhap/):"))
        for username, password, role, scope in logins:
            self.stdout.write(f"  {username:<16} {password:<16} {role}{' · ' + scope if scope else ''}")
