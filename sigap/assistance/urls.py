"""Pages of the services the unit delivers (issue #12), under /pendampingan/."""

from __future__ import annotations

from django.urls import URLPattern, path

from sigap.assistance.views import attachment

app_name = "assistance"

urlpatterns: list[URLPattern] = [
    path("kasus/<str:case_id>/lampiran/", attachment.case_attachments, name="case_attachments"),
    path("lampiran/<str:attachment_id>/unduh/", attachment.attachment_download, name="attachment_download"),
    path("lampiran/<str:attachment_id>/hapus/", attachment.attachment_remove_view, name="attachment_remove"),
]
