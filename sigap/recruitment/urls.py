"""Recruitment URLs: the staff pages under /lowongan/ (``urlpatterns``) and the public pages under
/rekrutmen/ (``public_patterns``, no login; mounted by sigap/urls.py with its own namespace ``rekrutmen``)."""

from django.urls import path

from sigap.recruitment.views import public as views_public
from sigap.recruitment.views import staff as views

app_name = "recruitment"

urlpatterns = [
    path("", views.vacancy_list, name="vacancy_list"),
    path("baru/", views.vacancy_create, name="vacancy_create"),
    path("pengaturan/", views.recruitment_settings, name="recruitment_settings"),
    path("<uuid:vacancy_id>/", views.vacancy_detail, name="vacancy_detail"),
    path("<uuid:vacancy_id>/ubah/", views.vacancy_edit, name="vacancy_edit"),
    path("pelamar/<uuid:application_id>/", views.application_detail, name="application_detail"),
    path("pelamar/<uuid:application_id>/administrasi/", views.application_check_view, name="application_check"),
    path("pelamar/<uuid:application_id>/nilai/", views.application_score_view, name="application_score"),
    path("pelamar/<uuid:application_id>/pilih/", views.application_choose_view, name="application_choose"),
    path(
        "pelamar/<uuid:application_id>/dokumen/<uuid:document_id>/",
        views.application_document,
        name="application_document",
    ),
]

public_patterns = (
    [
        path("", views_public.vacancy_list, name="vacancy_list"),
        path("<uuid:vacancy_id>/", views_public.vacancy_apply, name="vacancy"),
        path("terima-kasih/", views_public.thanks, name="thanks"),
        path("status/", views_public.status, name="status"),
    ],
    "rekrutmen",
)
