"""The HEAD's merge of two records of one person: find the second record, compare, confirm (issue #21).

HEAD only (the others 403); a person of another unit is a 404 (``person_for_head``). A record that was
merged away leads to its survivor. A record in a case the HEAD cannot open (restricted, without emergency
access) is not shown: the page says why (403), as the merge itself would refuse it.
``?kasus=<case id>`` remembers the case the HEAD came from, to return to it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.audit.services import audit_view
from sigap.cases.forms.case import PersonLookupForm
from sigap.cases.forms.merge import PersonMergeForm, field_texts
from sigap.cases.models import Case
from sigap.cases.models.people import Person
from sigap.cases.selectors import case as case_selectors
from sigap.cases.selectors.merge import PersonCases, cases_of, merge_candidates, person_for_head, shared_links
from sigap.cases.services.person_merge import person_merge
from sigap.core.access import staff_view


def _back_case(request: StaffRequest) -> Case | None:
    case_id = request.GET.get("kasus", "")
    if not case_id:
        return None
    try:
        return case_selectors.get_case_for_user(request.user, case_id)
    except Http404:
        return None


def _url(name: str, back: Case | None, **kwargs: Any) -> str:
    url = reverse(f"cases:{name}", kwargs=kwargs)
    return f"{url}?{urlencode({'kasus': str(back.pk)})}" if back is not None else url


def _refused(request: StaffRequest, back: Case | None) -> HttpResponse:
    return render(request, "cases/person_merge_refused.html", {"back": back}, status=403)


@staff_view(Role.HEAD)
@require_http_methods(["GET", "POST"])
def person_merge_search(request: StaffRequest, person_id: Any) -> HttpResponse:
    """Record A, and the unit's records that may be the same person (found by its own values, or a search)."""
    user, back = request.user, _back_case(request)
    person = person_for_head(user, person_id)
    if person.merged_into_id is not None:
        messages.info(request, _("This record was merged into another one: here is the record that stayed."))
        return redirect(_url("person_merge_search", back, person_id=person.merged_into_id))
    side = cases_of(user, [person])[0]
    if side.hidden:
        return _refused(request, back)
    if request.method == "POST":
        form = PersonLookupForm(request.POST)
        found = form.is_valid()
        data = form.cleaned_data if found else {}
    else:
        # The likely duplicates first: the record's own NIK, phone, and name with its birth year.
        form = PersonLookupForm(initial={"name": person.name, "birth_year": person.birth_year})
        found = True
        data = {"nik": person.nik or "", "phone": person.phone or "", "name": person.name}
        data["birth_year"] = person.birth_year
        audit_view(request, person, context={"page": "person_merge_search"})
    candidates: list[PersonCases] = merge_candidates(user, person, **data) if found else []
    return render(
        request,
        "cases/person_merge_search.html",
        {
            "person": person,
            "side": side,
            "texts": field_texts(person),
            "form": form,
            "candidates": [
                (c, _url("person_merge", back, person_id=person.pk, other_id=c.person.pk)) for c in candidates
            ],
            "back": back,
        },
    )


def _done(request: StaffRequest, survivor: Person, moved: int, back: Case | None) -> HttpResponse:
    messages.success(
        request,
        _("The records are merged: record B now points to record A, and %(count)s case links moved to A.")
        % {"count": moved},
    )
    if back is not None:
        return redirect("cases:case_detail", case_id=back.pk)
    return redirect(_url("person_merge_search", None, person_id=survivor.pk))


@staff_view(Role.HEAD)
@require_http_methods(["GET", "POST"])
def person_merge_view(request: StaffRequest, person_id: Any, other_id: Any) -> HttpResponse:
    """Records A and B side by side, a choice per line, a reason; then a confirmation that says what happens."""
    user, back = request.user, _back_case(request)
    survivor, merged = person_for_head(user, person_id), person_for_head(user, other_id)
    if survivor.pk == merged.pk or survivor.merged_into_id is not None or merged.merged_into_id is not None:
        messages.error(request, _("Choose two different records that are not merged yet."))
        live = survivor.merged_into_id or survivor.pk
        return redirect(_url("person_merge_search", back, person_id=live))
    sides = cases_of(user, [survivor, merged])
    if any(side.hidden for side in sides):
        return _refused(request, back)
    form = PersonMergeForm(request.POST or None, survivor=survivor, merged=merged)
    confirming, duplicates = False, 0
    if request.method == "POST" and form.is_valid():
        duplicates = shared_links(survivor, merged)  # before the merge: its links in the same case and role
        step = request.POST.get("step")
        if step == "confirm":
            try:
                person_merge(
                    actor=user,
                    survivor=survivor,
                    merged=merged,
                    field_choices=form.field_choices(),
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _done(request, survivor, sides[1].links - duplicates, back)
        elif step != "edit":  # "edit": back to the choices from the confirmation
            confirming = True
    if request.method == "GET":
        audit_view(request, survivor, context={"page": "person_merge", "other": str(merged.pk)})
    return render(
        request,
        "cases/person_merge.html",
        {
            "sides": [(sides[0], "a"), (sides[1], "b")],
            "merged": sides[1],
            "taken": form.taken_from_merged() if confirming else [],
            "form": form,
            "confirming": confirming,
            "duplicates": duplicates,
            "back": back,
            "swap_url": _url("person_merge", back, person_id=merged.pk, other_id=survivor.pk),
            "search_url": _url("person_merge_search", back, person_id=survivor.pk),
        },
    )
