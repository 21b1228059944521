"""The readable summary of a transfer package: one list of lines for the XLSX, the PDF and the import page.

Each line is ``(label, text)``: a section heading is ``(heading, "")``, a fact ``(label, value)``, a list
entry ``("", text)``. Written in the reader's language, from the package's data only (so the receiving
unit reads exactly what the sender sent).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from sigap.core.choices import ContactCalls, RiskLevel

Line = tuple[str, str]


def _label(choices: type[models.TextChoices], code: str) -> str:
    """The reader's label of a code the package carries (the code itself if this Sigap does not know it)."""
    return str(dict(choices.choices).get(code, code)) if code else ""


def _day(value: str | None) -> str:
    if not value:
        return "—"
    return str(formats.date_format(dt.date.fromisoformat(value), "DATE_FORMAT"))


def _case_lines(payload: dict[str, Any]) -> list[Line]:
    sender, receiver, case = payload["sender"], payload["receiver"], payload["case"]
    return [
        (_("Transfer of a case"), ""),
        (_("From"), sender["unit"]),
        (_("To"), receiver["unit"]),
        (_("Case number at the sending unit"), sender["case_number"]),
        (_("Transferred on"), _day(sender["transferred_on"])),
        (_("Transferred by"), sender["by"] or "—"),
        (_("Reason"), payload["reason"] or "—"),
        (_("Category"), case["category_label"]),
        (_("Risk level"), _label(RiskLevel, case["risk_level"]) or "—"),
        (_("Opened on"), _day(case["opened_on"])),
        (_("Step reached"), case["state_label"]),
    ]


def _persons_lines(payload: dict[str, Any]) -> list[Line]:
    lines: list[Line] = [(_("Persons"), "")]
    if not payload["identity_shared"]:
        lines.append(("", _("Names are left out: no sharing consent names the receiving unit.")))
    for person in payload["persons"]:
        details = [d for d in (person["sex"], str(person["birth_year"] or ""), person["relationship"]) if d]
        lines.append(
            ("", f"{person['role_label']}: {person['name']}" + (f" ({', '.join(details)})" if details else ""))
        )
    contact = payload["contact"]
    if contact["rule"] or contact["calls"]:
        calls = _label(ContactCalls, contact["calls"])
        lines.append((_("Safe contact"), " · ".join(v for v in (calls, contact["rule"]) if v)))
    return lines


def _incident_lines(payload: dict[str, Any]) -> list[Line]:
    lines: list[Line] = [(_("Incidents"), "")]
    for incident in payload["incidents"]:
        when = _day(incident["date_from"])
        if incident["date_to"] and incident["date_to"] != incident["date_from"]:
            when += f" – {_day(incident['date_to'])}"
        parts = [incident["type"], incident["place"], ", ".join(incident["forms"]), ", ".join(incident["tpks"])]
        if incident["kdrt"]:
            parts.append(_("Domestic violence (KDRT)"))
        if incident["relationship"]:
            parts.append(incident["relationship"])
        lines.append(("", f"{when}: " + " · ".join(p for p in parts if p)))
    if not payload["incidents"]:
        lines.append(("", _("None recorded.")))
    return lines


def _casework_lines(payload: dict[str, Any]) -> list[Line]:
    lines: list[Line] = [(_("Assessment"), "")]
    assessment = payload["assessment"]
    if assessment is None:
        lines.append(("", _("Not started.")))
    else:
        lines.append((_("Completed on"), _day(assessment["completed_on"])))
        for area in assessment["areas"]:
            text = area["text"] or _("Not written yet.")
            if text == "—":
                text = _("Clinical findings are not in the package: ask the sending unit by letter.")
            lines.append((area["area"], text))
    lines.append((_("Plan and services"), ""))
    plan = payload["plan"]
    if plan is None:
        lines.append(("", _("Not written.")))
    else:
        lines.append((_("State"), plan["state"]))
        for item in plan["items"]:
            target = _day(item["target"])
            provider = f" · {item['provider']}" if item["provider"] else ""
            lines.append(("", f"{item['service']}: {item['status']}{provider} · {target}"))
    sessions = payload["sessions"]
    lines.append((_("Sessions held"), str(sessions["held"])))
    for kind in sessions["by_kind"]:
        lines.append(("", f"{kind['kind']}: {kind['held']}"))
    if sessions["dates"]:
        lines.append((_("Dates"), ", ".join(_day(day) for day in sessions["dates"])))
    lines.append((_("Legal track"), ""))
    for track in payload["legal"]:
        lines.append(
            (
                "",
                _("%(stage)s; police report %(report)s; verdict %(verdict)s; %(hearings)s hearings")
                % {
                    "stage": track["stage"],
                    "report": _day(track["police_report"]),
                    "verdict": _day(track["verdict"]),
                    "hearings": track["hearings"],
                },
            )
        )
    if not payload["legal"]:
        lines.append(("", _("None recorded.")))
    return lines


def summary_lines(payload: dict[str, Any]) -> list[Line]:
    """Every line of the summary, in order."""
    return [*_case_lines(payload), *_persons_lines(payload), *_incident_lines(payload), *_casework_lines(payload)]


def summary_text(payload: dict[str, Any]) -> str:
    """The summary as plain text (the account of the complaint the import creates)."""
    out = []
    for label, text in summary_lines(payload):
        if label and not text:
            out.append(f"\n{label.upper()}")
        else:
            out.append(f"{label}: {text}" if label else f"- {text}")
    return "\n".join(out).strip()
