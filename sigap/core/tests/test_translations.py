"""The interface speaks Indonesian by default: every message id of the project has an Indonesian text."""

from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings

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
