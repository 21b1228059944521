"""Referral pages under /rujukan/: referrals out and their steps, referrals in, transfers (issue #14); the partner
portal under /portal-mitra/ (``portal_patterns``, mounted by sigap/urls.py with its own namespace ``portal``)."""

from django.urls import path

from sigap.referrals.views import incoming, outgoing, portal, transfer

app_name = "referrals"

urlpatterns = [
    path("", outgoing.referral_list, name="referral_list"),
    path("kasus/<uuid:case_id>/", outgoing.case_referrals, name="case_referrals"),
    path("kasus/<uuid:case_id>/rujuk/", outgoing.referral_create, name="referral_create"),
    path("<uuid:referral_id>/", outgoing.referral_detail, name="referral_detail"),
    path("<uuid:referral_id>/buka/", outgoing.referral_go, name="referral_go"),
    path("<uuid:referral_id>/surat/", outgoing.referral_letter, name="referral_letter"),
    path("<uuid:referral_id>/dokumen/<uuid:document_id>/", outgoing.referral_document, name="referral_document"),
    path("<uuid:referral_id>/<slug:step>/", outgoing.referral_step, name="referral_step"),
    path("masuk/baru/", incoming.incoming_create, name="incoming_create"),
    path("masuk/<uuid:referral_id>/", incoming.incoming_detail, name="incoming_detail"),
    path("masuk/<uuid:referral_id>/dokumen/", incoming.incoming_document, name="incoming_document"),
    path("pelimpahan/impor/", incoming.package_import, name="package_import"),
    path("pelimpahan/kasus/<uuid:case_id>/", transfer.transfer_start, name="transfer_start"),
    path("pelimpahan/<uuid:transfer_id>/", transfer.transfer_detail, name="transfer_detail"),
    path("pelimpahan/<uuid:transfer_id>/laksanakan/", transfer.transfer_approve, name="transfer_approve"),
    path("pelimpahan/<uuid:transfer_id>/kembalikan/", transfer.transfer_send_back_page, name="transfer_send_back"),
    path("pelimpahan/<uuid:transfer_id>/unduh/<str:kind>/", transfer.transfer_download, name="transfer_download"),
]

portal_patterns = (
    [
        path("", portal.portal_list, name="referral_list"),
        path("<uuid:referral_id>/", portal.portal_referral, name="referral"),
        path("<uuid:referral_id>/dokumen/baru/", portal.portal_document_add, name="document_add"),
        path("<uuid:referral_id>/dokumen/<uuid:document_id>/", portal.portal_document, name="document"),
        path("<uuid:referral_id>/<slug:step>/", portal.portal_step, name="step"),
    ],
    "portal",
)
