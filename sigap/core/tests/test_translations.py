"""The interface speaks Indonesian by default: every message id of the project has an Indonesian text."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

PO_PATH = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"


def test_the_indonesian_catalogue_is_complete() -> None:
    catalogue = polib.pofile(str(PO_PATH))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [], f"{len(untranslated)} message(s) without Indonesian text: {untranslated[:20]}"
    assert fuzzy == [], f"fuzzy (unchecked) translations: {fuzzy[:20]}"


def test_placeholders_survive_translation() -> None:
    catalogue = polib.pofile(str(PO_PATH))
    broken = []
    for entry in catalogue.translated_entries():
        for token in ("%(", "{"):
            if entry.msgid.count(token) != entry.msgstr.count(token) and not entry.msgid_plural:
                broken.append(entry.msgid)
    assert broken == [], f"placeholders differ between English and Indonesian: {broken[:20]}"


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="GNU gettext (xgettext) is not installed: "
    "cannot extract the message ids; CI installs it (apt-get install gettext)",
)
def test_every_message_id_of_the_source_is_in_the_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Extract the message ids from the source (as makemessages does) into a copy of the catalogue: nothing new
    may appear untranslated. Runs in a scratch folder so the real catalogue is never touched."""
    base = Path(settings.BASE_DIR)
    for name in ("sigap", "templates"):
        (tmp_path / name).symlink_to(base / name)
    locale = tmp_path / "locale"
    (locale / "id" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(PO_PATH, locale / "id" / "LC_MESSAGES" / "django.po")
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[locale]):
        call_command(
            "makemessages",
            locale=["id"],
            symlinks=True,
            no_location=True,
            verbosity=0,
            ignore_patterns=["sigap/formats/*"],
        )
    catalogue = polib.pofile(str(locale / "id" / "LC_MESSAGES" / "django.po"))
    missing = [
        entry.msgid for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries() if not entry.obsolete
    ]
    assert missing == [], f"{len(missing)} message id(s) of the source without Indonesian text: {missing[:20]}"
