"""Partner directory pages: the unit's partners (filtered by type), one partner with its contacts and
agreements, and their forms.

HEAD and UNIT_ADMIN manage; case managers read; every other role gets 403 from the access policy; a
partner of another unit is a 404 (``get_partner_for_user``). Thin views: parse, fetch through the getter,
call a service, show its refusal at the top of the form (nothing typed is lost).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_view
from sigap.core.access import staff_view
from sigap.core.crypto.aead import DecryptionError
from sigap.core.files.store import download_response, file_open
from sigap.partners import selectors
from sigap.partners.forms import AgreementForm, ContactForm, KindFilterForm, PartnerForm, PartnerUserForm, service_label
from sigap.partners.models import Agreement, Partner, PartnerKind
from sigap.partners.services import (
    PartnerData,
    agreement_add,
    contact_add,
    contact_end,
    partner_save,
    partner_user_link,
)

MANAGE_ROLES = selectors.MANAGE_ROLES
READ_ROLES = selectors.READ_ROLES
PAGE_SIZE = 25
STATE_LABELS = {
    "VALID": (_("Valid"), "success"),
    "EXPIRING": (_("Ends within 60 days"), "warning"),
    "EXPIRED": (_("Ended"), "danger"),
    "NOT_YET_VALID": (_("Not yet valid"), "secondary"),
}
logger = logging.getLogger("sigap.partners")


def _detail(partner: Partner) -> HttpResponse:
    return redirect("partners:partner_detail", partner_id=partner.pk)


def _attempt(request: StaffRequest, form: Any, write: Callable[[], Any], done: str) -> bool:
    try:
        write()
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return False
    messages.success(request, done)
    return True


@staff_view(*READ_ROLES)
@require_GET
def partner_list(request: StaffRequest) -> HttpResponse:
    """The unit's active partners (all with ``?inactive=1``), filtered by type, with their agreement."""
    filters = KindFilterForm(request.GET or None)
    kind = filters.cleaned_data["kind"] if filters.is_valid() else ""
    inactive = request.GET.get("inactive") == "1"
    rows = selectors.partner_list(request.user, kind=kind, inactive=inactive)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    kinds = dict(PartnerKind.choices)
    for partner in page.object_list:
        partner.kind_label = kinds.get(partner.kind, partner.kind)
        partner.service_labels = [service_label(code) for code in partner.services]
    context = {
        "page": page,
        "filters": filters,
        "kind": kind,
        "inactive": inactive,
        "counts": selectors.kind_counts(request.user),
        "can_manage": selectors.can_manage(request.user),
    }
    return render(request, "partners/partner_list.html", context)


@staff_view(*READ_ROLES)
@require_GET
def partner_detail(request: StaffRequest, partner_id: int) -> HttpResponse:
    partner = selectors.get_partner_for_user(request.user, partner_id)
    detail = selectors.partner_detail(partner)
    for agreement in detail["agreements"]:
        agreement.state_label, agreement.badge = STATE_LABELS[agreement.state]
    context = {
        "partner": partner,
        "services": [service_label(code) for code in partner.services],
        "can_manage": selectors.can_manage(request.user),
        "portal_users": selectors.partner_users(partner),
        **detail,
    }
    return render(request, "partners/partner_detail.html", context)


def _initial(partner: Partner | None) -> dict[str, Any]:
    if partner is None:
        return {"is_active": True}
    fields = ("name", "kind", "services", "address", "phone", "email", "is_active")
    return {name: getattr(partner, name) for name in fields}


def _partner_form(request: StaffRequest, partner: Partner | None) -> HttpResponse:
    form = PartnerForm(request.POST or None, initial=_initial(partner))
    if request.method == "POST" and form.is_valid():
        data = PartnerData(**form.cleaned_data)
        saved: list[Partner] = []

        def write() -> None:
            saved.append(partner_save(actor=request.user, data=data, partner=partner, request=request))

        if _attempt(request, form, write, _("Partner saved.")):
            return _detail(saved[0])
    return render(request, "partners/partner_form.html", {"partner": partner, "form": form})


@staff_view(*MANAGE_ROLES)
@require_http_methods(["GET", "POST"])
def partner_add(request: StaffRequest) -> HttpResponse:
    return _partner_form(request, None)


@staff_view(*MANAGE_ROLES)
@require_http_methods(["GET", "POST"])
def partner_edit(request: StaffRequest, partner_id: int) -> HttpResponse:
    return _partner_form(request, selectors.get_partner_for_user(request.user, partner_id))


@staff_view(*MANAGE_ROLES)
@require_http_methods(["GET", "POST"])
def contact_add_view(request: StaffRequest, partner_id: int) -> HttpResponse:
    partner = selectors.get_partner_for_user(request.user, partner_id)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def write() -> None:
            contact_add(actor=request.user, partner=partner, request=request, **form.cleaned_data)

        if _attempt(request, form, write, _("Contact person recorded.")):
            return _detail(partner)
    title = _("Add a contact person")
    return render(request, "partners/partner_subform.html", {"partner": partner, "form": form, "title": title})


@staff_view(*MANAGE_ROLES)
@require_POST
def contact_end_view(request: StaffRequest, partner_id: int, contact_id: int) -> HttpResponse:
    partner = selectors.get_partner_for_user(request.user, partner_id)
    contact = selectors.get_contact_for(partner, contact_id)
    contact_end(actor=request.user, contact=contact, request=request)
    messages.success(request, _("The contact person is marked as no longer there."))
    return _detail(partner)


@staff_view(*MANAGE_ROLES)
@require_http_methods(["GET", "POST"])
def agreement_add_view(request: StaffRequest, partner_id: int) -> HttpResponse:
    partner = selectors.get_partner_for_user(request.user, partner_id)
    form = AgreementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():

        def write() -> None:
            agreement_add(actor=request.user, partner=partner, request=request, **form.cleaned_data)

        if _attempt(request, form, write, _("Agreement recorded.")):
            return _detail(partner)
    title = _("Add a cooperation agreement")
    context = {"partner": partner, "form": form, "title": title, "multipart": True}
    return render(request, "partners/partner_subform.html", context)


@staff_view(*READ_ROLES)
@require_GET
def agreement_download(request: StaffRequest, partner_id: int, agreement_id: UUID) -> HttpResponseBase:
    partner = selectors.get_partner_for_user(request.user, partner_id)
    agreement = selectors.get_agreement_for(partner, agreement_id)
    if not agreement.has_document:
        return _detail(partner)
    try:
        stream = file_open(agreement.storage_name, agreement.file_key)
    except (DecryptionError, OSError) as exc:
        logger.error("agreement document unreadable id=%s error=%s", agreement.pk, type(exc).__name__)
        messages.error(request, _("This file cannot be read at the moment. Tell the administrator of the unit."))
        return _detail(partner)
    audit_view(request, agreement, AuditAction.DOWNLOAD, context={"page": "agreement_document"})
    return download_response(
        stream, content_type=agreement.content_type, size=agreement.size, original_name=agreement.original_name
    )


@staff_view(Role.HEAD, Role.UNIT_ADMIN)
@require_GET
def agreement_go(request: StaffRequest, agreement_id: UUID) -> HttpResponse:
    """The link of an agreement's reminder: the partner's page (404 outside the viewer's unit)."""
    partner_id = Agreement.objects.filter(pk=agreement_id).values_list("partner_id", flat=True).first()
    return _detail(selectors.get_partner_for_user(request.user, partner_id))


@staff_view(Role.UNIT_ADMIN)
@require_http_methods(["GET", "POST"])
def partner_user_edit(request: StaffRequest, user_id: int) -> HttpResponse:
    """The unit administrator chooses the organisation a partner user works for (404: not a partner user of
    the unit)."""
    membership = selectors.get_partner_member_for_admin(request.user, user_id)
    link = selectors.link_of(membership.user)
    partners = selectors.partner_choices(membership.unit)
    form = PartnerUserForm(
        request.POST or None, partners=partners, initial={"partner": link.partner_id if link else None}
    )
    if request.method == "POST" and form.is_valid():

        def write() -> None:
            partner_user_link(
                actor=request.user, membership=membership, partner=form.cleaned_data["partner"], request=request
            )

        if _attempt(request, form, write, _("The partner user is linked to the organisation.")):
            return redirect("accounts:user_detail", pk=membership.user_id)
    context = {"form": form, "subject": membership.user, "link": link}
    return render(request, "partners/partner_user_form.html", context)
