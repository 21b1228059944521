"""Reads of the case team: who may join a case, and which experts fit it best (issue #4).

Split from :mod:`sigap.cases.selectors.case` (which re-exports these names) to keep modules readable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from sigap.accounts.models import Membership, Role, User
from sigap.cases.models.case import OPEN_STATES, Case, CaseTeamMember, TeamRole
from sigap.cases.models.incident import Incident
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.models.plan import Plan, PlanItem, PlanItemStatus
from sigap.experts.licensing import TPKS_TRAINING, kind_flag, unit_today
from sigap.experts.needs import SERVICE_NEEDS, professions_for
from sigap.experts.ranking import explain_fit, rank_first
from sigap.experts.selectors import annotate_experts

# --- team ---------------------------------------------------------------------------------------


def open_caseload(unit_id: int) -> Coalesce:
    """Per outer user: the open cases (states up to PEMANTAUAN) of ``unit_id`` on whose team they are
    active. Only that unit's cases: another unit's workload is not this unit's to see (an expert who
    moved keeps old team rows until that unit closes them).

    Registered with the experts app (``caseload_register``) by ``CasesConfig.ready()``: the experts
    pages show it, and the team suggestions (``annotate_experts``) rank by it.
    """
    counts = (
        CaseTeamMember.objects.filter(
            user=OuterRef("pk"), is_active=True, case__unit_id=unit_id, case__state__in=list(OPEN_STATES)
        )
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


# Hooks of the candidate experts of a case: ``fn(case, queryset) -> queryset``. A hook may narrow the
# queryset (e.g. an active contract, when contracts come) or reorder it by annotating ``hook_rank``:
# lower ranks first, after criteria (a)-(d) of ``expert_suggestions`` and before the caseload. Add to the
# current value so that several hooks combine: ``qs.annotate(hook_rank=F("hook_rank") + <expression>)``.
EXPERT_CANDIDATE_HOOKS: list[Any] = []

# Violence types that make a case a sexual-violence case for the TPKS-training bonus (with any TPKS form).
SEXUAL_VIOLENCE_TYPES = ("SEKSUAL",)


def expert_candidates(case: Case) -> QuerySet[User]:
    """Active experts of the case's unit not yet on its team (unordered, unannotated)."""
    on_team = CaseTeamMember.objects.filter(case=case, is_active=True).values("user_id")
    experts = Membership.objects.filter(unit_id=case.unit_id, role=Role.EXPERT, is_active=True).values("user_id")
    return User.objects.filter(is_active=True, pk__in=experts).exclude(pk__in=on_team)


def victims_sex(case: Case) -> str:
    """The victims' common sex (``L``/``P``), or "" when unknown for one of them or when they differ."""
    sexes = set(CasePerson.objects.filter(case=case, role=PersonRole.VICTIM).values_list("person__sex", flat=True))
    return next(iter(sexes)) if len(sexes) == 1 and sexes <= {"L", "P"} else ""


def is_sexual_violence_case(case: Case) -> bool:
    """An incident of the case has a sexual violence type or a TPKS form (one query)."""
    return (
        Incident.objects.filter(case=case)
        .filter(Q(violence_type_rows__code__in=SEXUAL_VIOLENCE_TYPES) | ~Q(tpks_forms=[]))
        .exists()
    )


def needed_profession(case: Case) -> str:
    """What the team page looks for by default: the first expert service of the current plan (latest
    version; services neither done nor cancelled, in target-date order) that no active team expert of a
    fitting profession covers yet; "" when there is none. A ``ProfessionNeed`` value.

    Items a partner delivers (``provider_partner``, or an agency named in ``provider_agency`` before the
    directory, e.g. legal aid by an LBH) need no expert of the unit and are left out."""
    plan = Plan.objects.filter(case=case).order_by("-version").values("pk")[:1]
    services = (
        PlanItem.objects.filter(
            plan__in=plan, service__in=list(SERVICE_NEEDS), provider_agency="", provider_partner__isnull=True
        )
        .exclude(status__in=[PlanItemStatus.DONE, PlanItemStatus.CANCELLED])
        .order_by("target_date", "pk")
        .values_list("service", flat=True)
    )
    needs = list(dict.fromkeys(SERVICE_NEEDS[service] for service in services))
    if not needs:
        return ""
    team = set(
        CaseTeamMember.objects.filter(
            case=case, is_active=True, team_role=TeamRole.EXPERT, user__expert_profile__isnull=False
        ).values_list("user__expert_profile__profession", flat=True)
    )
    return next((need for need in needs if not professions_for(need) & team), "")


@dataclass(frozen=True)
class SuggestionFacts:
    """What the ranking reads of the case itself: the victims' common sex when it ranks, sexual violence."""

    victims_sex: str
    sexual_violence: bool


def suggestion_facts(case: Case) -> SuggestionFacts:
    """Two queries, whatever the number of experts (the sex only when the victim asked for it)."""
    return SuggestionFacts(
        victims_sex=victims_sex(case) if case.same_sex_expert_preferred else "",
        sexual_violence=is_sexual_violence_case(case),
    )


def expert_suggestions(
    case: Case, *, profession: str | None = None, facts: SuggestionFacts | None = None
) -> list[User]:
    """Active experts of the case's unit not yet on its team, best fit first. ONE query for the experts.

    Order (documented on the team page and in the user guide):

    0. available (``ExpertProfile.available``) first: the others are listed last, with a note;
    a. the profession matches ``profession`` (a ``ProfessionNeed`` value; none given: no effect);
    b. licensed (valid credentials for the profession, :mod:`sigap.experts.licensing`) first;
    c. same sex as the victim(s) first, only when the case has ``same_sex_expert_preferred`` and every
       victim's sex is known and the same;
    d. on a sexual-violence case (a SEKSUAL type or a TPKS form), a valid TPKS training certificate first;
    then the hooks' ``hook_rank``; e. open caseload ascending; experts without a profile after the others
    equal so far; full name; id.

    Each user carries ``caseload``, ``profession`` (code, "" without a profile), ``licensed``,
    ``same_sex`` (None when sex does not rank), ``tpks_trained``, ``has_profile``, ``available`` and
    ``reasons`` (short translated phrases for the page). ``facts`` (read when not given) are the case's
    own data the ranking needs.
    """
    day = unit_today(case.unit)
    wanted = professions_for(profession)
    facts = facts or suggestion_facts(case)
    sex, sexual = facts.victims_sex, facts.sexual_violence
    qs = annotate_experts(expert_candidates(case), day=day, unit_id=case.unit_id).annotate(
        profession_rank=rank_first(Q(profession__in=wanted)) if wanted else Value(0, output_field=IntegerField()),
        licensed_rank=rank_first(Q(licensed=True)),
        sex_rank=rank_first(Q(expert_sex=sex)) if sex else Value(0, output_field=IntegerField()),
        tpks_rank=rank_first(Q(**{kind_flag(TPKS_TRAINING): True}))
        if sexual
        else Value(0, output_field=IntegerField()),
        available_rank=rank_first(Q(available=True)),
        profile_rank=rank_first(Q(has_profile=True)),
        hook_rank=Value(0, output_field=IntegerField()),
    )
    for hook in EXPERT_CANDIDATE_HOOKS:
        qs = hook(case, qs)
    ranked: list[User] = list(
        qs.order_by(
            "available_rank",
            "profession_rank",
            "licensed_rank",
            "sex_rank",
            "tpks_rank",
            "hook_rank",
            "caseload",
            "profile_rank",
            "full_name",
            "pk",
        )
    )
    for expert in ranked:
        explain_fit(expert, wanted=wanted, victims_sex=sex, sexual_violence=sexual)
    return ranked


def manager_candidates(case: Case) -> QuerySet[User]:
    """Who may be the case manager: active CASE_MANAGERs and HEADs of the unit."""
    return User.objects.filter(
        is_active=True,
        memberships__unit_id=case.unit_id,
        memberships__role__in=[Role.CASE_MANAGER, Role.HEAD],
        memberships__is_active=True,
    ).order_by("full_name", "pk")


def active_team(case: Case) -> list[CaseTeamMember]:
    return list(CaseTeamMember.objects.filter(case=case, is_active=True).select_related("user"))
