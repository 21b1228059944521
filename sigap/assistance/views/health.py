"""Health pages (issue #12): the case's referrals (with the form to add one) and the visum dates of one."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sigap.accounts.request import StaffRequest
from sigap.assistance.forms.mediation import ReferralForm, VisumForm
from sigap.assistance.selectors.mediation import case_referrals, get_referral_for_user
from sigap.assistance.services.health import VISUM_REPORT_DAYS, VisumDates, health_referral_add, visum_update
from sigap.assistance.views.mediation import attempt
from sigap.assistance.views.session import CASE_ROLES
from sigap.audit.services import audit_view
from sigap.cases.selectors.case import get_case_for_user
from sigap.core.access import staff_view


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def health_list(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def write() -> None:
            health_referral_add(
                actor=request.user,
                case=case,
                facility=data["facility"],
                referred_on=data["referred_on"],
                request=request,
            )

        if attempt(request, form, write, _("Referral recorded.")):
            return redirect("assistance:health_list", case_id=case.pk)
    audit_view(request, case, context={"page": "health"})
    context = {"case": case, "referrals": list(case_referrals(case)), "form": form, "days": VISUM_REPORT_DAYS}
    return render(request, "assistance/health_list.html", context)


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def visum_update_view(request: StaffRequest, referral_id: Any) -> HttpResponse:
    referral = get_referral_for_user(request.user, referral_id)
    initial = {
        "requested_on": referral.visum_requested_on,
        "done_on": referral.visum_done_on,
        "report_on": referral.visum_report_on,
    }
    form = VisumForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        dates = VisumDates(requested_on=data["requested_on"], done_on=data["done_on"], report_on=data["report_on"])

        def write() -> None:
            visum_update(actor=request.user, referral=referral, dates=dates, request=request)

        if attempt(request, form, write, _("Visum dates saved.")):
            return redirect("assistance:health_list", case_id=referral.case_id)
    audit_view(request, referral.case, context={"page": "visum"})
    context = {"case": referral.case, "referral": referral, "form": form, "days": VISUM_REPORT_DAYS}
    return render(request, "assistance/visum_update.html", context)
