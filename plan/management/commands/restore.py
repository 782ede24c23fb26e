"""manage.py restore PATH [--force]: load a backup archive into an empty database and MEDIA_ROOT."""

from django.core.management.base import BaseCommand, CommandError

from plan.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a `manage.py backup` archive into an empty (migrated) database and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .tar.gz archive written by `manage.py backup`")
        parser.add_argument("--force", action="store_true",
                            help="erase the data already in the database before restoring")

    def handle(self, *args, **options):
        try:
            manifest = backup_restore(options["path"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Restored {manifest['objects']} objects and {manifest['media_files']} files "
            f"(backup of {manifest['created']})."))
