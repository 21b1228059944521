"""Report URLs, mounted at /laporan/. Downloads are the same pages with ``format=csv`` / ``download=1``."""

from django.urls import path

from sigap.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("rekap/", views.unit_recap, name="unit_recap"),
    path("simfoni/", views.simfoni_export, name="simfoni_export"),
    path("pimpinan/", views.leadership_recap, name="leadership_recap"),
]
