"""Pure rules of accompaniment sessions: the SIMFONI service of each kind, the field group of the notes
and who reads it, and which credential guards a session must pass. No database access here.

Kind → SIMFONI service code (reference list ``service_type``, domain.md §C.10): the one table the
reports read (through ``AccompanimentSession.service_code``). ``OTHER`` takes the service of the plan
item it delivers, or none (then the data officer classifies it by hand; it is not counted).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sigap.assistance.models.session import NotesGroup, SessionKind
from sigap.cases.models import TeamRole
from sigap.experts.models import CredentialKind, Profession

K = SessionKind

KIND_SERVICE: dict[str, str | None] = {
    # Psychological services (local extension PSIKOLOGIS, UU TPKS Pasal 70(2); Perpres 55/2024 task d).
    K.PSYCH_ASSESSMENT: "PSIKOLOGIS",
    K.COUNSELLING: "PSIKOLOGIS",
    K.PSYCHOTHERAPY: "PSIKOLOGIS",
    K.COURT_PSYCH_REPORT: "PSIKOLOGIS",
    # Advice of the legal counsellor is legal aid; standing beside the victim before the police, the
    # prosecutor and the court is the law-enforcement service (SIMFONI "Penegakan hukum").
    K.LEGAL_CONSULTATION: "BANTUAN_HUKUM",
    K.LEGAL_OPINION: "BANTUAN_HUKUM",
    K.AT_POLICE: "PENEGAKAN_HUKUM",
    K.AT_PROSECUTOR: "PENEGAKAN_HUKUM",
    K.AT_COURT: "PENEGAKAN_HUKUM",
    # The visum is a health examination (at the investigator's request, domain.md §B3 Kesehatan).
    K.AT_HOSPITAL: "KESEHATAN",
    # ⚠ design: psychosocial follow-up at home and in groups is social rehabilitation (Perpres 55 task e).
    K.HOME_VISIT: "REHABILITASI_SOSIAL",
    K.GROUP: "REHABILITASI_SOSIAL",
    K.SPIRITUAL: "PENDAMPINGAN_TOKOH_AGAMA",
    K.OTHER: None,
}

PSYCHOLOGICAL_KINDS = frozenset({K.PSYCH_ASSESSMENT, K.COUNSELLING, K.PSYCHOTHERAPY, K.COURT_PSYCH_REPORT})
LEGAL_KINDS = frozenset({K.LEGAL_CONSULTATION, K.LEGAL_OPINION, K.AT_POLICE, K.AT_PROSECUTOR, K.AT_COURT})
# Accompaniment at the levels of examination (UU TPKS Pasal 26(1)); the visum is part of the investigation.
ACCOMPANIMENT_KINDS = frozenset({K.AT_POLICE, K.AT_PROSECUTOR, K.AT_COURT, K.AT_HOSPITAL})
PSYCHOLOGIST_PROFESSIONS = frozenset({Profession.CLINICAL_PSYCHOLOGIST, Profession.PSYCHOLOGICAL_COUNSELLOR})


def service_code_of(kind: str, plan_item_service: str | None = None) -> str:
    """The SIMFONI service a session of ``kind`` delivers ("" when none)."""
    return KIND_SERVICE.get(kind) or (plan_item_service if kind == K.OTHER and plan_item_service else "") or ""


def notes_group_of(kind: str, author_profession: str | None) -> str:
    """The field group of notes written on a session of ``kind`` by an author of ``author_profession``.

    The most protective reading wins: a psychologist's notes are clinical whatever the kind (she writes
    about the victim's mind at a court hearing too), notes of a psychological session are clinical
    whoever writes them; then the legal counsellor's notes and legal sessions are legal; the rest general.
    """
    if author_profession in PSYCHOLOGIST_PROFESSIONS or kind in PSYCHOLOGICAL_KINDS:
        return NotesGroup.CLINICAL
    if author_profession == Profession.LEGAL_COUNSELLOR or kind in LEGAL_KINDS:
        return NotesGroup.LEGAL
    return NotesGroup.GENERAL


@dataclass(frozen=True)
class Reader:
    """What decides a user's reading of one case's session notes (computed once per page, no query per row)."""

    user_id: int
    is_head: bool
    team_role: str | None
    profession: str | None


def can_read_notes(reader: Reader, *, group: str, author_id: int | None) -> bool:
    """CLINICAL: author and HEAD; LEGAL: also the team's legal counsellor and case manager; GENERAL: the team."""
    if reader.is_head or (author_id is not None and author_id == reader.user_id):
        return True
    if group == NotesGroup.CLINICAL:
        return False
    if group == NotesGroup.LEGAL:
        return reader.team_role == TeamRole.CASE_MANAGER or (
            reader.team_role == TeamRole.EXPERT and reader.profession == Profession.LEGAL_COUNSELLOR
        )
    return reader.team_role is not None


# --- credential guards --------------------------------------------------------------------------------

PSYCHOLOGIST_LICENCE = "PSYCHOLOGIST_LICENCE"
TPKS_TRAINING = "TPKS_TRAINING"
PSYCHOLOGIST_KINDS = frozenset({CredentialKind.STRPK, CredentialKind.SIPPK})


@dataclass(frozen=True)
class ExpertFacts:
    """One expert present at the session: profession and the credential kinds valid on the session day."""

    user_id: int
    name: str
    profession: str | None
    valid_kinds: frozenset[str]


@dataclass(frozen=True)
class Refusal:
    """A guard that failed: its code (kept in the audit trail when the HEAD overrides it) and the message."""

    rule: str
    message: str


def credential_refusals(*, kind: str, sexual_violence: bool, experts: list[ExpertFacts]) -> list[Refusal]:
    """The credential guards a session fails (domain.md §E5, §D2), each with its legal reason."""
    refusals = []
    for expert in experts:
        if (
            kind in PSYCHOLOGICAL_KINDS
            and expert.profession == Profession.CLINICAL_PSYCHOLOGIST
            and not expert.valid_kinds >= PSYCHOLOGIST_KINDS
        ):
            refusals.append(
                Refusal(
                    PSYCHOLOGIST_LICENCE,
                    _(
                        "%(name)s has no valid STRPK and SIPPK on the day of the session: a clinical psychologist "
                        "may only give psychological services while registered and licensed (Permenkes 45/2017 "
                        "Pasal 3 and 5)."
                    )
                    % {"name": expert.name},
                )
            )
        if (
            kind in ACCOMPANIMENT_KINDS
            and sexual_violence
            and CredentialKind.SERTIFIKAT_PELATIHAN_TPKS not in expert.valid_kinds
        ):
            refusals.append(
                Refusal(
                    TPKS_TRAINING,
                    _(
                        "%(name)s has no valid sexual-violence (TPKS) training certificate: whoever accompanies "
                        "a victim of sexual violence must have completed that training (UU TPKS Pasal 26(3))."
                    )
                    % {"name": expert.name},
                )
            )
    return refusals
