"""Complaint URLs: the staff pages under /pengaduan/ (``urlpatterns``) and the public reporting page under
/lapor/ (``public_patterns``, no login; mounted by sigap/urls.py with its own namespace ``lapor``)."""

from django.urls import path

from sigap.intake.views import public as views_public
from sigap.intake.views import staff as views

app_name = "intake"

urlpatterns = [
    path("", views.complaint_list, name="complaint_list"),
    path("baru/", views.complaint_create, name="complaint_create"),
    path("pengaturan/", views.intake_settings, name="intake_settings"),
    path("<uuid:complaint_id>/", views.complaint_detail, name="complaint_detail"),
    path("<uuid:complaint_id>/tanggapi/", views.complaint_take, name="complaint_take"),
    path("<uuid:complaint_id>/identifikasi/", views.complaint_triage, name="complaint_triage"),
    path("<uuid:complaint_id>/keputusan/", views.complaint_decide, name="complaint_decide"),
    path("<uuid:complaint_id>/penjangkauan-selesai/", views.complaint_outreach_done, name="complaint_outreach_done"),
    path("<uuid:complaint_id>/tugaskan/", views.complaint_assign, name="complaint_assign"),
]

public_patterns = (
    [
        path("", views_public.report, name="report"),
        path("terima-kasih/", views_public.thanks, name="thanks"),
        path("status/", views_public.status, name="status"),
    ],
    "lapor",
)
