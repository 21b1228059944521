"""``{% calendar_slot_rows %}`` writes a day's slots exactly as the calendar's template did (issue #22's discipline).

The template's loop is kept here, as it was, and both render the same slots (any label, room, reason, status, with or
without an end, a session, a hearing or "another case", a moved slot), in both languages: byte for byte.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.template import engines
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.assistance.selectors.calendar import Slot

TEMPLATE_LOOP = """{% load i18n assistance_calendar %}<tbody>{% for s in d.slots %}
    <tr class="calendar-slot{% if s.status == 'HELD' %} calendar-held{% endif %}">
      <td class="text-nowrap">{{ s.start|clock }}{% if s.end %}–{{ s.end|clock }}{% endif %}</td>
      <td>{% if s.session_id %}<a href="{% url 'assistance:session_detail' session_id=s.session_id %}">{{ s.label }}</a>{% elif s.track_id %}<a href="{% url 'assistance:legal_track_go' track_id=s.track_id %}" class="calendar-hearing">{{ s.label }}</a>{% else %}{{ s.label }}{% endif %}
        {% if s.room %}<div class="small">{{ s.room }}</div>{% endif %}
        {% if s.status_label %}<div class="small">{% if s.status == 'HELD' %}<span class="badge text-bg-success">{{ s.status_label }}</span>{% else %}{{ s.status_label }}{% endif %}{% if s.reason %} ({{ s.reason }}){% endif %}{% if s.moved_to %} · {% blocktranslate with to=s.moved_to|when %}moved to {{ to }}{% endblocktranslate %}{% endif %}</div>{% endif %}</td>
      <td class="text-break">{% if s.case_number %}{{ s.case_number }}{% else %}{% translate "another case" %}{% endif %}</td>
    </tr>{% endfor %}</tbody>"""  # noqa: E501 - the template's text, as it was
TAG = "{% load assistance_calendar %}<tbody>{% calendar_slot_rows d.slots %}</tbody>"

TEXT = st.text(alphabet=st.sampled_from(list("aZ 09<>&\"'·–éRuang")), max_size=12)
MOMENT = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 12, 31), timezones=st.just(dt.UTC))


@st.composite
def slots(draw: Any) -> Slot:
    kind = draw(st.sampled_from(["session", "hearing", "hidden"]))
    status = "HEARING" if kind == "hearing" else draw(st.sampled_from(["HELD", "PLANNED", "NOT_HELD", "RESCHEDULED"]))
    return Slot(
        start=draw(MOMENT),
        end=None if kind == "hearing" else draw(st.none() | MOMENT),
        label=draw(TEXT),
        status=status,
        status_label="" if kind == "hearing" else draw(TEXT),
        reason=draw(st.just("") | TEXT),
        room=draw(st.just("") | TEXT),
        case_number=None if kind == "hidden" else draw(st.just("") | TEXT),
        case_id=None,
        session_id=uuid.uuid4() if kind == "session" else None,
        moved_to=draw(st.none() | MOMENT),
        is_hearing=kind == "hearing",
        track_id=uuid.uuid4() if kind == "hearing" else None,
    )


def _both(day_slots: list[Slot]) -> tuple[str, str]:
    engine = engines["django"]
    context = {"d": {"slots": day_slots}}
    return engine.from_string(TEMPLATE_LOOP).render(context), engine.from_string(TAG).render(context)


@pytest.mark.parametrize("language", ["id", "en"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day_slots=st.lists(slots(), max_size=4))
def test_the_rows_are_the_templates_byte_for_byte(language: str, day_slots: list[Slot]) -> None:
    with translation.override(language), timezone.override("Asia/Makassar"):
        written, by_template = _both(day_slots)
    assert written == by_template


def test_a_label_is_escaped_and_a_moved_slot_says_where_to() -> None:
    start = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)
    slot = Slot(
        start=start,
        end=start + dt.timedelta(hours=1),
        label="<b>Konseling</b>",
        status="RESCHEDULED",
        status_label="Dijadwal ulang",
        reason="",
        room="Ruang 1",
        case_number="K-1",
        case_id=None,
        session_id=uuid.uuid4(),
        moved_to=start + dt.timedelta(days=1),
    )
    with translation.override("id"), timezone.override("Asia/Makassar"):
        written, by_template = _both([slot])
    assert written == by_template
    assert "&lt;b&gt;Konseling&lt;/b&gt;" in written and "<b>" not in written
    assert "10.00–11.00" in written and "11 Mar 2026 10.00 WITA" in written
