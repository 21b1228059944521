"""Pages of the services the unit delivers (issue #12), under /pendampingan/. Ids are opaque UUIDs."""

from __future__ import annotations

from django.urls import URLPattern, path

from sigap.assistance.views import attachment, health, mediation
from sigap.assistance.views import legal as views_legal
from sigap.assistance.views import session as views_session

app_name = "assistance"

urlpatterns: list[URLPattern] = [
    path("kasus/<str:case_id>/lampiran/", attachment.case_attachments, name="case_attachments"),
    path("lampiran/<str:attachment_id>/unduh/", attachment.attachment_download, name="attachment_download"),
    path("lampiran/<str:attachment_id>/hapus/", attachment.attachment_remove_view, name="attachment_remove"),
    path("kasus/<uuid:case_id>/", views_session.session_list, name="session_list"),
    path("kasus/<uuid:case_id>/rencanakan/", views_session.session_plan_view, name="session_plan"),
    path("sesi/<uuid:session_id>/", views_session.session_detail, name="session_detail"),
    path("sesi/<uuid:session_id>/lampiran/", attachment.session_attachments, name="session_attachments"),
    path("sesi/<uuid:session_id>/hasil/", views_session.session_record_view, name="session_record"),
    path("sesi/<uuid:session_id>/jadwal-ulang/", views_session.session_reschedule_view, name="session_reschedule"),
    path("sesi/<uuid:session_id>/batal/", views_session.session_cancel_view, name="session_cancel"),
    path("kasus/<uuid:case_id>/proses-hukum/", views_legal.legal_track, name="legal_track"),
    path("kasus/<uuid:case_id>/proses-hukum/hak/", views_legal.legal_right, name="legal_right"),
    path("proses-hukum/<uuid:track_id>/", views_legal.legal_track_go, name="legal_track_go"),
    path("proses-hukum/<uuid:track_id>/tahap/", views_legal.legal_stage, name="legal_stage"),
    path("proses-hukum/<uuid:track_id>/sidang/", views_legal.legal_hearing, name="legal_hearing"),
    path("sidang/<uuid:hearing_id>/lampiran/", attachment.hearing_attachments, name="hearing_attachments"),
    path("kasus/<uuid:case_id>/mediasi/", mediation.mediation_list, name="mediation_list"),
    path("kasus/<uuid:case_id>/mediasi/buka/", mediation.mediation_open_view, name="mediation_open"),
    path("mediasi/<uuid:mediation_id>/", mediation.mediation_detail, name="mediation_detail"),
    path("mediasi/<uuid:mediation_id>/lampiran/", attachment.mediation_attachments, name="mediation_attachments"),
    path("mediasi/<uuid:mediation_id>/sesi/", mediation.mediation_session_view, name="mediation_session"),
    path("mediasi/<uuid:mediation_id>/hasil/", mediation.mediation_outcome_view, name="mediation_outcome"),
    path("mediasi/<uuid:mediation_id>/berita-acara/", mediation.mediation_record_view, name="mediation_record"),
    path("mediasi/<uuid:mediation_id>/tindak-lanjut/", mediation.follow_up_add_view, name="follow_up_add"),
    path("tindak-lanjut/<int:follow_up_id>/", mediation.follow_up_check, name="follow_up_check"),
    path("kasus/<uuid:case_id>/kesehatan/", health.health_list, name="health_list"),
    path("rujukan-kesehatan/<int:referral_id>/visum/", health.visum_update_view, name="visum_update"),
]
