"""Expert pages: the unit's experts, one expert's profile and credentials, and their forms.

HEAD and UNIT_ADMIN of the unit manage; an EXPERT reads their own profile (the list sends them there);
every other role gets 403 from the access policy; another unit's expert, or a colleague's profile for an
EXPERT, is a 404 (``get_expert_for_user``). Thin views: parse, fetch through the getter, call a service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.core.access import staff_view
from sigap.experts import selectors
from sigap.experts.forms import CredentialEndForm, CredentialForm, ExpertProfileForm
from sigap.experts.licensing import LICENCE_TEXT
from sigap.experts.models import Profession, Sex
from sigap.experts.services import credential_add, credential_confirm, credential_end, expert_profile_save

MANAGE_ROLES = (Role.HEAD, Role.UNIT_ADMIN)
PAGE_SIZE = 25


def _detail(user_id: int) -> HttpResponse:
    return redirect("experts:expert_detail", user_id=user_id)


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@staff_view(*MANAGE_ROLES, Role.EXPERT)
@require_GET
def expert_list(request: StaffRequest) -> HttpResponse:
    """The unit's experts with profession, sex, licence, earliest expiry and open caseload (paginated)."""
    user = request.user
    if request.membership.role == Role.EXPERT:
        return _detail(user.pk)
    expiring = request.GET.get("expiring") == "1"
    page = Paginator(selectors.expert_list(user, expiring=expiring), PAGE_SIZE).get_page(request.GET.get("page"))
    professions, sexes = dict(Profession.choices), dict(Sex.choices)
    rows = [
        {
            "expert": expert,
            "profession": professions.get(expert.profession, ""),
            "sex": sexes.get(expert.expert_sex, ""),
        }
        for expert in page.object_list
    ]
    return render(request, "experts/expert_list.html", {"page": page, "rows": rows, "expiring": expiring})


@staff_view(*MANAGE_ROLES, Role.EXPERT)
@require_GET
def expert_detail(request: StaffRequest, user_id: int) -> HttpResponse:
    entry = selectors.get_expert_for_user(request.user, user_id)
    standing = selectors.expert_standing(entry, unit_id=request.membership.unit_id)
    profession = entry.profile.profession if entry.profile is not None else ""
    return render(
        request,
        "experts/expert_detail.html",
        {
            "entry": entry,
            "standing": standing,
            "licence_text": LICENCE_TEXT.get(profession, ""),
            "end_form": CredentialEndForm() if entry.can_manage else None,
        },
    )


@staff_view(*MANAGE_ROLES)
@require_http_methods(["GET", "POST"])
def expert_edit(request: StaffRequest, user_id: int) -> HttpResponse:
    """Record or change the profile (only for an active expert of the unit; the service checks it)."""
    entry = selectors.get_expert_for_user(request.user, user_id)
    profile = entry.profile
    initial: dict[str, Any] = {"available": True}
    if profile is not None:
        initial = {
            "profession": profile.profession,
            "sex": profile.sex,
            "available": profile.available,
            "notes": profile.notes,
        }
    form = ExpertProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            expert_profile_save(
                actor=request.user,
                user=entry.user,
                profession=data["profession"],
                sex=data["sex"],
                available=data["available"],
                notes=data["notes"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Expert profile saved."))
            return _detail(entry.user.pk)
    return render(request, "experts/expert_edit.html", {"entry": entry, "form": form})


@staff_view(*MANAGE_ROLES)
@require_http_methods(["GET", "POST"])
def credential_add_view(request: StaffRequest, user_id: int) -> HttpResponse:
    entry = selectors.get_expert_for_user(request.user, user_id)
    if entry.profile is None:
        messages.error(request, _("Record the expert profile first."))
        return redirect("experts:expert_edit", user_id=entry.user.pk)
    form = CredentialForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            credential_add(
                actor=request.user,
                profile=entry.profile,
                kind=data["kind"],
                number=data["number"],
                issuer=data["issuer"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Credential recorded."))
            return _detail(entry.user.pk)
    return render(request, "experts/credential_add.html", {"entry": entry, "form": form})


@staff_view(*MANAGE_ROLES)
@require_POST
def credential_end_view(request: StaffRequest, user_id: int, credential_id: int) -> HttpResponse:
    entry = selectors.get_expert_for_user(request.user, user_id)
    credential = selectors.get_credential_for(entry, credential_id)
    form = CredentialEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why the credential ends."))
        return _detail(entry.user.pk)
    try:
        credential_end(actor=request.user, credential=credential, reason=form.cleaned_data["reason"], request=request)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Credential ended."))
    return _detail(entry.user.pk)


@staff_view(*MANAGE_ROLES, Role.EXPERT)
@require_GET
def credential_go(request: StaffRequest, credential_id: int) -> HttpResponse:
    """The link of a credential's reminder: the profile of the expert holding it (404 outside the scope)."""
    return _detail(selectors.credential_owner_for(request.user, credential_id))


@staff_view(*MANAGE_ROLES)
@require_POST
def credential_confirm_view(request: StaffRequest, user_id: int, credential_id: int) -> HttpResponse:
    """A credential an applicant typed (open recruitment) is confirmed once its document was checked."""
    entry = selectors.get_expert_for_user(request.user, user_id)
    credential = selectors.get_credential_for(entry, credential_id)
    try:
        credential_confirm(actor=request.user, credential=credential, request=request)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Credential confirmed."))
    return _detail(entry.user.pk)
