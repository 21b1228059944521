"""What a transfer package says about a case: built once, read by the XLSX, the PDF and the receiving unit.

Minimum necessary (domain.md §D3) for the unit that continues the case:

- the victims' and other persons' names, birth years and the safe-contact rule only when every victim
  has a SHARING consent naming the receiving UPTD PPA (``identity_allowed``); otherwise each person is a
  role and a number ("Victim 1"), with sex and birth year left out for a child (it would identify her);
- incidents (dates, forms of violence, place type, relationship), never the account;
- the assessment's areas with their findings, except the psychological findings (clinical: the
  receiving unit asks for them by letter, decision D79);
- the plan and its items; sessions held as a count and dates, never their notes; the legal track's
  stages and dates.

Every value is plain JSON (texts, numbers, booleans, ISO dates) and follows ``schema.PACKAGE``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.utils import timezone

from sigap.accounts.models import User
from sigap.assistance.models.legal import Hearing, LegalTrack
from sigap.assistance.models.session import AccompanimentSession, SessionKind, SessionStatus
from sigap.cases import codes
from sigap.cases.models import Case
from sigap.cases.models.consent import ConsentScope
from sigap.cases.models.incident import Incident
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.models.plan import AssessmentSection, PlanItem
from sigap.cases.rules.permissions import PSYCHOLOGICAL_AREAS
from sigap.cases.services.assessment import latest_assessment
from sigap.cases.services.consent import case_victims, victims_covered
from sigap.cases.services.plan import latest_plan
from sigap.referrals.transfer.schema import FORMAT, VERSION

CHILD_AGE = 18
MAX_TEXT = 5000


def _day(value: dt.date | dt.datetime | None, zone: Any = None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value, zone)
    return value.isoformat()


def _text(value: object, limit: int = 300) -> str:
    return str(value or "").replace("\x00", "")[:limit]


def identity_allowed(case: Case, receiving_name: str) -> bool:
    """Every victim of the case has a valid SHARING consent naming the receiving unit (as written)."""
    victims = list(case_victims(case))
    if not victims:
        return False
    covered = victims_covered(case, ConsentScope.SHARING, victims, agency=receiving_name)
    return all(victim.pk in covered for victim in victims)


def _persons(case: Case, *, identity: bool, year: int) -> tuple[list[dict[str, Any]], dict[int, str]]:
    links = list(CasePerson.objects.filter(case=case).select_related("person").order_by("role", "added_at", "pk"))
    rows, names, counts = [], {}, Counter[str]()
    for link in links:
        person = link.person
        counts[link.role] += 1
        role_label = str(PersonRole(link.role).label)
        child = person.birth_year is not None and year - person.birth_year < CHILD_AGE
        name = _text(person.name, 200) if identity else f"{role_label} {counts[link.role]}"
        names[link.pk] = name
        rows.append(
            {
                "role": link.role,
                "role_label": _text(role_label),
                "name": name,
                "sex": (person.sex or "")[:1] if identity or not child else "",
                "birth_year": person.birth_year if identity or not child else None,
                "relationship": _text(
                    codes.label_of(codes.RELATIONSHIP, link.relationship) if link.relationship else ""
                ),
            }
        )
    return rows, names


def incident_rows(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "date_from": _day(incident.date_from),
            "date_to": _day(incident.date_to),
            "type": _text(incident.gbv_label),
            "place": _text(incident.place_label),
            "forms": [_text(label) for label in incident.violence_labels][:40],
            "tpks": [_text(label) for label in incident.tpks_labels][:40],
            "kdrt": bool(incident.is_kdrt),
            "relationship": _text(incident.relationship_label if incident.relationship else ""),
        }
        for incident in Incident.objects.filter(case=case).order_by("date_from", "pk")[:50]
    ]


def _assessment(case: Case) -> dict[str, Any] | None:
    assessment = latest_assessment(case)
    if assessment is None:
        return None
    areas = []
    for section in AssessmentSection.objects.filter(assessment=assessment).order_by("pk"):
        if section.area in PSYCHOLOGICAL_AREAS:
            text = "—"  # clinical: asked for by letter (D79)
        else:
            text = _text(section.text, MAX_TEXT) if section.is_written else ""
        areas.append({"area": _text(section.get_area_display()), "text": text})
    return {
        "version": assessment.version,
        "completed_on": _day(assessment.completed_at, case.unit.zone),
        "risk_after": assessment.risk_after or "",
        "areas": areas[:20],
    }


def plan_rows(case: Case) -> dict[str, Any] | None:
    plan = latest_plan(case)
    if plan is None:
        return None
    items = PlanItem.objects.filter(plan=plan).select_related("provider_user").order_by("target_date", "pk")[:100]
    return {
        "version": plan.version,
        "state": _text(plan.get_state_display()),
        "items": [
            {
                "service": _text(item.service_label),
                "status": _text(item.get_status_display()),
                "provider": _text(item.provider_label),
                "target": _day(item.target_date),
            }
            for item in items
        ],
    }


def _sessions(case: Case) -> dict[str, Any]:
    held = list(
        AccompanimentSession.objects.filter(case=case, status=SessionStatus.HELD)
        .order_by("actual_start", "planned_start", "pk")
        .values_list("kind", "actual_start", "planned_start")
    )
    zone = case.unit.zone
    by_kind = Counter(kind for kind, _start, _planned in held)
    return {
        "held": len(held),
        "dates": [_day(actual or planned, zone) for _kind, actual, planned in held][:1000],
        "by_kind": [{"kind": _text(SessionKind(kind).label), "held": count} for kind, count in sorted(by_kind.items())],
    }


def _legal(case: Case) -> list[dict[str, Any]]:
    tracks = list(LegalTrack.objects.filter(case=case).order_by("created_at", "pk")[:20])
    hearings = Counter(Hearing.objects.filter(track__in=tracks).values_list("track_id", flat=True))
    return [
        {
            "stage": _text(track.get_stage_display()),
            "police_report": _day(track.police_report_date),
            "verdict": _day(track.verdict_date),
            "hearings": hearings.get(track.pk, 0),
        }
        for track in tracks
    ]


def build_payload(*, case: Case, actor: User, receiving_name: str, receiving_code: str, reason: str) -> dict[str, Any]:
    """The data of the package of ``case`` for ``receiving_name`` (the caller holds the case row locked)."""
    unit, now = case.unit, timezone.now()
    identity = identity_allowed(case, receiving_name)
    persons, _names = _persons(case, identity=identity, year=timezone.localdate(now, unit.zone).year)
    category = case.get_category_display()
    if case.category_subtype:
        category += f" ({codes.label_of(codes.CASE_CATEGORY, case.category_subtype)})"
    return {
        "format": FORMAT,
        "version": VERSION,
        "sender": {
            "unit": _text(unit.name, 200),
            "region_code": _text(unit.region_code, 20),
            "case_number": _text(case.number, 40),
            "transferred_on": _day(now, unit.zone),
            "by": _text(actor.full_name or actor.username, 200),
        },
        "receiver": {"unit": _text(receiving_name, 200), "region_code": _text(receiving_code, 20)},
        "reason": _text(reason, MAX_TEXT),
        "case": {
            "category": case.category,
            "category_label": _text(category),
            "risk_level": case.risk_level,
            "opened_on": _day(case.opened_at, unit.zone),
            "state_label": _text(case.get_state_display()),
        },
        "identity_shared": identity,
        "contact": {
            "calls": case.contact_calls if identity else "",
            "rule": _text(case.contact_rule, 2000) if identity else "",
        },
        "persons": persons[:30],
        "incidents": incident_rows(case),
        "assessment": _assessment(case),
        "plan": plan_rows(case),
        "sessions": _sessions(case),
        "legal": _legal(case),
    }
