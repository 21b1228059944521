"""Case pages for the team (HEAD), the persons (search before create) and notes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sigap.accounts.models import Role, User
from sigap.accounts.request import StaffRequest
from sigap.audit.services import audit_view
from sigap.cases.forms.case import (
    ExpertNeedForm,
    ExpertPreferenceForm,
    LinkDecisionForm,
    NoteForm,
    PersonForm,
    PersonLinkForm,
    PersonSearchForm,
    TeamAssignForm,
    TeamEndForm,
)
from sigap.cases.models import Case, CaseTeamMember, TeamRole
from sigap.cases.models.people import Person, PersonRole
from sigap.cases.rules import permissions
from sigap.cases.selectors import case as selectors
from sigap.cases.selectors.carry import PersonDefaults, person_defaults
from sigap.cases.services.link import person_link_request_create, person_link_request_decide
from sigap.cases.services.people import DuplicateNik, PersonData, case_note_add, case_person_link, person_create
from sigap.cases.services.team import case_expert_preference_set, case_team_assign, case_team_end
from sigap.core.access import staff_view
from sigap.experts.licensing import unit_today
from sigap.experts.selectors import expert_licensed

CASE_ROLES = (Role.HEAD, Role.CASE_MANAGER, Role.EXPERT)
# The session remembers which persons the last search of a case offered: only those can be linked,
# so a person id from elsewhere cannot be attached to a case (and its data read) by a crafted POST.
SEARCH_SESSION_KEY = "cases_person_search"
# Both forms are on one page after a search: distinct prefixes keep their element ids unique.
SEARCH_PREFIX, PERSON_PREFIX = "search", "person"


def _case_for(request: StaffRequest, case_id: Any, predicate: Any) -> Case:
    case = selectors.get_case_for_user(request.user, case_id)
    if not predicate(request.user, case):
        raise PermissionDenied
    return case


# --- team -------------------------------------------------------------------------------------------


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_team(request: StaffRequest, case_id: Any) -> HttpResponse:
    """The HEAD assigns the case manager and experts, and records the victim's same-sex preference.

    Suggestions rank experts by the profession needed (GET ``?profession=``, by default what the plan
    still needs), licence, same sex when preferred, TPKS training and caseload (``expert_suggestions``).
    """
    case = _case_for(request, case_id, permissions.can_assign_team)
    user = request.user
    # Who is already on the team is not offered again (walk #14, 12): one active place per person and case.
    on_team = CaseTeamMember.objects.filter(case=case, is_active=True).values("user_id")
    candidates = (
        User.objects.filter(
            Q(pk__in=selectors.manager_candidates(case).values("pk"))
            | Q(pk__in=selectors.expert_candidates(case).values("pk"))
        )
        .exclude(pk__in=on_team)
        .order_by("full_name", "pk")
    )
    form = TeamAssignForm(candidates=candidates)
    if request.method == "POST":
        try:
            if "preference" in request.POST:
                preference = ExpertPreferenceForm(request.POST)
                preference.is_valid()  # a checkbox: anything but a true value is "no preference"
                case_expert_preference_set(
                    actor=user,
                    case=case,
                    preferred=preference.cleaned_data.get("same_sex_expert_preferred", False),
                    request=request,
                )
                messages.success(request, _("Preference saved."))
                return redirect("cases:case_team", case_id=case.pk)
            if "member" in request.POST:
                end = TeamEndForm(request.POST)
                if not end.is_valid():
                    raise ValidationError(_("Choose a team member."))
                case_team_end(actor=user, case=case, member_id=end.cleaned_data["member"], request=request)
                messages.success(request, _("Removed from the team."))
                return redirect("cases:case_team", case_id=case.pk)
            form = TeamAssignForm(request.POST, candidates=candidates)
            if form.is_valid():
                member = case_team_assign(
                    actor=user,
                    case=case,
                    user=form.cleaned_data["user"],
                    team_role=form.cleaned_data["team_role"],
                    request=request,
                )
                messages.success(request, _("Added to the team."))
                if member.team_role == TeamRole.EXPERT and not expert_licensed(member.user, unit_today(case.unit)):
                    messages.warning(
                        request,
                        _(
                            "%(name)s has no valid licence for their profession on record: check their "
                            "credentials before they work on the case."
                        )
                        % {"name": member.user},
                    )
                return redirect("cases:case_team", case_id=case.pk)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    need = ExpertNeedForm(request.GET if "profession" in request.GET else None)
    default_need = selectors.needed_profession(case)
    profession = need.cleaned_data["profession"] if need.is_bound and need.is_valid() else default_need
    if not need.is_bound:
        need = ExpertNeedForm(initial={"profession": default_need})
    facts = selectors.suggestion_facts(case)
    return render(
        request,
        "cases/case_team.html",
        {
            "case": case,
            "team": selectors.active_team(case),
            "suggestions": selectors.expert_suggestions(case, profession=profession, facts=facts),
            "form": form,
            "need_form": need,
            "profession": profession,
            "default_need": default_need,
            "preference_form": ExpertPreferenceForm(
                initial={"same_sex_expert_preferred": case.same_sex_expert_preferred}
            ),
            "facts": facts,
        },
    )


# --- persons ------------------------------------------------------------------------------------------


def _remember(request: HttpRequest, case: Case, person_ids: list[str]) -> None:
    # One case at a time keeps the session small.
    request.session[SEARCH_SESSION_KEY] = {str(case.pk): {"ids": person_ids}}


def _remembered(request: HttpRequest, case: Case) -> dict[str, Any] | None:
    entry = request.session.get(SEARCH_SESSION_KEY, {}).get(str(case.pk))
    return entry if isinstance(entry, dict) else None


def _person_data(data: dict[str, Any]) -> PersonData:
    return PersonData(
        name=data["name"],
        sex=data["sex"],
        birth_date=data["birth_date"],
        estimated_age=data["estimated_age"],
        nik=data["nik"],
        phone=data["phone"],
        address=data["address"],
        village=data["village"],
        education=data["education"],
        occupation=data["occupation"],
        disabilities=list(data["disabilities"]),
        marital_status=data["marital_status"],
        nationality=data["nationality"],
    )


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_person_add(request: StaffRequest, case_id: Any) -> HttpResponse:
    """Add a person: search first (POST), then link a match or create a new person.

    Steps (``step`` in the POST): ``search`` shows known persons of the unit that match (NIK, phone,
    or name + birth year) with their earlier cases as far as the user may see them; ``link`` adds a
    person the search offered; ``create`` records a new person (only after a search of this case).
    """
    case = _case_for(request, case_id, permissions.can_manage)
    user = request.user
    role = request.GET.get("role", PersonRole.VICTIM)
    search_form = PersonSearchForm(
        initial={"role": role if role in PersonRole.values else PersonRole.VICTIM}, prefix=SEARCH_PREFIX
    )
    person_form: PersonForm | None = None
    defaults: PersonDefaults | None = None
    matches: list[selectors.PersonMatch] | None = None
    step = request.POST.get("step", "") if request.method == "POST" else ""
    if step == "search":
        search_form = PersonSearchForm(request.POST, prefix=SEARCH_PREFIX)
        if search_form.is_valid():
            data = search_form.cleaned_data
            # "Name not known yet" searches by NIK and phone only (a name would be a guess).
            name = "" if data["name_unknown"] else data["name"]
            matches = selectors.person_matches(
                user, case=case, nik=data["nik"], phone=data["phone"], name=name, birth_year=data["birth_year"]
            )
            _remember(request, case, [str(m.person.pk) for m in matches])
            initial = {"role": data["role"], "name": name, "nik": data["nik"], "phone": data["phone"]}
            # Where the person lives, when a higher app knows it (the outreach visit): shown as such, editable.
            defaults = person_defaults(user, case, data["role"])
            if defaults is not None:
                initial |= {"village": defaults.village, "address": defaults.address}
            person_form = PersonForm(initial=initial, prefix=PERSON_PREFIX)
            audit_view(request, case, context={"page": "person_search", "matches": len(matches)})
    elif step == "link":
        link = PersonLinkForm(request.POST)
        remembered = _remembered(request, case)
        if not link.is_valid() or remembered is None or str(link.cleaned_data["person"]) not in remembered["ids"]:
            messages.error(request, _("Search again and choose a person from the results."))
            return redirect("cases:case_person_add", case_id=case.pk)
        person = Person.objects.filter(pk=link.cleaned_data["person"], unit_id=case.unit_id).first()
        try:
            if person is None:
                raise ValidationError(_("This person was not found."))
            # A person on a case the user may not see (or on a restricted case) waits for the HEAD.
            needs_approval = selectors.link_needs_approval(user, case=case, person=person)
            write = person_link_request_create if needs_approval else case_person_link
            write(
                actor=user,
                case=case,
                person=person,
                role=link.cleaned_data["role"],
                relationship=link.cleaned_data["relationship"],
                request=request,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("cases:case_person_add", case_id=case.pk)
        if needs_approval:
            messages.info(request, _("Link requested: the head of the unit must approve it first."))
        else:
            messages.success(request, _("Person added to the case."))
        return redirect("cases:case_detail", case_id=case.pk)
    elif step == "create":
        person_form = PersonForm(request.POST, prefix=PERSON_PREFIX)
        remembered = _remembered(request, case)
        if remembered is None:
            messages.error(request, _("Search for the person first, so that nobody is recorded twice."))
            return redirect("cases:case_person_add", case_id=case.pk)
        if person_form.is_valid():
            data = person_form.cleaned_data
            matches = _unseen_phone_matches(user, case, data["phone"], seen=remembered["ids"])
            if matches:
                # Typed after a search by name: the number is a known person's. Shown once; sending the
                # form again records a new person (a family often shares one phone).
                person_form.add_error("phone", _SAME_PHONE)
                _remember(request, case, [*remembered["ids"], *(str(m.person.pk) for m in matches)])
                return _add_page(request, case, search_form, person_form, matches)
            try:
                person_create(
                    actor=user,
                    case=case,
                    data=_person_data(data),
                    role=data["role"],
                    relationship=data["relationship"],
                    request=request,
                )
            except DuplicateNik as error:
                # The NIK is already the unit's: offer that person (link, or ask the HEAD) with the same
                # cards as a search would; the form keeps what was typed.
                matches = selectors.person_matches(user, case=case, nik=data["nik"])
                person_form.add_error("nik", error)
                _remember(request, case, [str(m.person.pk) for m in matches])
            except ValidationError as error:
                person_form.add_error(None, error)
            else:
                request.session.pop(SEARCH_SESSION_KEY, None)
                messages.success(request, _("Person added to the case."))
                return redirect("cases:case_detail", case_id=case.pk)
    return _add_page(request, case, search_form, person_form, matches, defaults)


_SAME_PHONE = gettext_lazy(
    "A person with this phone number is already recorded in the unit (shown above): add that person to the "
    "case instead, or send this form again if this is someone else (a family often shares one phone)."
)


def _unseen_phone_matches(user: User, case: Case, phone: str, *, seen: list[str]) -> list[selectors.PersonMatch]:
    """Known persons with ``phone`` (its blind index, no decryption) that the search has not offered yet."""
    if not phone:
        return []
    return [m for m in selectors.person_matches(user, case=case, phone=phone) if str(m.person.pk) not in seen]


def _add_page(
    request: StaffRequest,
    case: Case,
    search_form: PersonSearchForm,
    person_form: PersonForm | None,
    matches: list[selectors.PersonMatch] | None,
    defaults: PersonDefaults | None = None,
) -> HttpResponse:
    context = {
        "case": case,
        "search_form": search_form,
        "person_form": person_form,
        "matches": matches,
        "defaults": defaults,
    }
    return render(request, "cases/case_person_add.html", context)


@staff_view(*CASE_ROLES)
@require_POST
def case_person_link_decide(request: StaffRequest, case_id: Any, request_id: int) -> HttpResponse:
    """The HEAD approves or refuses a pending request to link a known person to the case."""
    case = _case_for(request, case_id, permissions.is_head_of)
    form = LinkDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or refuse."))
        return redirect("cases:case_detail", case_id=case.pk)
    approve = form.cleaned_data["decision"] == LinkDecisionForm.APPROVE
    try:
        person_link_request_decide(
            actor=request.user, case=case, request_id=request_id, approve=approve, request=request
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Person added to the case.") if approve else _("Link request refused."))
    return redirect("cases:case_detail", case_id=case.pk)


# --- notes ---------------------------------------------------------------------------------------------


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_note_create(request: StaffRequest, case_id: Any) -> HttpResponse:
    """The case page's note form posts here. A refused note comes back on its own page with the text as typed
    and the error at its field (it used to be a message above an empty form: the text was lost)."""
    case = _case_for(request, case_id, permissions.can_contribute)
    form = NoteForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            case_note_add(
                actor=request.user,
                case=case,
                body=form.cleaned_data["body"],
                confidentiality=form.cleaned_data["confidentiality"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Note added."))
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/case_note.html", {"case": case, "form": form})
