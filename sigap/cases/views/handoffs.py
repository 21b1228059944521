"""Links of the hand-off work items whose target is not the case itself (a team place, a section).

My work and the bell link an item by its target's id; these views find the case behind it, scoped
like every case page (``get_case_for_user``: 404 outside the user's cases), and send the user there.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.cases.models import CaseTeamMember
from sigap.cases.models.plan import AssessmentSection
from sigap.cases.selectors.case import get_case_for_user
from sigap.core.access import staff_view

HANDOFF_ROLES = (Role.HEAD, Role.CASE_MANAGER, Role.EXPERT)


@staff_view(*HANDOFF_ROLES)
@require_GET
def team_member_go(request: StaffRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(CaseTeamMember, pk=member_id, user=request.user)
    case = get_case_for_user(request.user, member.case_id)
    return redirect("cases:case_detail", case_id=case.pk)


@staff_view(*HANDOFF_ROLES)
@require_GET
def section_go(request: StaffRequest, section_id: int) -> HttpResponse:
    section = get_object_or_404(AssessmentSection.objects.select_related("assessment"), pk=section_id)
    case = get_case_for_user(request.user, section.assessment.case_id)
    if section.assessment.case_id != case.pk:
        raise Http404
    return redirect("cases:assessment_section", case_id=case.pk, area=section.area)
