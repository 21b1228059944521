"""Referral pages under /rujukan/: referrals out and their steps, referrals in, transfers (issue #14)."""

from django.urls import path

from sigap.referrals.views import incoming, outgoing, transfer

app_name = "referrals"

urlpatterns = [
    path("", outgoing.referral_list, name="referral_list"),
    path("kasus/<uuid:case_id>/", outgoing.case_referrals, name="case_referrals"),
    path("kasus/<uuid:case_id>/rujuk/", outgoing.referral_create, name="referral_create"),
    path("<uuid:referral_id>/", outgoing.referral_detail, name="referral_detail"),
    path("<uuid:referral_id>/buka/", outgoing.referral_go, name="referral_go"),
    path("<uuid:referral_id>/surat/", outgoing.referral_letter, name="referral_letter"),
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
