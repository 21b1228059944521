"""Contract pages: the unit's contracts, one contract with its periods, a period's evaluation, the workload.

The HEAD of the unit manages; an EXPERT reads their own contracts, periods, figures and decisions; every other
role gets 403 from the access policy; another unit's contract (or a colleague's for an EXPERT) is a 404 (the
getters of ``sigap.contracts.selectors``). Thin views: parse, fetch through the getter, call a service.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sigap.accounts.models import Membership, Role
from sigap.accounts.request import StaffRequest
from sigap.audit.services import audit_view
from sigap.contracts import selectors
from sigap.contracts.evidence import FIGURE_LABELS, REPORT_DAYS, period_evidence
from sigap.contracts.forms import ContractForm, DecisionForm, ScaleForm
from sigap.contracts.models import Contract, ContractState, Decision, PeriodState
from sigap.contracts.rating import decision_scale, unit_scale
from sigap.contracts.services.contract import ContractData, contract_activate, contract_create
from sigap.contracts.services.evaluation import current_decision, decision_supersede, period_decide
from sigap.contracts.services.scale import evaluation_scale_save
from sigap.contracts.workload import workload_rows
from sigap.core.access import staff_view
from sigap.experts.licensing import unit_today
from sigap.experts.models import ExpertProfile

VIEW_ROLES = (Role.HEAD, Role.EXPERT)


def rupiah(value: Any) -> str:
    """``Rp 1.250.000`` (Indonesian) or ``Rp 1,250,000`` (English): whole rupiah, grouped."""
    return "" if value is None else f"Rp {number_format(value, 0, force_grouping=True)}"


def _data(cleaned: dict[str, Any]) -> ContractData:
    return ContractData(**{name: cleaned[name] for name in ContractData.__dataclass_fields__})


def _experts(request: StaffRequest) -> list[tuple[int, str]]:
    """The unit's active experts with a profile, by name (the choices of a new contract)."""
    user_ids = Membership.objects.filter(
        unit=request.membership.unit, role=Role.EXPERT, is_active=True, user__is_active=True
    ).values("user_id")
    profiles = ExpertProfile.objects.filter(user_id__in=user_ids, unit=request.membership.unit).select_related("user")
    return sorted(((p.pk, str(p.user)) for p in profiles), key=lambda row: row[1])


@staff_view(*VIEW_ROLES)
@require_GET
def contract_list(request: StaffRequest) -> HttpResponse:
    """The unit's contracts by fiscal year (the HEAD), or the expert's own."""
    contracts = (
        selectors.contracts_visible_to(request.user)
        .select_related("expert__user", "unit")
        .order_by("-fiscal_year", "expert__user__full_name", "pk")
    )
    return render(
        request,
        "contracts/contract_list.html",
        {"contracts": contracts, "can_manage": selectors.can_manage(request.user)},
    )


@staff_view(Role.HEAD)
@require_http_methods(["GET", "POST"])
def contract_create_view(request: StaffRequest) -> HttpResponse:
    form = ContractForm(
        request.POST or None, request.FILES or None, experts=_experts(request), initial=_new_contract_dates(request)
    )
    if request.method == "POST" and form.is_valid():
        expert = ExpertProfile.objects.filter(pk=form.cleaned_data["expert"], unit=request.membership.unit).first()
        try:
            if expert is None:
                raise ValidationError(_("Only an active expert of your unit can have a contract."))
            contract = contract_create(
                actor=request.user,
                expert=expert,
                data=_data(form.cleaned_data),
                document=form.cleaned_data.get("document"),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Contract recorded; its first period is open."))
            return redirect("contracts:contract_detail", contract_id=contract.pk)
    return render(request, "contracts/contract_form.html", {"form": form, "contract": None})


LINK_LIMIT = 30  # links listed per figure on the evaluation page before "show all"


def _next_year_proposal(contract: Contract) -> Contract | None:
    """The contract proposed for the next fiscal year from ``contract``'s last period, if any."""
    return (
        Contract.objects.filter(previous=contract, fiscal_year=contract.fiscal_year + 1, unit_id=contract.unit_id)
        .order_by("pk")
        .first()
    )


def _new_contract_dates(request: StaffRequest) -> dict[str, Any]:
    """A new contract's fiscal year and dates, filled in (walk #13, 20): the fiscal year under way, from today to
    its last day — in December, when next year's contracts are prepared, the whole of next year."""
    today = unit_today(request.membership.unit)
    year = today.year + 1 if today.month == 12 else today.year
    return {"fiscal_year": year, "start": max(today, dt.date(year, 1, 1)), "end": dt.date(year, 12, 31)}


@staff_view(*VIEW_ROLES)
@require_GET
def contract_detail(request: StaffRequest, contract_id: int) -> HttpResponse:
    contract = selectors.get_contract_for_user(request.user, contract_id)
    today = unit_today(contract.unit)
    # (period, its state as shown today): a future period reads "Upcoming", not "Running".
    periods = [(period, period.state_text_on(today)) for period in contract.periods.order_by("number")]
    return render(
        request,
        "contracts/contract_detail.html",
        {"contract": contract, "periods": periods, "can_manage": selectors.can_manage(request.user)},
    )


@staff_view(Role.HEAD)
@require_http_methods(["GET", "POST"])
def contract_activate_view(request: StaffRequest, contract_id: int) -> HttpResponse:
    """Complete and activate a draft (the next year's proposal, or one made by recruitment)."""
    contract = selectors.get_contract_for_user(request.user, contract_id)
    if contract.state != ContractState.DRAFT:
        messages.error(request, _("Only a draft contract can be activated."))
        return redirect("contracts:contract_detail", contract_id=contract.pk)
    initial = {
        name: getattr(contract, name)
        for name in (
            "number",
            "post",
            "profession",
            "fiscal_year",
            "funding_source",
            "fee_basis",
            "unit_price",
            "duties",
        )
    }
    # A proposal covers its whole fiscal year unless the HEAD says otherwise (walk #13, 20).
    year = contract.fiscal_year
    initial |= {"start": contract.start or dt.date(year, 1, 1), "end": contract.end or dt.date(year, 12, 31)}
    form = ContractForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contract_activate(
                actor=request.user,
                contract=contract,
                data=_data(form.cleaned_data),
                document=form.cleaned_data.get("document"),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Contract activated; its first period is open."))
            return redirect("contracts:contract_detail", contract_id=contract.pk)
    return render(request, "contracts/contract_form.html", {"form": form, "contract": contract})


@staff_view(*VIEW_ROLES)
@require_http_methods(["GET", "POST"])
def period_evaluation(request: StaffRequest, period_id: int) -> HttpResponse:
    """The evidence of a period and, for the HEAD, the rating and the decision (or its superseding)."""
    period = selectors.get_period_for_user(request.user, period_id)
    contract = period.contract
    can_manage = selectors.can_manage(request.user)
    decision = current_decision(period)
    history = list(period.decisions.select_related("decided_by").order_by("decided_at", "pk"))
    previous = contract.periods.filter(number=period.number - 1).first()
    previous_decision = current_decision(previous) if previous is not None else None
    form = None
    if can_manage and contract.state in (ContractState.ACTIVE, ContractState.ENDED):
        decidable = contract.state == ContractState.ACTIVE and not period.decided
        if decidable or decision is not None:
            form = DecisionForm(
                request.POST or None,
                unit=contract.unit,
                superseding=decision is not None,
                ended=decision is not None and decision.decision == Decision.END,
            )
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This period cannot be decided now."))
            return redirect("contracts:period_evaluation", period_id=period.pk)
        if form.is_valid():
            values = form.cleaned_data
            common = {
                "actor": request.user,
                "period": period,
                "decision": values["decision"],
                "ratings": form.ratings(),
                "notes": values["notes"],
                "conditions": values["conditions"],
                "reason": values["reason"],
                "request": request,
            }
            try:
                if decision is None:
                    period_decide(**common)
                else:
                    decision_supersede(**common, supersede_reason=values["supersede_reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                proposal = _next_year_proposal(contract) if period.is_last else None
                if proposal is not None and values["decision"] != Decision.END:
                    # The last period's "extend" proposes next year's contract: the HEAD goes on to complete it.
                    messages.success(
                        request,
                        _("Decision recorded. Next year's contract is proposed as a draft: complete and activate it."),
                    )
                    return redirect("contracts:contract_detail", contract_id=proposal.pk)
                messages.success(request, _("Decision recorded."))
                return redirect("contracts:period_evaluation", period_id=period.pk)
    scale = unit_scale(contract.unit)
    # The page shows what the HEAD wrote about the expert's work: its reading is recorded, like a case's.
    audit_view(request, period)
    # The first links of each figure; "show all" (?semua=<figure>) lists one figure's every record.
    expand = request.GET.get("semua", "")
    evidence = period_evidence(period, link_limit=LINK_LIMIT, expand=expand if expand in dict(FIGURE_LABELS) else "")
    rows = [
        {
            "code": code,
            "label": label,
            "value": evidence[code].value,
            "links": evidence[code].links,
            "hidden": evidence[code].hidden,
            "on_time": code.endswith("_on_time"),  # the rule is said where it is counted (D65)
        }
        for code, label in FIGURE_LABELS
    ]
    # Each decision is read on the scale it was rated on (its own copy), not on today's.
    scored = [(row, _scores(row)) for row in history]
    return render(
        request,
        "contracts/period_evaluation.html",
        {
            "period": period,
            "contract": contract,
            "evidence": evidence,
            "evidence_rows": rows,
            "decision": decision,
            "history": scored,
            "previous_decision": previous_decision,
            "criteria": scale.criteria,
            "scale": (scale.lowest, scale.highest),
            "scale_words": [label for value, label in scale.scores if label != str(value)],
            "form": form,
            "can_manage": can_manage,
            "report_days": REPORT_DAYS,
            "proposal": _next_year_proposal(contract) if period.is_last and decision is not None else None,
            "unit_price_text": rupiah(contract.unit_price),
            "amount_due_text": rupiah(evidence.amount_due),
            "states": PeriodState,
            "period_state": period.state_text_on(unit_today(contract.unit)),
        },
    )


def _scores(decision: Any) -> list[tuple[Any, str]]:
    """(criterion, score with its word) of a decision, on the scale it kept."""
    kept = decision_scale(decision)
    words = dict(kept.scores)
    return [
        (label, words.get(decision.ratings[code], str(decision.ratings[code])) if code in decision.ratings else "—")
        for code, label in kept.criteria
    ]


@staff_view(Role.HEAD)
@require_GET
def workload(request: StaffRequest) -> HttpResponse:
    """Per expert of the unit: open cases, sessions this week and this period, hours, credential and contract."""
    return render(request, "contracts/workload.html", {"rows": workload_rows(request.membership.unit)})


@staff_view(Role.HEAD)
@require_http_methods(["GET", "POST"])
def scale_view(request: StaffRequest) -> HttpResponse:
    """The HEAD's own unit's rating scale: bounds, words of the scores, criteria (renamed, added, deactivated).

    Always the asking HEAD's unit (no id in the URL: another unit's scale cannot even be named). A change applies
    to the evaluations decided after it; decided ones keep the scale they were rated on.
    """
    form = ScaleForm(request.POST or None, scale=unit_scale(request.membership.unit))
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_scale_save(actor=request.user, data=form.data_for_service(), request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Rating scale saved: it applies to the evaluations decided from now on."))
            return redirect("contracts:scale")
    return render(request, "contracts/scale.html", {"form": form})
