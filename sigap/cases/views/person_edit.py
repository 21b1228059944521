"""Case pages that correct a person of the case: edit every field and the role, or remove the link.

The HEAD or the case's manager (``can_manage``: an expert on the team gets 403, anyone outside the
case's scope 404). The person is found through the case's active links only, so a removed link or a
person of another case is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.audit.services import audit_view
from sigap.cases.forms.case import PersonForm, PersonRemoveForm
from sigap.cases.models import Case
from sigap.cases.models.people import CasePerson
from sigap.cases.rules import permissions
from sigap.cases.selectors import case as selectors
from sigap.cases.selectors.people import other_case_count
from sigap.cases.services.person_edit import case_person_remove, person_update
from sigap.cases.views.people import _person_data
from sigap.core.access import staff_view

CASE_ROLES = (Role.HEAD, Role.CASE_MANAGER, Role.EXPERT)


def _link_for(request: StaffRequest, case_id: Any, link_id: int) -> tuple[Case, CasePerson]:
    case = selectors.get_case_for_user(request.user, case_id)
    if not permissions.can_manage(request.user, case):
        raise PermissionDenied
    link = get_object_or_404(CasePerson.objects.select_related("person", "person__village"), pk=link_id, case=case)
    return case, link


def _link_in_force(case: Case, link_id: int) -> CasePerson | None:
    """The link in force of the same person, case and role as a removed link (a merge removed a duplicate)."""
    removed = CasePerson.all_links.filter(pk=link_id, case=case, removed_at__isnull=False).first()
    if removed is None:
        return None
    return CasePerson.objects.filter(case=case, person_id=removed.person_id, role=removed.role).first()


def _initial(link: CasePerson, case: Case) -> dict[str, Any]:
    person = link.person
    estimated = None
    if person.age_estimated and person.birth_year is not None:
        estimated = timezone.localdate(timezone.now(), case.unit.zone).year - person.birth_year
    return {
        "role": link.role,
        "relationship": link.relationship,
        "name": person.name,
        "sex": person.sex,
        "birth_date": person.birth_date,
        "estimated_age": estimated,
        "nik": person.nik or "",
        "phone": person.phone or "",
        "address": person.address,
        "village": person.village,
        "education": person.education,
        "occupation": person.occupation,
        "disabilities": person.disabilities,
        "marital_status": person.marital_status,
        "nationality": person.nationality,
    }


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_person_edit(request: StaffRequest, case_id: Any, link_id: int) -> HttpResponse:
    """Correct a person (every field) and their role in the case; the change is seen in all their cases.

    The address of a link that a merge removed (a duplicate of the surviving record's link) leads to the
    surviving link.
    """
    try:
        case, link = _link_for(request, case_id, link_id)
    except Http404:
        kept = _link_in_force(selectors.get_case_for_user(request.user, case_id), link_id)
        if kept is None:
            raise
        return redirect("cases:case_person_edit", case_id=kept.case_id, link_id=kept.pk)
    form = PersonForm(request.POST or None, initial=_initial(link, case))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person_update(
                actor=request.user,
                link=link,
                data=_person_data(data),
                role=data["role"],
                relationship=data["relationship"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The person's details are saved."))
            return redirect("cases:case_detail", case_id=case.pk)
    if request.method == "GET":
        audit_view(request, case, context={"page": "person_edit", "person": str(link.person_id)})
    return render(
        request,
        "cases/case_person_edit.html",
        {
            "case": case,
            "link": link,
            "form": form,
            "other_cases": other_case_count(link),
            "is_head": permissions.is_head_of(request.user, case),  # the entry to the merge
        },
    )


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_person_remove_view(request: StaffRequest, case_id: Any, link_id: int) -> HttpResponse:
    """Remove a person added to the case by mistake (a reason is required)."""
    case, link = _link_for(request, case_id, link_id)
    form = PersonRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case_person_remove(actor=request.user, link=link, reason=form.cleaned_data["reason"], request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The person is removed from the case."))
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/case_person_remove.html", {"case": case, "link": link, "form": form})
