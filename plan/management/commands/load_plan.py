"""manage.py load_plan: Decision 5768 from fixtures/ into the database, idempotently."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from plan.fixtures_io import FIXTURES_DIR, FixtureError
from plan.registry import app_modules
from plan.roles import roles_sync


class Command(BaseCommand):
    help = "Load the plan, its targets, the 30 districts, the reporting periods and the budget appendix."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", default=str(FIXTURES_DIR), help="folder of the fixtures")

    def handle(self, *args, **options):
        fixtures_dir = Path(options["fixtures"])
        try:
            with transaction.atomic():
                for _label, module in app_modules("loaders"):
                    module.load(fixtures_dir=fixtures_dir, stdout=self.stdout)
                roles_sync()
        except FixtureError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc
        self.stdout.write(self.style.SUCCESS("Plan loaded."))
