"""What the audit pages say for the case file's records: the case number, and code-list labels.

Registered from ``CasesConfig.ready()`` (the audit app sits below cases and never imports it). Each
namer answers a whole page's ids in one query. A person is never named in the trail: the case's
records name the case they belong to (``KK/2026/0001``), which is what an auditor searches for.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.audit.naming import uuid_keys
from sigap.cases import codes
from sigap.cases.models import Case, CaseStateChange, CaseTeamMember
from sigap.cases.models.case import BreakGlassGrant
from sigap.cases.models.consent import Consent
from sigap.cases.models.incident import Incident
from sigap.cases.models.link import PersonLinkRequest
from sigap.cases.models.people import CaseNote, CasePerson
from sigap.cases.models.plan import Assessment, AssessmentSection, Plan, PlanItem, PlanItemStatus
from sigap.core.choices import RiskLevel


def _keys(model: type[models.Model], ids: Collection[str]) -> list[object]:
    if isinstance(model._meta.pk, models.UUIDField):
        return list(uuid_keys(ids))
    return [int(i) for i in ids if str(i).isdigit()]


def _case_numbers_via(model: type[models.Model], path: str) -> Callable[[Collection[str]], dict[str, str]]:
    def namer(ids: Collection[str]) -> dict[str, str]:
        rows = model._default_manager.filter(pk__in=_keys(model, ids)).values_list("pk", path)
        return {str(pk): number for pk, number in rows if number}

    return namer


def register_audit_names() -> None:
    from sigap.audit.naming import (
        register_key_labels,
        register_nested_fields,
        register_object_namer,
        register_value_labeller,
    )

    register_object_namer("cases.case", _case_numbers_via(Case, "number"))
    for model in (
        CaseStateChange,
        CaseTeamMember,
        BreakGlassGrant,
        Consent,
        Incident,
        PersonLinkRequest,
        CaseNote,
        CasePerson,
        Assessment,
        Plan,
    ):
        register_object_namer(model._meta.label_lower, _case_numbers_via(model, "case__number"))
    register_object_namer("cases.assessmentsection", _case_numbers_via(AssessmentSection, "assessment__case__number"))
    register_object_namer("cases.planitem", _case_numbers_via(PlanItem, "plan__case__number"))

    # Codes of the reference lists (their labels in the active language).
    def code_list(list_key: str) -> Callable[[Any], str]:
        return lambda value: codes.label_of(list_key, value)

    for object_type, field_name, list_key in (
        ("cases.case", "closure_reason", codes.TERMINATION_REASON),
        ("cases.case", "category_subtype", codes.CASE_CATEGORY),
        ("cases.caseperson", "relationship", codes.RELATIONSHIP),
        ("cases.personlinkrequest", "relationship", codes.RELATIONSHIP),
        ("cases.incident", "relationship", codes.RELATIONSHIP),
        ("cases.incident", "place", "place"),
        ("cases.incident", "gbv_type", "gbv_type"),
        ("cases.incident", "age_group", "age_group"),
        ("cases.incident", "violence_types", "violence_type"),
        ("cases.incident", "tpks_forms", "tpks_form"),
        ("cases.planitem", "service", "service_type"),
    ):
        register_value_labeller(object_type, field_name, code_list(list_key))

    # A case's lists (team, persons, consents…) change as one field of the case: their rows' fields.
    for field_name, nested in (
        ("team", "cases.caseteammember"),
        ("persons", "cases.caseperson"),
        ("consents", "cases.consent"),
        ("notes", "cases.casenote"),
        ("incidents", "cases.incident"),
        ("link_requests", "cases.personlinkrequest"),
        ("assessment", "cases.assessmentsection"),
        ("plan", "cases.plan"),
    ):
        register_nested_fields("cases.case", field_name, nested)
    register_key_labels(
        {
            "active": _("active"),
            "via_break_glass": _("through emergency access"),
            "licensed": _("licensed"),
            "linked": _("linked"),
            "withdrawn": _("withdrawn"),
            # What happened to the record (started, written…): not an incident ("kejadian").
            "event": _("action"),
            "state": _("state"),
            "version": _("version"),
            "risk_after": _("risk level after the assessment"),
            "service": _("service"),
            "status": _("status"),
            # The case's lists, each changed as one field of the case.
            "team": _("team"),
            "persons": _("persons"),
            "consents": _("consents"),
            "notes": _("notes"),
            "incidents": _("incidents"),
            "link_requests": _("link requests"),
            "assessment": _("assessment"),
            "plan": _("intervention plan"),
            # A merge of two records of one person (on the survivor, and on each case for its timeline).
            "merged": _("merge"),
            "from_survivor": _("kept from the surviving record"),
            "from_merged": _("taken from the merged record"),
            "cases": _("cases"),
            "links_moved": _("case links moved"),
            "links_removed": _("duplicate case links removed"),
            "roles": _("roles"),
            # Fields of the case without a verbose name of their own.
            "closure_requested_by": _("closure requested by"),
            "closed_by": _("closed by"),
            # A team row's member, and how a person of a complaint came onto its case (``services.carry``).
            "user": _("staff member"),
            "created": _("created"),
            "requested": _("link requested"),
            "from_complaint": _("from the complaint"),
        },
        hidden=("incident", "consent", "note", "person", "request", "assessment", "plan", "item", "merged_from"),
    )
    events = {
        "started": _("started"),
        "assigned": _("assigned"),
        "written": _("written"),
        "completed": _("completed"),
        "recorded": _("recorded"),
        "changed": _("changed"),
        "drafted": _("drafted"),
        "item_added": _("service added"),
        "item_removed": _("service removed"),
        "submitted": _("submitted for approval"),
        "approved": _("approved"),
        "returned": _("returned for changes"),
        "item_status": _("status of a service changed"),
    }
    for nested in ("cases.incident", "cases.assessmentsection", "cases.plan"):
        register_value_labeller(nested, "event", lambda code: str(events.get(code, code)))
    register_value_labeller("cases.plan", "service", code_list("service_type"))
    register_value_labeller("cases.plan", "status", lambda code: str(dict(PlanItemStatus.choices).get(code, code)))
    register_value_labeller(
        "cases.assessmentsection", "risk_after", lambda code: str(dict(RiskLevel.choices).get(code, code))
    )
