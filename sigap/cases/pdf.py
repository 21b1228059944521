"""The printable case summary for a case conference (PDF, fpdf2).

Sections: case data, team, persons, incidents and forms of violence, assessment findings, plan and
services with their status, consents, the safe-contact rule (when the case has one), next steps,
history, closure. Each section only where the reader may read it:

- persons are named by the one rule of ``disclosure.person_label`` (a child for an expert: first
  name and age of her client, a pseudonym for any other child), the same as on the case page;
- assessment findings by field group (``permissions.can_read_findings``: psychological findings for
  their author and the HEAD, legal findings also for the case manager); a finding the reader may
  not read is listed by its area with "restricted", never its text;
- no NIK, phone or address, no incident account, no notes: minimum necessary for a printout.

The built-in PDF fonts cover Latin-1 only: other characters are replaced, never dropped silently
from the middle of a word.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from sigap.accounts.models import User
from sigap.cases import codes
from sigap.cases.models import Case, CaseState, CaseStateChange, CaseTeamMember, TeamRole
from sigap.cases.models.consent import Consent
from sigap.cases.models.incident import Incident
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.models.plan import AssessmentSection, PlanItem
from sigap.cases.rules import permissions
from sigap.cases.rules.disclosure import PersonShown, persons_shown
from sigap.cases.services.assessment import latest_assessment
from sigap.cases.services.consent import consent_problem
from sigap.cases.services.plan import latest_plan
from sigap.core.choices import ContactCalls
from sigap.core.dates import format_day, format_when
from sigap.core.pdf import FooterPDF, latin1, pdf_heading, pdf_line

# The safe-contact rule (how, when and by whom the victim may be contacted) comes with the complaint's
# hand-over to the case (#21, branch ``fromcomplaint``). Its module registers a provider here:
# ``provider(case, reader, full_identity) -> lines`` ([] when the case has no rule, or the reader may
# not read it). The section is printed only when a provider answers lines.
SafeContactProvider = Callable[[Case, User, bool], list[str]]
SAFE_CONTACT_PROVIDERS: list[SafeContactProvider] = []


def _case_contact_rule(case: Case) -> list[str]:
    """The case's own safe-contact rule, worded as on top of the case page (includes/contact_rule.html)."""
    if not (case.contact_calls or case.contact_rule):
        return []
    if case.contact_calls == ContactCalls.CALLS_ALLOWED:
        calls = str(_("Calls allowed"))
    elif case.contact_calls:
        calls = f"{_('DO NOT CALL')}: {case.get_contact_calls_display()}"
    else:
        calls = str(_("Not recorded: do not call until the rule is recorded"))
    return [calls, case.contact_rule or str(_("No instructions recorded."))]


def _day(day: date | None) -> str:
    return formats.date_format(day, "DATE_FORMAT") if day else "—"


def _incidents(pdf: FPDF, case: Case, names: Mapping[Any, str]) -> None:
    pdf_heading(pdf, _("Incidents and forms of violence"))
    incidents = list(
        Incident.objects.filter(case=case).order_by("date_from", "pk").prefetch_related("perpetrator_links")
    )
    for incident in incidents:
        when = _day(incident.date_from)
        if incident.date_to and incident.date_to != incident.date_from:
            when += f" - {_day(incident.date_to)}"
        pdf_line(pdf, f"- {when}: {incident.gbv_label} · {incident.place_label}", bold=True)
        details = [_("Victim: %(name)s") % {"name": names.get(incident.victim_id, "—")}]
        if incident.violence_types:
            details.append(_("Forms of violence: %(forms)s") % {"forms": ", ".join(incident.violence_labels)})
        if incident.tpks_forms:
            details.append(_("TPKS: %(forms)s") % {"forms": ", ".join(incident.tpks_labels)})
        if incident.is_kdrt:
            details.append(_("Domestic violence (KDRT)"))
        perpetrator_ids = [link.perpetrator_id for link in incident.perpetrator_links.all()]
        if perpetrator_ids:
            perpetrators = ", ".join(names.get(pk, "—") for pk in perpetrator_ids)
            relation = f" ({incident.relationship_label})" if incident.relationship else ""
            details.append(_("Perpetrator: %(name)s") % {"name": perpetrators + relation})
        for detail in details:
            pdf_line(pdf, f"  {detail}")
    if not incidents:
        pdf_line(pdf, _("No incident recorded yet."))


def _findings(pdf: FPDF, case: Case, reader: User, *, team_role: str | None, is_head: bool) -> None:
    pdf_heading(pdf, _("Assessment findings"))
    assessment = latest_assessment(case)
    if assessment is None:
        pdf_line(pdf, _("Not started."))
        return
    state = (
        _("completed %(date)s, risk %(before)s -> %(after)s")
        % {
            "date": _day(timezone.localdate(assessment.completed_at, case.unit.zone)),
            "before": assessment.get_risk_before_display(),
            "after": assessment.get_risk_after_display(),
        }
        if assessment.completed_at
        else _("in progress")
    )
    pdf_line(pdf, _("Version %(version)s, %(state)s") % {"version": assessment.version, "state": state})
    for section in AssessmentSection.objects.filter(assessment=assessment).select_related("assignee"):
        author = f" ({section.assignee})" if section.assignee_id else ""
        pdf_line(pdf, f"- {section.get_area_display()}{author}", bold=True)
        if not section.is_written:
            pdf_line(pdf, "  " + _("Not written yet."))
        elif permissions.can_read_findings(reader, section, team_role=team_role, is_head=is_head):
            pdf_line(pdf, "  " + section.text)
        else:
            pdf_line(pdf, "  " + _("Restricted: read by its author and the roles of its field group."))


def _plan(pdf: FPDF, case: Case) -> list[PlanItem]:
    pdf_heading(pdf, _("Plan and services"))
    plan = latest_plan(case)
    if plan is None:
        pdf_line(pdf, _("Not written."))
        return []
    pdf_line(pdf, _("Version %(version)s, %(state)s") % {"version": plan.version, "state": plan.get_state_display()})
    items = list(PlanItem.objects.filter(plan=plan).select_related("provider_user").order_by("target_date", "pk"))
    for item in items:
        pdf_line(
            pdf,
            f"- {item.service_label}: {item.get_status_display()} · {item.provider_label} · "
            + _("target %(date)s") % {"date": _day(item.target_date)},
        )
    if not items:
        pdf_line(pdf, _("No services planned yet."))
    return items


def _consents(pdf: FPDF, case: Case, names: Mapping[Any, str]) -> None:
    pdf_heading(pdf, _("Consents"))
    consents = list(Consent.objects.filter(case=case).select_related("victim__person", "guardian__person"))
    for consent in consents:
        status = (
            _("withdrawn %(date)s") % {"date": _day(consent.withdrawn_on)}
            if consent.withdrawn_on
            else (_("not valid") if consent_problem(consent) else _("in force"))
        )
        scope = consent.get_scope_display() + (f" ({consent.agency})" if consent.agency else "")
        pdf_line(
            pdf,
            f"- {scope}: {names.get(consent.victim_id, '—')} · {consent.get_given_by_display()} · "
            f"{consent.get_method_display()} · {_day(consent.given_on)} · {status}",
        )
    if not consents:
        pdf_line(pdf, _("No consent recorded yet."))


def _next_steps(pdf: FPDF, case: Case, items: list[PlanItem]) -> None:
    pdf_heading(pdf, _("Next steps"))
    steps = [
        _("%(service)s (%(provider)s) by %(date)s")
        % {"service": item.service_label, "provider": item.provider_label, "date": _day(item.target_date)}
        for item in items
        if not item.is_resolved
    ]
    if case.closure_requested_at and not case.closed_at:
        steps.append(_("Closure requested: waiting for the head of the unit's decision."))
    for step in steps:
        pdf_line(pdf, f"- {step}")
    if not steps:
        pdf_line(pdf, _("None recorded."))


def case_summary_pdf(*, case: Case, reader: User, show_child_names: bool) -> bytes:
    unit = case.unit
    zone = unit.zone
    now = timezone.localtime(timezone.now(), zone)
    pdf = FooterPDF(format="A4")
    pdf.footer_text = _("Confidential: %(number)s, printed by %(reader)s on %(date)s") % {
        "number": case.number,
        "reader": reader.full_name or reader.username,
        "date": format_when(now, zone),
    }
    pdf.set_title(latin1(case.number))
    pdf.set_margins(18, 15, 18)
    pdf.add_page()
    for line in unit.letterhead or [unit.name]:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 6, latin1(line), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.line(18, pdf.get_y() + 1, 192, pdf.get_y() + 1)
    pdf.ln(5)
    pdf_line(pdf, _("Case summary %(number)s") % {"number": case.number}, bold=True, size=13)
    pdf_line(pdf, _("State: %(state)s") % {"state": case.get_state_display()})
    category = case.get_category_display()
    if case.category_subtype:
        category += f" ({codes.label_of(codes.CASE_CATEGORY, case.category_subtype)})"
    pdf_line(pdf, _("Category: %(category)s") % {"category": category})
    pdf_line(pdf, _("Risk level: %(risk)s") % {"risk": case.get_risk_level_display()})
    pdf_line(pdf, _("Opened: %(date)s") % {"date": format_day(timezone.localtime(case.opened_at, zone))})
    if case.closed_at:
        pdf_line(pdf, _("Closed: %(date)s") % {"date": format_day(timezone.localtime(case.closed_at, zone))})

    pdf_heading(pdf, _("Team"))
    team = CaseTeamMember.objects.filter(case=case, is_active=True).select_related("user")
    for member in team:
        pdf_line(pdf, f"- {TeamRole(member.team_role).label}: {member.user}")
    if not team:
        pdf_line(pdf, _("No one assigned yet."))

    pdf_heading(pdf, _("Persons"))
    links = list(CasePerson.objects.filter(case=case).select_related("person").order_by("role", "added_at"))
    # The same field rules as the case page (disclosure.py); the PDF prints only the name of them.
    shown_list: list[PersonShown] = persons_shown(links, case=case, full=show_child_names, year=now.year)
    for shown in shown_list:
        link = shown.link
        text = f"- {PersonRole(link.role).label}: {shown.name}"
        details = [codes.label_of(codes.SEX, link.person.sex)]
        # A pseudonym carries an age group: the birth year would undo it.
        if link.person.birth_year and not shown.name_is_pseudonym:
            # An estimated age gives an estimated year: marked as the case page marks it.
            year = f"± {link.person.birth_year}" if link.person.age_estimated else str(link.person.birth_year)
            details.append(_("born %(year)s") % {"year": year})
        if link.relationship:
            details.append(codes.label_of(codes.RELATIONSHIP, link.relationship))
        filled = [detail for detail in details if detail]
        pdf_line(pdf, text + (" (" + ", ".join(filled) + ")" if filled else ""))
    if not links:
        pdf_line(pdf, _("No persons recorded yet."))

    names = {shown.link.pk: shown.name for shown in shown_list}
    team_role = permissions.team_role_of(reader, case)
    is_head = permissions.is_head_of(reader, case)
    _incidents(pdf, case, names)
    _findings(pdf, case, reader, team_role=team_role, is_head=is_head)
    items = _plan(pdf, case)
    _consents(pdf, case, names)
    safe_contact = _case_contact_rule(case)
    safe_contact += [line for provider in SAFE_CONTACT_PROVIDERS for line in provider(case, reader, show_child_names)]
    if safe_contact:
        pdf_heading(pdf, _("Safe contact"))
        for line in safe_contact:
            pdf_line(pdf, line)
    _next_steps(pdf, case, items)

    pdf_heading(pdf, _("History"))
    for change in CaseStateChange.objects.filter(case=case):
        when = format_day(timezone.localtime(change.changed_at, zone))
        pdf_line(pdf, f"- {when}: {CaseState(change.to_state).label}")

    if case.closure_reason:
        pdf_heading(pdf, _("Closure"))
        pdf_line(
            pdf, _("Reason: %(reason)s") % {"reason": codes.label_of(codes.TERMINATION_REASON, case.closure_reason)}
        )
        pdf_line(pdf, case.closure_summary or "")
    return bytes(pdf.output())
