"""manage.py backup PATH: the whole programme (database and uploaded files) in one .tar.gz archive."""

from django.core.management.base import BaseCommand, CommandError

from plan.backup import BackupError, backup_write


class Command(BaseCommand):
    help = "Write every app's data (JSON, natural keys) and the MEDIA_ROOT files to one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive to write, e.g. /backups/sxsh-2017-06-30.tar.gz")

    def handle(self, *args, **options):
        try:
            manifest = backup_write(options["path"])
        except (BackupError, OSError) as exc:
            raise CommandError(f"Backup failed: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {options['path']}: {manifest['objects']} objects, "
            f"{manifest['media_files']} files."))
