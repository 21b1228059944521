"""Icons are SVG, not font glyphs the bundled fonts lack (walk of #21, shot 12: "ⓘ" was an empty box)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

# Glyphs that rendered as an empty box with the fonts the unit's computers have.
MISSING_GLYPHS = ("ⓘ",)


def test_no_template_uses_a_missing_glyph() -> None:
    roots = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("sigap/*/templates")]
    found = [
        str(path)
        for root in roots
        for path in root.rglob("*.html")
        if any(glyph in path.read_text(encoding="utf-8") for glyph in MISSING_GLYPHS)
    ]
    assert found == []


def test_the_unreachable_hint_has_an_svg_icon_and_words_for_screen_readers() -> None:
    with translation.override("id"):
        html = render_to_string("intake/_contact_attempts.html", {"attempts": [], "missing": "Belum ada upaya."})
    hint = html[html.index('id="unreachable-missing"') :].split("</p>")[0]
    assert "<svg" in hint and 'aria-hidden="true"' in hint
    assert '<span class="visually-hidden">Catatan:</span> Belum ada upaya.' in hint
