"""The services the unit delivered (issue #12, domain.md §C.10), as the reports count them: from what was
held, never from the plan.

- an accompaniment session held: the SIMFONI service of its kind (``AccompanimentSession.service_code``);
- a mediation session held with the parties: ``MEDIASI`` (local extension of §C.10);
- a legal track's police report: ``PENEGAKAN_HUKUM`` ("Penegakan hukum"), once per track, on the date of the
  report. Hearings are not counted again: accompanying the victim at a hearing is a session (``AT_COURT``);
- an admission to a temporary shelter: ``PENAMPUNGAN_SEMENTARA`` (local extension of §C.10: SIMFONI has no
  shelter code), once per admission — the victim's stay; the children admitted with her are the same
  service — in the period of the admission, whenever the discharge.

For a period (the unit recap) each delivery counts
once; for one case (the SIMFONI row) the report joins the codes of everything delivered so far, from the
querysets below (the report's own string aggregate: this app does not import the reports).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.db.models import Exists, OuterRef, QuerySet

from sigap.accounts.models import Unit
from sigap.assistance.models.legal import LegalTrack
from sigap.assistance.models.mediation import MediationSession
from sigap.assistance.models.session import AccompanimentSession, SessionStatus
from sigap.assistance.models.shelter import ShelterStay
from sigap.assistance.selectors.session import Bounds, services_delivered

MEDIATION_SERVICE = "MEDIASI"
LEGAL_TRACK_SERVICE = "PENEGAKAN_HUKUM"
SHELTER_SERVICE = "PENAMPUNGAN_SEMENTARA"


def mediation_sessions_held(unit_ids: Sequence[int], period: Bounds) -> QuerySet[MediationSession]:
    """Mediation sessions with the parties held by the units in ``period``."""
    return MediationSession.objects.filter(
        mediation__unit_id__in=list(unit_ids), held_at__gte=period.start, held_at__lt=period.end
    )


def police_reports_made(unit_ids: Sequence[int], period: Bounds) -> QuerySet[LegalTrack]:
    """Legal tracks of the units whose police report was made in ``period``."""
    # A DateField: the days of the period (its bounds are local midnights of the unit's zone).
    return LegalTrack.objects.filter(
        unit_id__in=list(unit_ids),
        police_report_date__gte=period.start.date(),
        police_report_date__lt=period.end.date(),
    )


def shelter_admissions(unit_ids: Sequence[int], period: Bounds) -> QuerySet[ShelterStay]:
    """Admissions to a temporary shelter by the units in ``period``: the victims' stays (``principal`` None),
    not the children's, so one admission counts once (index ``shelter_stay_admission_idx``)."""
    return ShelterStay.objects.filter(
        unit_id__in=list(unit_ids),
        principal__isnull=True,
        admitted_at__gte=period.start,
        admitted_at__lt=period.end,
    )


def unit_services_delivered(unit: Unit, period: Bounds) -> dict[str, int]:
    """Services delivered by ``unit`` in ``period``, per SIMFONI code (four queries, each on an index; the
    unit recap runs the same four compiled once, ``sigap.reports.recap``)."""
    counts = Counter(services_delivered(unit, period))
    counts[MEDIATION_SERVICE] += mediation_sessions_held([unit.pk], period).count()
    counts[LEGAL_TRACK_SERVICE] += police_reports_made([unit.pk], period).count()
    counts[SHELTER_SERVICE] += shelter_admissions([unit.pk], period).count()
    return {code: n for code, n in counts.items() if n}


def held_sessions_of(case_ref: str) -> QuerySet[AccompanimentSession]:
    """The held sessions with a service of the case ``OuterRef(case_ref)`` (for a subquery of the report)."""
    return AccompanimentSession.objects.filter(case_id=OuterRef(case_ref), status=SessionStatus.HELD).exclude(
        service_code=""
    )


def mediated(case_ref: str) -> Exists:
    """Whether the case ``OuterRef(case_ref)`` had a mediation session with the parties."""
    return Exists(MediationSession.objects.filter(mediation__case_id=OuterRef(case_ref)))


def police_reported(case_ref: str) -> Exists:
    """Whether a legal track of the case ``OuterRef(case_ref)`` reached the police report."""
    return Exists(LegalTrack.objects.filter(case_id=OuterRef(case_ref), police_report_date__isnull=False))


def sheltered(case_ref: str) -> Exists:
    """Whether the case ``OuterRef(case_ref)`` had a victim admitted to a temporary shelter."""
    return Exists(ShelterStay.objects.filter(case_id=OuterRef(case_ref), principal__isnull=True))
