"""The programme's "refer" page: a referral to the programme's partner, with the referral form of the referrals app
and sent by its service (the consent guard and the HEAD's override decide; D82). Thin: the programme comes from its
getter (404 outside the case's scope), the HEAD and the case manager act (403 for the team's experts)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.accounts.stepup import step_up_response
from sigap.audit.services import audit_view
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.models.plan import PlanItem
from sigap.cases.rules.permissions import can_manage, is_head_of
from sigap.core.access import staff_view
from sigap.empowerment.models import ProgrammeKind
from sigap.empowerment.selectors.access import get_programme_for_user
from sigap.empowerment.services.delivery import may_refer, programme_refer
from sigap.partners.models import Partner
from sigap.partners.selectors import partner_contact_choices
from sigap.referrals.forms.outgoing import ReferralForm
from sigap.referrals.models import Status

# The SIMFONI service (§C.10) a programme asks of its partner; social assistance has no single code: chosen by hand.
PROGRAMME_SERVICE: dict[str, str] = {
    ProgrammeKind.TRAINING: "PEMBERDAYAAN_EKONOMI",
    ProgrammeKind.CAPITAL: "PEMBERDAYAAN_EKONOMI",
    ProgrammeKind.JOB_PLACEMENT: "PEMBERDAYAAN_EKONOMI",
    ProgrammeKind.CIVIL_DOCUMENTS: "DOKUMEN_KEPENDUDUKAN",
    ProgrammeKind.EDUCATION: "PENDIDIKAN",
}


@staff_view(Role.HEAD, Role.CASE_MANAGER)
@require_http_methods(["GET", "POST"])
def programme_refer_view(request: StaffRequest, programme_id: Any) -> HttpResponse:
    programme = get_programme_for_user(request.user, programme_id)
    case = programme.case
    if not can_manage(request.user, case):
        raise PermissionDenied
    back = redirect("empowerment:programme_edit", programme_id=programme.pk)
    if not case.is_open or not may_refer(programme, programme.referral):
        messages.info(request, _("This programme is not waiting for a referral."))
        return back
    victims = CasePerson.objects.filter(case=case, role=PersonRole.VICTIM, removed_at__isnull=True).select_related(
        "person"
    )
    partner = programme.partner
    # Started from the programme (walk #14): the service it stands for, and its notes as the needs summary.
    initial: dict[str, Any] = {"partner": programme.partner_id, "needs_summary": programme.notes}
    if programme.kind in PROGRAMME_SERVICE:
        initial["services"] = [PROGRAMME_SERVICE[programme.kind]]
    if len(victims) == 1:
        initial["victim"] = victims[0].pk
    form = ReferralForm(
        request.POST or None,
        victims=victims,
        partners=Partner.objects.filter(pk=programme.partner_id or 0, is_active=True),
        contacts=partner_contact_choices(case.unit).filter(partner_id=programme.partner_id or 0),
        plan_items=PlanItem.objects.none(),
        is_head=is_head_of(request.user, case),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Sending without consent is the HEAD's override: a fresh step-up, as on the referral page.
        if data.get("override_reason") and (ask := step_up_response(request)) is not None:
            return ask
        try:
            referral = programme_refer(
                actor=request.user, programme=programme, data=form.referral_data(), request=request
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if referral.status == Status.AWAITING_CONFIRMATION:
                messages.warning(
                    request, _("Recorded. A second staff member must confirm before the referral is sent.")
                )
            else:
                messages.success(request, _("Referral sent. Print the referral letter for the partner."))
            return back
    audit_view(request, case, context={"page": "empowerment_programme_refer", "programme": str(programme.pk)})
    context = {"case": case, "form": form, "programme": programme, "partner": partner, "heading": _("Refer")}
    return render(request, "empowerment/programme_refer.html", context)
