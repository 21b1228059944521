"""Case URLs, mounted at /kasus/. Case ids are opaque UUIDs (DATA-05)."""

from django.urls import path

from sigap.cases.views import break_glass as views_break_glass
from sigap.cases.views import case as views
from sigap.cases.views import casework as views_casework
from sigap.cases.views import contact as views_contact
from sigap.cases.views import handoffs as views_handoffs
from sigap.cases.views import people as views_people
from sigap.cases.views import person_edit as views_person_edit
from sigap.cases.views import person_merge as views_person_merge
from sigap.cases.views import plan as views_plan
from sigap.cases.views import steps as views_steps

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("baru/", views.case_open, name="case_open"),
    path("<uuid:case_id>/", views.case_detail, name="case_detail"),
    path("tim/<int:member_id>/", views_handoffs.team_member_go, name="team_member_go"),
    path("asesmen/bagian/<int:section_id>/", views_handoffs.section_go, name="section_go"),
    path("<uuid:case_id>/ubah/", views.case_edit, name="case_edit"),
    path("<uuid:case_id>/cara-menghubungi/", views_contact.case_contact_rule, name="case_contact_rule"),
    path("<uuid:case_id>/riwayat/", views.case_timeline_view, name="case_timeline"),
    path("<uuid:case_id>/langkah/", views.case_transition, name="case_transition"),
    path("<uuid:case_id>/langkah/<slug:action>/", views_steps.case_step_confirm, name="case_step_confirm"),
    path("<uuid:case_id>/penutupan/", views.case_request_closure, name="case_request_closure"),
    path("<uuid:case_id>/buka-kembali/", views.case_reopen, name="case_reopen"),
    path("<uuid:case_id>/akses-darurat/", views.case_break_glass, name="case_break_glass"),
    path("<uuid:case_id>/ringkasan.pdf", views.case_summary, name="case_summary"),
    path("<uuid:case_id>/tim/", views_people.case_team, name="case_team"),
    path("<uuid:case_id>/orang/tambah/", views_people.case_person_add, name="case_person_add"),
    path("<uuid:case_id>/orang/<int:link_id>/ubah/", views_person_edit.case_person_edit, name="case_person_edit"),
    path(
        "<uuid:case_id>/orang/<int:link_id>/hapus/",
        views_person_edit.case_person_remove_view,
        name="case_person_remove",
    ),
    path(
        "<uuid:case_id>/orang/permintaan/<int:request_id>/",
        views_people.case_person_link_decide,
        name="case_person_link_decide",
    ),
    path("<uuid:case_id>/catatan/", views_people.case_note_create, name="case_note_create"),
    # The HEAD's merge of two records of one person (person ids; the case she came from in ``?kasus=``).
    path("orang/<uuid:person_id>/gabung/", views_person_merge.person_merge_search, name="person_merge_search"),
    path("orang/<uuid:person_id>/gabung/<uuid:other_id>/", views_person_merge.person_merge_view, name="person_merge"),
    # Casework: incidents, consent, assessment, intervention plan (views_casework).
    path("<uuid:case_id>/kejadian/tambah/", views_casework.incident_create, name="incident_create"),
    path("<uuid:case_id>/kejadian/<uuid:incident_id>/", views_casework.incident_detail, name="incident_detail"),
    path("<uuid:case_id>/kejadian/<uuid:incident_id>/ubah/", views_casework.incident_edit, name="incident_edit"),
    path("<uuid:case_id>/persetujuan/tambah/", views_casework.consent_create, name="consent_create"),
    path(
        "<uuid:case_id>/persetujuan/<uuid:consent_id>/cabut/",
        views_casework.consent_withdraw_view,
        name="consent_withdraw",
    ),
    path("<uuid:case_id>/asesmen/", views_casework.assessment_detail, name="assessment_detail"),
    path("<uuid:case_id>/asesmen/mulai/", views_casework.assessment_start_view, name="assessment_start"),
    path("<uuid:case_id>/asesmen/tugaskan/", views_casework.assessment_assign_view, name="assessment_assign"),
    path("<uuid:case_id>/asesmen/selesai/", views_casework.assessment_complete_view, name="assessment_complete"),
    path("<uuid:case_id>/asesmen/<str:area>/", views_casework.assessment_section_view, name="assessment_section"),
    path("<uuid:case_id>/rencana/", views_plan.plan_detail, name="plan_detail"),
    path("<uuid:case_id>/rencana/ubah/", views_plan.plan_edit, name="plan_edit"),
    path("<uuid:case_id>/rencana/layanan/", views_plan.plan_item_add_view, name="plan_item_add"),
    path(
        "<uuid:case_id>/rencana/layanan/<int:item_id>/hapus/",
        views_plan.plan_item_remove_view,
        name="plan_item_remove",
    ),
    path(
        "<uuid:case_id>/rencana/layanan/<int:item_id>/status/",
        views_plan.plan_item_status_view,
        name="plan_item_status",
    ),
    path("<uuid:case_id>/rencana/ajukan/", views_plan.plan_submit_view, name="plan_submit"),
    path("<uuid:case_id>/rencana/keputusan/", views_plan.plan_decide_view, name="plan_decide"),
]

# The auditor's review of emergency accesses: mounted by sigap/urls.py in the audit namespace, under
# /audit/ (``audit:break_glass_list``, ``audit:break_glass_review``), where the auditor's pages are.
break_glass_patterns = [
    path("akses-darurat/", views_break_glass.break_glass_list, name="break_glass_list"),
    path("akses-darurat/<str:grant_id>/", views_break_glass.break_glass_review_page, name="break_glass_review"),
]
