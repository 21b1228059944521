"""Extension of the generator: the incident(s) of each synthetic case (sigap.cases.models.incident).

One incident per case (a second one in 10 % of cases), dated a few days to weeks before the case
was opened, with the case's violence type, KDRT flag and relationship, the SIMFONI age group and the
GBVIMS type the product itself would suggest (``suggest_gbv_type``). Registered in ``bench.plans``.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from bench.base import pick
from bench.writer import new
from sigap.accounts.models import Role
from sigap.audit.models import AuditAction
from sigap.cases.models import incident as models_incident
from sigap.cases.models.incident import Incident, IncidentPerpetrator
from sigap.cases.services.incident import age_group_for, age_status_for, suggest_gbv_type

# The per-type rows of recaps (being added to the incident model): written when the model exists.
IncidentViolenceType: Any = getattr(models_incident, "IncidentViolenceType", None)

if TYPE_CHECKING:
    from bench.base import Batch, CaseContext, CasePlan

# The incident list's codes for the plan's violence types ("EKONOMI" is recorded as neglect).
VIOLENCE_CODES = {"FISIK": "FISIK", "PSIKIS": "PSIKIS", "SEKSUAL": "SEKSUAL", "PENELANTARAN": "PENELANTARAN"}
PLACES_KDRT = [("RUMAH_TANGGA", 0.9), ("LAINNYA", 0.1)]
PLACES_OTHER = [("FASILITAS_UMUM", 0.3), ("SEKOLAH", 0.2), ("DARING", 0.15), ("TEMPAT_KERJA", 0.15), ("LAINNYA", 0.2)]
TPKS_CHILD = ["KS_TERHADAP_ANAK", "PERBUATAN_CABUL", "PERKOSAAN"]
TPKS_ADULT = ["PELECEHAN_FISIK", "PERKOSAAN", "KSBE", "KS_RUMAH_TANGGA"]


def incidents_add(ctx: CaseContext, batch: Batch, plan: CasePlan) -> None:
    if plan.victim_link is None:
        return
    rng = random.Random(ctx.config.seed * 9_000_011 + plan.index)
    case = plan.case
    for _ in range(2 if rng.random() < 0.1 else 1):
        violence = VIOLENCE_CODES.get(plan.violence_type, "LAINNYA")
        types = [violence] + (["PSIKIS"] if violence != "PSIKIS" and rng.random() < 0.3 else [])
        tpks = []
        if violence == "SEKSUAL":
            tpks = [rng.choice(TPKS_CHILD if plan.child_victim else TPKS_ADULT)]
        date_from = (case.opened_at - dt.timedelta(days=rng.uniform(1, 60))).date()
        birth_year = plan.victim.birth_year
        age = date_from.year - birth_year if birth_year is not None else None
        incident = new(
            Incident,
            case=case,
            victim=plan.victim_link,
            relationship=plan.relationship,
            date_from=date_from,
            place=pick(rng, PLACES_KDRT if plan.is_kdrt else PLACES_OTHER),
            village_id=plan.victim.village_id,
            account="Kronologi kejadian sintetis.",
            violence_types=types,
            tpks_forms=tpks,
            is_kdrt=plan.is_kdrt,
            gbv_type=suggest_gbv_type(types, tpks) or "PSYCHOLOGICAL_ABUSE",
            age_group=age_group_for(age),
            age_status=age_status_for(age),
            recorded_at=case.opened_at + dt.timedelta(hours=1),
            recorded_by=plan.manager,
        )
        batch.add(incident)
        if plan.perpetrator_link is not None:
            batch.add(new(IncidentPerpetrator, incident=incident, perpetrator=plan.perpetrator_link))
        if IncidentViolenceType is not None:
            for code in types:
                batch.add(new(IncidentViolenceType, incident=incident, code=code))
        batch.event(
            unit_id=case.unit.pk,
            actor=plan.manager,
            role=Role.CASE_MANAGER,
            action=AuditAction.UPDATE,
            obj=case,
            at=incident.recorded_at,
            changed=["incidents"],
            new={"incidents": {"incident": str(incident.pk), "event": "recorded"}},
        )


def register(extensions: list[Any], write_order: list[Any], relink: set[Any]) -> None:
    # No relink needed: the victim's and perpetrator's CasePerson ids are drawn when they are planned.
    write_order.append(Incident)
    write_order.append(IncidentPerpetrator)
    if IncidentViolenceType is not None:
        write_order.append(IncidentViolenceType)
    extensions.append(incidents_add)
