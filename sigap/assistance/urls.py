"""Pages of the services the unit delivers (issue #12), under /pendampingan/. Ids are opaque UUIDs."""

from __future__ import annotations

from django.urls import URLPattern, path

from sigap.assistance.views import attachment, calendar, feedback, health, mediation, outreach, room
from sigap.assistance.views import legal as views_legal
from sigap.assistance.views import session as views_session
from sigap.assistance.views import shelter as views_shelter

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
    path("sesi/<uuid:session_id>/umpan-balik/", feedback.session_feedback_view, name="session_feedback"),
    path("sesi/<uuid:session_id>/batal/", views_session.session_cancel_view, name="session_cancel"),
    path("kalender/", calendar.calendar_mine, name="calendar_mine"),
    path("kalender/unit/", calendar.calendar_unit, name="calendar_unit"),
    path("kalender/kasus/<uuid:case_id>/", calendar.calendar_case, name="calendar_case"),
    path("kalender/petugas/<int:user_id>/", calendar.calendar_person, name="calendar_person"),
    path("kalender/ruang/<int:room_id>/", calendar.calendar_room, name="calendar_room"),
    path("kalender/pengingat/ahli/<int:booking_id>/", calendar.session_booking_expert, name="session_booking_expert"),
    path("kalender/pengingat/petugas/<int:booking_id>/", calendar.session_booking_staff, name="session_booking_staff"),
    path("kalender/langganan/", calendar.calendar_feed_page, name="calendar_feed_page"),
    path("kalender/ics/<str:token>/", calendar.calendar_feed, name="calendar_feed"),
    path("ruang/", room.room_list, name="room_list"),
    path("ruang/<int:room_id>/status/", room.room_active, name="room_active"),
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
    path("penjangkauan/", outreach.unit_visits, name="unit_visits"),
    path("penjangkauan/aduan/<uuid:complaint_id>/", outreach.complaint_visits_view, name="complaint_visits"),
    path(
        "penjangkauan/aduan/<uuid:complaint_id>/rencanakan/", outreach.complaint_visit_plan, name="complaint_visit_plan"
    ),
    path("penjangkauan/kasus/<uuid:case_id>/", outreach.case_visits_view, name="case_visits"),
    path("penjangkauan/kasus/<uuid:case_id>/rencanakan/", outreach.case_visit_plan, name="case_visit_plan"),
    path("penjangkauan/<uuid:visit_id>/", outreach.visit_detail, name="visit_detail"),
    path("penjangkauan/<uuid:visit_id>/lampiran/", attachment.visit_attachments, name="visit_attachments"),
    path("penjangkauan/<uuid:visit_id>/catat/", outreach.visit_record, name="visit_record"),
    path("penjangkauan/<uuid:visit_id>/ubah/", outreach.visit_edit, name="visit_edit"),
    path("penjangkauan/<uuid:visit_id>/batal/", outreach.visit_cancel, name="visit_cancel"),
    path("penampungan/", views_shelter.shelter_list, name="shelter_list"),
    path("penampungan/tambah/", views_shelter.shelter_create_view, name="shelter_create"),
    path("penampungan/papan/", views_shelter.shelter_board_view, name="shelter_board"),
    path("penampungan/<uuid:shelter_id>/", views_shelter.shelter_detail, name="shelter_detail"),
    path("penampungan/<uuid:shelter_id>/ubah/", views_shelter.shelter_edit, name="shelter_edit"),
    path("penampungan/<uuid:shelter_id>/kamar/", views_shelter.shelter_room_add, name="shelter_room_add"),
    path("kamar/<int:room_id>/ubah/", views_shelter.shelter_room_edit, name="shelter_room_edit"),
    path("kamar/<int:room_id>/tempat-tidur/", views_shelter.shelter_bed_add, name="shelter_bed_add"),
    path("tempat-tidur/<int:bed_id>/aktif/", views_shelter.shelter_bed_toggle, name="shelter_bed_toggle"),
    path("kasus/<uuid:case_id>/penampungan/", views_shelter.case_shelter, name="case_shelter"),
    path("kasus/<uuid:case_id>/penampungan/masuk/", views_shelter.shelter_admit_view, name="shelter_admit"),
    path("tinggal/<uuid:stay_id>/", views_shelter.shelter_stay_go, name="shelter_stay_go"),
    path("tinggal/<uuid:stay_id>/lampiran/", attachment.stay_attachments, name="stay_attachments"),
    path("tinggal/<uuid:stay_id>/keluar/", views_shelter.shelter_discharge_view, name="shelter_discharge"),
]
