"""Reading the plan's fixtures: every error names the file and the record, and nothing is half-loaded."""

import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


class FixtureError(Exception):
    """A fixture file is missing, unreadable, or holds a record that does not validate."""

    def __init__(self, path: Path, record: str | None, message: str):
        self.path, self.record, self.message = path, record, message
        where = f"{path}" + (f", record {record}" if record else "")
        super().__init__(f"{where}: {message}")


def read_json(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError as exc:
        raise FixtureError(path, None, "file not found") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FixtureError(path, None, f"not valid JSON ({exc})") from exc


def require(path: Path, record: str, data: dict, *keys: str) -> None:
    missing = [key for key in keys if key not in data]
    if missing:
        raise FixtureError(path, record, f"missing field(s): {', '.join(missing)}")


def save_validated(path: Path, record: str, model, lookup: dict, values: dict, keep: tuple[str, ...] = ()):
    """update_or_create that validates first; fields in `keep` are set only when the row is new.

    `keep` is for what staff may change after loading (a reporting period's due date): loading again
    must not undo their decision.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup)
        updates = values
    else:
        updates = {k: v for k, v in values.items() if k not in keep}
    changed = obj.pk is None
    for key, value in updates.items():
        if getattr(obj, key, None) != value:
            setattr(obj, key, value)
            changed = True
    try:
        obj.full_clean()
    except ValidationError as exc:
        details = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
        raise FixtureError(path, record, details) from exc
    if changed:
        obj.save()
    return obj
