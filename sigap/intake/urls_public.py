"""The public reporting page, under /lapor/ (no login)."""

from django.urls import path

from sigap.intake import views_public

app_name = "lapor"

urlpatterns = [
    path("", views_public.report, name="report"),
    path("status/", views_public.status, name="status"),
]
