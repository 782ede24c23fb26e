"""The English catalogue is complete and its compiled form is the one committed."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"


def test_every_string_of_the_english_catalogue_is_translated():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [entry.msgid for entry in po if not entry.obsolete and (not entry.translated() or entry.fuzzy)]
    assert not untranslated, f"untranslated or fuzzy in locale/en: {untranslated[:20]}"


def test_the_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    source = {(e.msgctxt, e.msgid): e.msgstr for e in po if e.translated() and not e.obsolete}
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo if e.msgid}
    assert compiled == source, "run `make messages` (compilemessages) and commit locale/en/LC_MESSAGES/django.mo"


def test_the_catalogue_compiles_with_matching_placeholders():
    import shutil
    import subprocess

    import pytest

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (gettext) is not installed")
    done = subprocess.run([msgfmt, "--check-format", "-o", "/dev/null", str(LOCALE / "django.po")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
