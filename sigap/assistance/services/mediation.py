"""Writes of mediations (issue #12; domain.md §C.15, §D2): open, record a session, the outcome, the
follow-ups of an agreement and their checks, its berita acara (a PDF kept as a document of the mediation).

Each function is typed, runs in one transaction on the locked case row and writes one audit event on the
case (``changed_fields=["mediation"]``, codes and ids only), which is also the timeline's line.

Opening is refused, with the legal reason, for a case UU TPKS Pasal 23 bars (``rules.mediation``); without
the assessment that the victim decides freely, recorded by the case manager or a psychologist of the team;
without a mediator of the unit whose training the actor confirms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.accounts.models.users import Role
from sigap.assistance.kinds import MEDIATION_FOLLOW_UP
from sigap.assistance.models.attachment import Attachment, DocumentKind, FieldGroup, OwnerKind
from sigap.assistance.models.mediation import (
    Mediation,
    MediationFollowUp,
    MediationMatter,
    MediationSession,
    MediationStatus,
)
from sigap.assistance.pdf import mediation_record_pdf
from sigap.assistance.rules.mediation import SexualIncident, mediation_barred
from sigap.assistance.services.attachment import attachment_upload
from sigap.assistance.services.common import audit_case, due_on, locked_open_case, responsible_for
from sigap.assistance.services.session import MAX_SHORT, _text
from sigap.cases.models import Case, CaseTeamMember, TeamRole
from sigap.cases.models.incident import Incident
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.selectors.team import SEXUAL_VIOLENCE_TYPES
from sigap.experts.models import ExpertProfile, Profession
from sigap.work.services import work_item_done, work_item_open

ASSESSORS = (Profession.CLINICAL_PSYCHOLOGIST, Profession.PSYCHOLOGICAL_COUNSELLOR)
# Who may be named mediator (decision D57): the unit's staff whose duty includes settling a civil or family
# matter with the parties: the HEAD, the case managers, and the psychological or legal counsellors among the
# experts. Intake, data, administration and audit roles, partners and the clinical psychologist (who may
# have assessed the victim's free decision and must not then sit between the parties) are not offered.
MEDIATOR_ROLES = (Role.HEAD, Role.CASE_MANAGER)
MEDIATOR_PROFESSIONS = (Profession.PSYCHOLOGICAL_COUNSELLOR, Profession.LEGAL_COUNSELLOR)
OUTCOMES = (MediationStatus.AGREEMENT, MediationStatus.NO_AGREEMENT, MediationStatus.STOPPED)


@dataclass(frozen=True)
class MediationOpenData:
    matter: str
    free_decision_note: str
    mediator: User
    mediator_trained: bool


def _sexual_incidents(case: Case) -> list[SexualIncident]:
    incidents = (
        Incident.objects.filter(case=case)
        .filter(Q(violence_type_rows__code__in=SEXUAL_VIOLENCE_TYPES) | ~Q(tpks_forms=[]))
        .distinct()
        .prefetch_related("perpetrators__person")
    )
    return [
        SexualIncident(
            year=incident.date_from.year,
            perpetrator_birth_years=tuple(p.person.birth_year for p in incident.perpetrators.all()),
        )
        for incident in incidents
    ]


def mediation_refusals(case: Case) -> list[str]:
    """Why the case cannot be mediated at all ([] when it can); shown on the page before the form."""
    if mediation_barred(_sexual_incidents(case)):
        return [
            _(
                "Mediation is not allowed: this case has a sexual-violence incident, and UU 12/2022 (TPKS) "
                "Pasal 23 forbids settling sexual violence out of court, except where the perpetrator is a child."
            )
        ]
    return []


def mediators_of(case: Case) -> QuerySet[User]:
    """The staff of the case's unit who may be named mediator (``MEDIATOR_ROLES``/``MEDIATOR_PROFESSIONS``)."""
    unit_staff = Q(memberships__unit=case.unit, memberships__is_active=True)
    duty = Q(memberships__role__in=MEDIATOR_ROLES) | Q(
        memberships__role=Role.EXPERT,
        expert_profile__unit=case.unit,
        expert_profile__profession__in=MEDIATOR_PROFESSIONS,
    )
    return User.objects.filter(unit_staff & duty, is_active=True).distinct().order_by("full_name", "pk")


def _may_assess(actor: User, case: Case) -> bool:
    """The case manager of the team, or a psychologist (clinical or counsellor) on it."""
    member = CaseTeamMember.objects.filter(case=case, user=actor, is_active=True).values_list("team_role", flat=True)
    roles = set(member)
    if TeamRole.CASE_MANAGER in roles:
        return True
    return TeamRole.EXPERT in roles and ExpertProfile.objects.filter(user=actor, profession__in=ASSESSORS).exists()


def _audit(*, actor: User, case: Case, values: dict[str, Any], request: HttpRequest | None) -> None:
    audit_case(actor=actor, case=case, field="mediation", values=values, request=request)


@transaction.atomic
def mediation_open(
    *, actor: User, case: Case, data: MediationOpenData, request: HttpRequest | None = None
) -> Mediation:
    """Open a mediation, after the guards of §C.15 and §D2 (each refusal names its reason)."""
    locked = locked_open_case(case.pk, actor)
    refusals = mediation_refusals(locked)
    if data.matter not in MediationMatter.values:
        refusals.append(_("Choose a matter that may be mediated."))
    note = _text(data.free_decision_note)
    if not note:
        refusals.append(_("Record the assessment that the victim decides freely before mediation."))
    elif not _may_assess(actor, locked):
        refusals.append(
            _(
                "The assessment that the victim decides freely is recorded by the case manager or a psychologist of the team."
            )
        )
    if not mediators_of(locked).filter(pk=data.mediator.pk).exists():
        refusals.append(
            _("The mediator must be the head, a case manager, or a psychological or legal counsellor of the unit.")
        )
    if not data.mediator_trained:
        refusals.append(_("Confirm that the mediator is trained in mediation."))
    if refusals:
        raise TransitionRefused(refusals)
    now = timezone.now()
    mediation = Mediation.objects.create(
        unit=locked.unit,
        case=locked,
        matter=data.matter,
        free_decision_note=note,
        free_decision_by=actor,
        free_decision_at=now,
        mediator=data.mediator,
        mediator_trained_by=actor,
        mediator_trained_at=now,
        created_at=now,
        created_by=actor,
    )
    _audit(
        actor=actor,
        case=locked,
        values={"event": "opened", "id": str(mediation.pk), "matter": data.matter},
        request=request,
    )
    return mediation


def _locked_open(mediation: Mediation, actor: User) -> tuple[Case, Mediation]:
    case = locked_open_case(mediation.case_id, actor)
    row = Mediation.objects.select_for_update().get(pk=mediation.pk, case=case)
    if row.status != MediationStatus.OPEN:
        raise TransitionRefused(_("This mediation already has its outcome."))
    return case, row


@transaction.atomic
def mediation_session_add(
    *,
    actor: User,
    mediation: Mediation,
    held_at: dt.datetime,
    present: str,
    notes: str = "",
    request: HttpRequest | None = None,
) -> MediationSession:
    """Record a meeting of the parties (who was present; notes, encrypted)."""
    case, row = _locked_open(mediation, actor)
    if timezone.is_naive(held_at):
        raise TransitionRefused(_("Give the time in the unit's time zone."))
    if held_at > timezone.now() + dt.timedelta(minutes=10):
        raise TransitionRefused(_("A meeting in the future cannot be recorded yet."))
    who = _text(present, limit=500)
    if not who:
        raise TransitionRefused(_("Say who was present."))
    session = MediationSession.objects.create(
        mediation=row, held_at=held_at, present=who, notes=_text(notes), created_at=timezone.now(), created_by=actor
    )
    _audit(actor=actor, case=case, values={"event": "session", "id": str(row.pk)}, request=request)
    return session


@transaction.atomic
def mediation_outcome(
    *, actor: User, mediation: Mediation, status: str, note: str, request: HttpRequest | None = None
) -> Mediation:
    """Record the outcome: agreement, no agreement or stopped (with the outcome in words)."""
    case, row = _locked_open(mediation, actor)
    if status not in OUTCOMES:
        raise TransitionRefused(_("Choose the outcome of the mediation."))
    text = _text(note)
    if not text:
        raise TransitionRefused(_("Write the outcome (what was agreed, or why not)."))
    row.status, row.outcome_note, row.outcome_at = status, text, timezone.now()
    row.save(update_fields=["status", "outcome_note", "outcome_at"])
    _audit(actor=actor, case=case, values={"event": "outcome", "id": str(row.pk), "status": status}, request=request)
    return row


@transaction.atomic
def mediation_follow_up_add(
    *, actor: User, mediation: Mediation, promise: str, due: dt.date, request: HttpRequest | None = None
) -> MediationFollowUp:
    """A promise of the agreement to check on a date; it opens a work item for the case manager."""
    case = locked_open_case(mediation.case_id, actor)
    row = Mediation.objects.get(pk=mediation.pk, case=case)
    if row.status != MediationStatus.AGREEMENT:
        raise TransitionRefused(_("Follow-ups are for what an agreement promises: record the agreement first."))
    text = _text(promise, limit=MAX_SHORT)
    if not text:
        raise TransitionRefused(_("Say what the agreement promises."))
    if due < timezone.localdate(timezone.now(), case.unit.zone):
        raise TransitionRefused(_("The date to check must be today or later."))
    follow = MediationFollowUp.objects.create(
        mediation=row, promise=text, due_on=due, created_at=timezone.now(), created_by=actor
    )
    work_item_open(
        unit=case.unit,
        kind=MEDIATION_FOLLOW_UP,
        target=follow,
        due_at=due_on(case, due),
        responsible=responsible_for(case, actor),
        title_key=case.number,
    )
    _audit(
        actor=actor,
        case=case,
        values={"event": "follow_up", "id": str(row.pk), "due": due.isoformat()},
        request=request,
    )
    return follow


@transaction.atomic
def mediation_follow_up_check(
    *, actor: User, follow_up: MediationFollowUp, request: HttpRequest | None = None
) -> MediationFollowUp:
    """The promise was checked (kept or not is written as a case note); its work item is done."""
    case = locked_open_case(follow_up.mediation.case_id, actor)
    row = MediationFollowUp.objects.select_for_update().get(pk=follow_up.pk, mediation__case=case)
    if row.checked_at is not None:
        raise TransitionRefused(_("This follow-up is already checked."))
    row.checked_at = timezone.now()
    row.save(update_fields=["checked_at"])
    work_item_done(target=row, kind=MEDIATION_FOLLOW_UP, by=actor)
    _audit(actor=actor, case=case, values={"event": "checked", "id": str(row.mediation_id)}, request=request)
    return row


def mediation_record_make(*, actor: User, mediation: Mediation, request: HttpRequest | None = None) -> Attachment:
    """Draw the berita acara of ``mediation`` (its outcome recorded) and keep it as a document of it.

    Stored as any attachment (encrypted, audited on the case by ``attachment_upload``), readable by the
    case team: it holds what the parties signed, no notes. Made again after a change, it is a new document;
    the older ones stay listed.
    """
    if mediation.status == MediationStatus.OPEN:
        raise TransitionRefused(_("Record the outcome of the mediation first: the berita acara states it."))
    content = mediation_record_pdf(mediation=mediation, author=actor)
    day = timezone.localdate(timezone.now(), mediation.case.unit.zone).isoformat()
    name = f"berita-acara-mediasi-{mediation.case.number}-{day}.pdf".replace("/", "-")
    return attachment_upload(
        actor=actor,
        case=mediation.case,
        upload=SimpleUploadedFile(name, content, content_type="application/pdf"),
        original_name=name,
        document_kind=DocumentKind.BERITA_ACARA,
        field_group=FieldGroup.GENERAL,
        owner_kind=OwnerKind.MEDIATION,
        owner_id=mediation.pk,
        request=request,
    )
