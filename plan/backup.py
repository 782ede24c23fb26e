"""Backup and restore of the whole programme: every app's data (dumpdata, natural keys) and the uploads.

The archive is one .tar.gz holding `manifest.json`, `data.json` (dumpdata of every installed app with
models, over `settings.INSTALLED_APPS`, so this module never imports a higher app) and `media/…`.
"""

import datetime
import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from plan.registry import PORTAL_APPS

FORMAT_VERSION = 1
# Rebuilt by `migrate` (content types, permissions) or transient (sessions, login attempts).
EXCLUDED_APPS = {"contenttypes", "sessions", "axes"}
EXCLUDED_MODELS = ["auth.permission"]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def dumped_app_labels():
    """The labels of every installed app (in INSTALLED_APPS order) that has models to dump."""
    labels = []
    for entry in settings.INSTALLED_APPS:
        config = next((c for c in apps.get_app_configs() if c.name == entry or c.label == entry), None)
        if config and config.label not in EXCLUDED_APPS and list(config.get_models()):
            labels.append(config.label)
    return labels


def backup_write(path) -> dict:
    """Write the archive to `path`; return its manifest (apps, object count, media files)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    labels = dumped_app_labels()
    data = io.StringIO()
    call_command("dumpdata", *labels, exclude=EXCLUDED_MODELS, natural_foreign=True, natural_primary=True,
                 format="json", stdout=data)
    payload = data.getvalue().encode("utf-8")
    media_root = Path(settings.MEDIA_ROOT)
    media_files = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
    manifest = {
        "format": FORMAT_VERSION,
        "created": datetime.datetime.now(datetime.UTC).isoformat(),
        "apps": labels,
        "objects": len(json.loads(payload)),
        "media_files": len(media_files),
    }
    tmp = path.with_name(path.name + ".part")
    with tarfile.open(tmp, "w:gz") as archive:
        for name, blob in [("manifest.json", json.dumps(manifest, indent=2).encode()), ("data.json", payload)]:
            info = tarfile.TarInfo(name)
            info.size = len(blob)
            info.mtime = int(datetime.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(blob))
        for file in media_files:
            archive.add(file, arcname=str(PurePosixPath("media") / file.relative_to(media_root).as_posix()))
    tmp.replace(path)  # never a half-written archive under the final name
    return manifest


def database_has_portal_data() -> bool:
    if get_user_model().objects.exists():
        return True
    for label in PORTAL_APPS:
        if apps.is_installed(label):
            for model in apps.get_app_config(label).get_models():
                if model.objects.exists():
                    return True
    return False


def _safe_media_members(archive):
    for member in archive.getmembers():
        parts = PurePosixPath(member.name).parts
        if not parts or parts[0] != "media" or len(parts) < 2:
            continue
        if ".." in parts or member.name.startswith("/") or not member.isfile():
            raise BackupError(f"Tệp sao lưu có đường dẫn không hợp lệ: {member.name}")
        yield member, Path(*parts[1:])


def backup_restore(path, *, force=False) -> dict:
    """Load the archive at `path` into this database and MEDIA_ROOT; refuse a database with data."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {path}.")
    try:
        archive = tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{path} không phải là tệp sao lưu .tar.gz hợp lệ ({exc}).") from exc
    with archive:
        try:
            manifest = json.load(archive.extractfile("manifest.json"))
            payload = archive.extractfile("data.json").read()
        except (KeyError, AttributeError, ValueError) as exc:
            raise BackupError(f"{path} thiếu manifest.json hoặc data.json: không phải bản sao lưu của cổng.") from exc
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"Phiên bản tệp sao lưu {manifest.get('format')} không được hỗ trợ.")
        if database_has_portal_data() and not force:
            raise BackupError("Cơ sở dữ liệu đã có dữ liệu của cổng; không khôi phục để tránh ghi đè. "
                              "Dùng --force để xóa toàn bộ dữ liệu hiện có và khôi phục.")
        media = list(_safe_media_members(archive))
        with tempfile.TemporaryDirectory() as tmp:
            data_file = Path(tmp) / "data.json"
            data_file.write_bytes(payload)
            if force:
                call_command("flush", interactive=False, verbosity=0)
            # The archive holds the history itself; loading must not add records (simple-history would on
            # many-to-many changes, which loaddata does not mark as raw).
            with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
                call_command("loaddata", str(data_file), verbosity=0)
        media_root = Path(settings.MEDIA_ROOT)
        for member, relative in media:
            target = media_root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out)
    return manifest
