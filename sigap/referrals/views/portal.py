"""The partner portal (/portal-mitra/): a partner user's active referrals, one referral with only the sections
it shares, the partner's answer (accept, decline with the reason), the service given and its outcome, and the
partner's documents.

PARTNER only (every other role: 403 from the access policy). The referral comes from
``selectors.portal.get_portal_referral`` (404 outside the grant: another organisation's referral, a referral
done, withdrawn or declined, its consent withdrawn, its case closed). Every page of a referral writes a VIEW
audit event on its case, as the case page does; the steps go through the referral's own status services.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_view
from sigap.core.access import staff_view
from sigap.core.crypto.aead import DecryptionError
from sigap.core.files.store import download_response, file_open
from sigap.partners.forms import service_label
from sigap.partners.selectors import partner_of
from sigap.referrals.forms.portal import DeclineForm, DocumentForm, ServiceForm
from sigap.referrals.models import Referral, ReferralDocument, SharedSection
from sigap.referrals.rules import NEXT, PARTNER_STEPS
from sigap.referrals.selectors import portal as selectors
from sigap.referrals.services.documents import referral_document_upload
from sigap.referrals.services.status import referral_accept, referral_decline, referral_service_given

PAGE_SIZE = 25
logger = logging.getLogger("sigap.referrals")


def _detail(referral: Referral) -> HttpResponse:
    return redirect("portal:referral", referral_id=referral.pk)


def _seen(request: StaffRequest, referral: Referral, action: str = AuditAction.VIEW, **context: str) -> None:
    assert referral.case is not None
    audit_view(request, referral.case, action, context={"page": "portal", "referral": str(referral.pk), **context})


@staff_view(Role.PARTNER)
@require_GET
def portal_list(request: StaffRequest) -> HttpResponse:
    rows = selectors.portal_list(request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for referral in page.object_list:
        referral.service_labels = [service_label(code) for code in referral.services]
    return render(request, "referrals/portal/list.html", {"page": page, "partner": partner_of(request.user)})


def _page(request: StaffRequest, referral: Referral, **forms: Any) -> HttpResponse:
    sections = dict(SharedSection.choices)
    allowed = NEXT.get(referral.status, frozenset()) & PARTNER_STEPS
    context = {
        "referral": referral,
        "case": referral.case,
        "services": [service_label(code) for code in referral.services],
        "shared": [sections.get(s, s) for s in referral.shared_sections or []],
        "sections": selectors.portal_sections(referral),
        "documents": selectors.portal_documents(referral),
        "can_accept": "ACCEPTED" in allowed,
        "can_decline": "DECLINED" in allowed,
        "can_record_service": "SERVICE_GIVEN" in allowed,
        "decline_form": forms.get("decline_form") or DeclineForm(prefix="tolak"),
        "service_form": forms.get("service_form") or ServiceForm(prefix="layanan"),
    }
    return render(request, "referrals/portal/detail.html", context)


@staff_view(Role.PARTNER)
@require_GET
def portal_referral(request: StaffRequest, referral_id: Any) -> HttpResponse:
    referral = selectors.get_portal_referral(request.user, referral_id)
    _seen(request, referral)
    return _page(request, referral)


Write = Callable[[StaffRequest, Referral, dict[str, Any]], Any]


def _accept(request: StaffRequest, referral: Referral, data: dict[str, Any]) -> Any:
    return referral_accept(actor=request.user, referral=referral, request=request)


def _decline(request: StaffRequest, referral: Referral, data: dict[str, Any]) -> Any:
    return referral_decline(actor=request.user, referral=referral, reason=data["reason"], request=request)


def _service(request: StaffRequest, referral: Referral, data: dict[str, Any]) -> Any:
    return referral_service_given(actor=request.user, referral=referral, outcome=data["outcome"], request=request)


# step slug -> (form class or None, form key on the page, write, message)
STEPS: dict[str, tuple[Any, str, Write, Any]] = {
    "terima": (None, "", _accept, gettext_lazy("Recorded: your organisation accepted the referral.")),
    "tolak": (DeclineForm, "decline_form", _decline, gettext_lazy("Recorded: your organisation declined.")),
    "layanan": (ServiceForm, "service_form", _service, gettext_lazy("Recorded: the service given and its outcome.")),
}


@staff_view(Role.PARTNER)
@require_POST
def portal_step(request: StaffRequest, referral_id: Any, step: str) -> HttpResponse:
    referral = selectors.get_portal_referral(request.user, referral_id)
    if step not in STEPS:
        raise Http404
    form_class, key, write, done = STEPS[step]
    form = form_class(request.POST, prefix=step) if form_class is not None else None
    if form is not None and not form.is_valid():
        # What was typed stays on the page with the message under its field.
        _seen(request, referral)
        return _page(request, referral, **{key: form})
    try:
        write(request, referral, form.cleaned_data if form is not None else {})
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _detail(referral)
    messages.success(request, str(done))
    if not selectors.referrals_visible_to(request.user).filter(pk=referral.pk).exists():
        return redirect("portal:referral_list")  # a decline ends the grant: the page is gone
    return _detail(referral)


@staff_view(Role.PARTNER)
@require_http_methods(["GET", "POST"])
def portal_document_add(request: StaffRequest, referral_id: Any) -> HttpResponse:
    referral = selectors.get_portal_referral(request.user, referral_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            referral_document_upload(
                actor=request.user,
                referral=referral,
                upload=upload,
                original_name=upload.name or "",
                title=form.cleaned_data["title"],
                request=request,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The document is uploaded."))
            return _detail(referral)
    return render(request, "referrals/portal/document_form.html", {"referral": referral, "form": form})


@staff_view(Role.PARTNER)
@require_GET
def portal_document(request: StaffRequest, referral_id: Any, document_id: Any) -> HttpResponseBase:
    referral = selectors.get_portal_referral(request.user, referral_id)
    document = selectors.get_portal_document(referral, document_id)
    response = document_response(document)
    if response is None:
        messages.error(request, _("This file cannot be read at the moment. Tell the unit that referred the case."))
        return _detail(referral)
    _seen(request, referral, AuditAction.DOWNLOAD, document=str(document.pk))
    return response


def document_response(document: ReferralDocument) -> HttpResponseBase | None:
    """The streamed download of a partner's document (also the unit's page's); None when it cannot be read
    (logged by id and error type only: the name may be personal)."""
    try:
        stream = file_open(document.storage_name, document.file_key)
    except (DecryptionError, OSError) as exc:
        logger.error("referral document unreadable id=%s error=%s", document.pk, type(exc).__name__)
        return None
    return download_response(
        stream, content_type=document.content_type, size=document.size, original_name=document.original_name
    )
