"""Writes of incidents, and the pure functions behind their derived codes.

- :func:`age_on` / :func:`age_group_for` / :func:`age_status_for`: the victim's age, SIMFONI age group
  and child/adult status at the incident date (domain.md §C.7).
- :func:`suggest_gbv_type`: the GBVIMS core type by the decision order of domain.md §C.4; the user
  confirms it (the mapping from SIMFONI types and TPKS forms is Sigap's own, documented below).
- :func:`incident_record` / :func:`incident_update`: keyword-only, atomic, audited on the case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases import codes
from sigap.cases.models import Case
from sigap.cases.models.incident import AgeStatus, Incident, IncidentPerpetrator, IncidentViolenceType
from sigap.cases.models.people import CHILD_AGE_LIMIT, CasePerson, Person, PersonRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.rules.permissions import can_manage
from sigap.regions.models import Village

VIOLENCE_TYPE = "violence_type"
TPKS_FORM = "tpks_form"
GBV_TYPE = "gbv_type"
PLACE = "place"
MAX_ACCOUNT_LENGTH = 20000

# --- ages ------------------------------------------------------------------------------------------

# SIMFONI age groups (domain.md §C.7): (lowest age, code), checked from the top.
_AGE_GROUPS = ((60, "60_PLUS"), (45, "45_59"), (25, "25_44"), (18, "18_24"), (13, "13_17"), (6, "6_12"), (0, "0_5"))


def years_between(born: dt.date, on: dt.date) -> int:
    """Completed years from ``born`` to ``on``: the birthday itself counts (18 on the 18th birthday).

    Someone born on 29 February turns a year older on 1 March in non-leap years.
    """
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_on(person: Person, on: dt.date) -> int | None:
    """The person's age on ``on``: exact from the birth date, else from the (estimated) birth year.

    With a birth year only, the age is ``on.year - birth_year`` (the best a year allows). ``None`` when
    neither is known, or when the date is before the birth.
    """
    if person.birth_date is not None:
        age = years_between(person.birth_date, on)
    elif person.birth_year is not None:
        age = on.year - person.birth_year
    else:
        return None
    return age if age >= 0 else None


def age_group_for(age: int | None) -> str:
    """The SIMFONI age-group code of an age (empty when unknown)."""
    if age is None:
        return ""
    return next(code for lowest, code in _AGE_GROUPS if age >= lowest)


def age_status_for(age: int | None) -> str:
    """ANAK under 18, DEWASA from the 18th birthday; empty when unknown."""
    if age is None:
        return ""
    return AgeStatus.ANAK if age < CHILD_AGE_LIMIT else AgeStatus.DEWASA


# --- GBVIMS core type --------------------------------------------------------------------------------

# Sigap's mapping (domain.md §C.4 ⚠): which recorded facts make each core type apply. The first type in
# the decision order that applies wins. Non-contact sexual forms (non-physical harassment, electronic
# sexual violence) count as psychological abuse, as GBVIMS classifies acts without physical contact.
_RAPE_FORMS = frozenset({"PERKOSAAN"})
_NON_CONTACT_FORMS = frozenset({"PELECEHAN_NONFISIK", "KSBE", "TPPU_ASAL_TPKS"})
_FORCED_MARRIAGE_FORMS = frozenset({"PEMAKSAAN_PERKAWINAN"})
_BODILY_FORMS = frozenset({"PEMAKSAAN_KONTRASEPSI", "PEMAKSAAN_STERILISASI"})

GBV_DECISION_ORDER = (
    "RAPE",
    "SEXUAL_ASSAULT",
    "PHYSICAL_ASSAULT",
    "FORCED_MARRIAGE",
    "DENIAL_OF_RESOURCES",
    "PSYCHOLOGICAL_ABUSE",
)


def suggest_gbv_type(violence_types: Iterable[str], tpks_forms: Iterable[str]) -> str:
    """The GBVIMS core type to suggest, by the decision order; ``""`` when nothing points to one.

    - RAPE: the TPKS form "rape" (perkosaan).
    - SEXUAL_ASSAULT: any other sexual form with contact (every TPKS form except forced marriage, the
      bodily forms and the non-contact forms), or the SIMFONI type "sexual" without a TPKS form.
    - PHYSICAL_ASSAULT: the SIMFONI type "physical", or forced contraception or sterilisation.
    - FORCED_MARRIAGE: the TPKS form "forced marriage" (child marriage included).
    - DENIAL_OF_RESOURCES: the SIMFONI types "neglect" or "exploitation".
    - PSYCHOLOGICAL_ABUSE: the SIMFONI type "psychological", or a non-contact sexual form.
    Trafficking and "other" alone suggest nothing: trafficking is a context, not a type; the user
    chooses (NON_GBV included).
    """
    types, forms = set(violence_types), set(tpks_forms)
    sexual_contact = forms - _RAPE_FORMS - _NON_CONTACT_FORMS - _FORCED_MARRIAGE_FORMS - _BODILY_FORMS
    applies = {
        "RAPE": bool(forms & _RAPE_FORMS),
        "SEXUAL_ASSAULT": bool(sexual_contact) or ("SEKSUAL" in types and not forms),
        "PHYSICAL_ASSAULT": "FISIK" in types or bool(forms & _BODILY_FORMS),
        "FORCED_MARRIAGE": bool(forms & _FORCED_MARRIAGE_FORMS),
        "DENIAL_OF_RESOURCES": bool(types & {"PENELANTARAN", "EKSPLOITASI"}),
        "PSYCHOLOGICAL_ABUSE": "PSIKIS" in types or bool(forms & _NON_CONTACT_FORMS),
    }
    return next((code for code in GBV_DECISION_ORDER if applies[code]), "")


def gbv_type_refusal(violence_types: Iterable[str], tpks_forms: Iterable[str], gbv_type: str) -> str:
    """Why ``gbv_type`` contradicts a ticked TPKS form of sexual violence, naming the type to choose; else "".

    A TPKS form that makes rape or sexual assault apply decides the type (it comes first in the decision
    order): storing "physical assault" beside "sexual abuse of a child" would miscount the case in GBVIMS
    (walk of #12). Other mismatches stay the user's call, as the help text asks her to check.
    """
    suggestion = suggest_gbv_type([], tpks_forms)
    if suggestion not in {"RAPE", "SEXUAL_ASSAULT"} or gbv_type == suggestion:
        return ""
    # The form's own suggestion (types included) is the same here: rape and sexual assault come first.
    suggestion = suggest_gbv_type(violence_types, tpks_forms)
    return _(
        "A TPKS form of sexual violence is ticked, so the GBVIMS core type is “%(suggestion)s”, "
        "not “%(chosen)s”. Choose “%(suggestion)s”, or untick the TPKS form if it does not apply."
    ) % {"suggestion": codes.label_of(GBV_TYPE, suggestion), "chosen": codes.label_of(GBV_TYPE, gbv_type)}


# --- writes ---------------------------------------------------------------------------------------------


@dataclass
class IncidentData:
    """What the incident form collected (codes from the reference lists)."""

    victim: CasePerson
    date_from: dt.date
    place: str
    account: str
    violence_types: list[str]
    gbv_type: str
    date_to: dt.date | None = None
    village: Village | None = None
    tpks_forms: list[str] = field(default_factory=list)
    is_kdrt: bool = False
    perpetrators: list[CasePerson] = field(default_factory=list)
    relationship: str = ""


def _check_codes(list_key: str, values: Iterable[str], message: str) -> list[str]:
    found = sorted(set(values))
    if any(not codes.is_code(list_key, value) for value in found):
        raise TransitionRefused(message)
    return found


def _validated(case: Case, data: IncidentData, *, today: dt.date) -> dict[str, Any]:
    """The field values to store, or TransitionRefused with the first problem found."""
    if data.victim.case_id != case.pk or data.victim.role != PersonRole.VICTIM:
        raise TransitionRefused(_("Choose a victim recorded in this case."))
    perpetrators = list(dict.fromkeys(data.perpetrators))
    if any(p.case_id != case.pk or p.role != PersonRole.PERPETRATOR for p in perpetrators):
        raise TransitionRefused(_("Choose a perpetrator recorded in this case."))
    if data.date_from > today or (data.date_to is not None and data.date_to > today):
        raise TransitionRefused(_("The incident date cannot be in the future."))
    if data.date_from < dt.date(1900, 1, 1):
        raise TransitionRefused(_("Enter a real incident date."))
    if data.date_to is not None and data.date_to < data.date_from:
        raise TransitionRefused(_("The last day of the period cannot be before the first day."))
    if not codes.is_code(PLACE, data.place):
        raise TransitionRefused(_("Choose the place from the list."))
    violence = _check_codes(VIOLENCE_TYPE, data.violence_types, _("Choose the types of violence from the list."))
    if not violence:
        raise TransitionRefused(_("Choose at least one type of violence."))
    tpks = _check_codes(TPKS_FORM, data.tpks_forms, _("Choose the TPKS forms from the list."))
    if not codes.is_code(GBV_TYPE, data.gbv_type):
        raise TransitionRefused(_("Confirm the GBVIMS core type."))
    if refusal := gbv_type_refusal(violence, tpks, data.gbv_type):
        raise TransitionRefused(refusal)
    # Typed for the incident, else the first named perpetrator's (each keeps their own on the case).
    relationship = data.relationship or (perpetrators[0].relationship if perpetrators else "")
    if relationship and not codes.is_code(codes.RELATIONSHIP, relationship):
        raise TransitionRefused(_("Choose the relationship to the victim from the list."))
    account = (data.account or "").strip()
    if not account:
        raise TransitionRefused(_("Write what happened."))
    if len(account) > MAX_ACCOUNT_LENGTH:
        raise TransitionRefused(_("The account is too long (at most 20000 characters)."))
    age = age_on(data.victim.person, data.date_from)
    return {
        "victim": data.victim,
        "relationship": relationship,
        "perpetrators": perpetrators,
        "date_from": data.date_from,
        "date_to": data.date_to,
        "place": data.place,
        "village": data.village,
        "account": account,
        "violence_types": violence,
        "tpks_forms": tpks,
        "is_kdrt": bool(data.is_kdrt),
        "gbv_type": data.gbv_type,
        "age_group": age_group_for(age),
        "age_status": age_status_for(age),
    }


def incident_violence_types_sync(*, incident: Incident) -> None:
    """Make the incident's ``IncidentViolenceType`` rows match its ``violence_types`` list.

    Call in the transaction that saves the incident (the case list filters and the recaps read the
    rows, never the JSON list). Also for incidents written outside the services (synthetic data).
    """
    wanted = set(incident.violence_types or [])
    rows = IncidentViolenceType.objects.filter(incident=incident)
    rows.exclude(code__in=wanted).delete()
    present = set(rows.values_list("code", flat=True))
    IncidentViolenceType.objects.bulk_create(
        [IncidentViolenceType(incident=incident, code=code) for code in sorted(wanted - present)]
    )


def _perpetrators_set(incident: Incident, perpetrators: list[CasePerson]) -> bool:
    """Make the incident's perpetrator rows match ``perpetrators``; True when they changed."""
    rows = IncidentPerpetrator.objects.filter(incident=incident)
    present = set(rows.values_list("perpetrator_id", flat=True))
    wanted = [p.pk for p in perpetrators]
    if present == set(wanted):
        return False
    rows.exclude(perpetrator_id__in=wanted).delete()
    IncidentPerpetrator.objects.bulk_create(
        [IncidentPerpetrator(incident=incident, perpetrator_id=pk) for pk in wanted if pk not in present]
    )
    return True


def _check_can_edit(actor: User, case: Case) -> None:
    if not can_manage(actor, case):
        raise TransitionRefused(_("Only the head of the unit or the case manager can record incidents."))
    if not case.is_open:
        raise TransitionRefused(_("A closed case cannot be changed; reopen it first."))


def _audit(*, actor: User, case: Case, incident: Incident, event: str, request: HttpRequest | None) -> None:
    # Ids and codes only: the account and the derived personal codes stay out of the trail.
    audit_record(
        actor=actor,
        unit=case.unit,
        action=AuditAction.UPDATE,
        obj=case,
        changed_fields=["incidents"],
        new={"incidents": {"incident": str(incident.pk), "event": event}},
        request=request,
    )


# Called after an incident is recorded or changed, in the same transaction, with the actor and the locked case:
# a higher app reacts to what the incidents now say (the legal track opens the TPKS police-report clock of a
# case that became sexual violence; sigap.cases cannot import it). Registered in ``AppConfig.ready()``.
IncidentHook = Callable[[User, Case], None]
_incident_hooks: list[IncidentHook] = []


def register_incident_changed(hook: IncidentHook) -> None:
    if hook not in _incident_hooks:
        _incident_hooks.append(hook)


def _incident_changed(actor: User, case: Case) -> None:
    for hook in _incident_hooks:
        hook(actor, case)


@transaction.atomic
def incident_record(*, actor: User, case: Case, data: IncidentData, request: HttpRequest | None = None) -> Incident:
    """Record a new incident of the case (a reopened case gets a new one for the same victim)."""
    locked = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)
    _check_can_edit(actor, locked)
    today = timezone.localdate(timezone.now(), locked.unit.zone)
    values = _validated(locked, data, today=today)
    perpetrators = values.pop("perpetrators")
    incident = Incident(case=locked, recorded_at=timezone.now(), recorded_by=actor, **values)
    incident.full_clean()
    incident.save(force_insert=True)
    incident_violence_types_sync(incident=incident)
    _perpetrators_set(incident, perpetrators)
    _audit(actor=actor, case=locked, incident=incident, event="recorded", request=request)
    _incident_changed(actor, locked)
    return incident


@transaction.atomic
def incident_update(
    *, actor: User, incident: Incident, data: IncidentData, request: HttpRequest | None = None
) -> Incident:
    """Correct an incident (same rules as recording it); derived codes are computed again."""
    locked = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=incident.case_id)
    _check_can_edit(actor, locked)
    today = timezone.localdate(timezone.now(), locked.unit.zone)
    values = _validated(locked, data, today=today)
    perpetrators = values.pop("perpetrators")
    row = Incident.objects.select_for_update().get(pk=incident.pk)
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    named = _perpetrators_set(row, perpetrators)
    if not changed and not named:
        return row
    for name in changed:
        setattr(row, name, values[name])
    row.full_clean()
    row.save(update_fields=[*changed, "updated_at"])
    if "violence_types" in changed:
        incident_violence_types_sync(incident=row)
    _audit(actor=actor, case=locked, incident=row, event="changed", request=request)
    _incident_changed(actor, locked)
    return row


def case_has_tpks(case: Case) -> bool:
    """Any incident of the case records a TPKS form (then mediation is refused, domain.md §D2)."""
    return any(forms for forms in Incident.objects.filter(case=case).values_list("tpks_forms", flat=True))
