"""manage.py portal_user: add or update a portal user without the admin."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from plan.roles import Role
from plan.services import portal_user_upsert


class Command(BaseCommand):
    help = "Create or update a portal user with a role (and a district for district officials)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help=f"one of: {', '.join(Role.values)}")
        parser.add_argument("--district", help="GSO code of the district, for district officials (e.g. 001)")
        parser.add_argument("--enterprise", help="tax code of the enterprise, for enterprise users (e.g. 0100109106)")
        parser.add_argument("--password")
        parser.add_argument("--email")
        parser.add_argument("--name", help="full name")

    def handle(self, *args, **options):
        from enterprises.models import Enterprise

        tax_code = (options.get("enterprise") or "").strip()
        try:
            with transaction.atomic():
                enterprise = None
                if tax_code:
                    # Looked up first: an unknown tax code changes nothing.
                    enterprise = Enterprise.objects.filter(tax_code=tax_code).first()
                    if enterprise is None:
                        raise CommandError(f"No enterprise with tax code {tax_code}; nothing was changed.")
                    if options["role"] != Role.ENTERPRISE_USER:
                        raise CommandError("--enterprise is only for the enterprise_user role; nothing was changed.")
                user = portal_user_upsert(
                    username=options["username"],
                    role=options["role"],
                    district_code=options.get("district"),
                    password=options.get("password"),
                    email=options.get("email"),
                    full_name=options.get("name"),
                )
                if enterprise is not None:
                    enterprise.users.add(user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        suffix = f" · {enterprise.tax_code} {enterprise.name}" if enterprise else ""
        self.stdout.write(self.style.SUCCESS(f"{user.username}: {options['role']}{suffix}"))
