"""Case URLs, mounted at /kasus/. Case ids are opaque UUIDs (DATA-05)."""

from django.urls import path

from sigap.cases import views, views_people

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("baru/", views.case_open, name="case_open"),
    path("<uuid:case_id>/", views.case_detail, name="case_detail"),
    path("<uuid:case_id>/ubah/", views.case_edit, name="case_edit"),
    path("<uuid:case_id>/riwayat/", views.case_timeline_view, name="case_timeline"),
    path("<uuid:case_id>/langkah/", views.case_transition, name="case_transition"),
    path("<uuid:case_id>/penutupan/", views.case_request_closure, name="case_request_closure"),
    path("<uuid:case_id>/buka-kembali/", views.case_reopen, name="case_reopen"),
    path("<uuid:case_id>/akses-darurat/", views.case_break_glass, name="case_break_glass"),
    path("<uuid:case_id>/ringkasan.pdf", views.case_summary, name="case_summary"),
    path("<uuid:case_id>/tim/", views_people.case_team, name="case_team"),
    path("<uuid:case_id>/orang/tambah/", views_people.case_person_add, name="case_person_add"),
    path("<uuid:case_id>/catatan/", views_people.case_note_create, name="case_note_create"),
]
