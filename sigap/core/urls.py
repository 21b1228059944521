from django.urls import path

from sigap.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/web", views.healthz_web, name="healthz_web"),
    path("csp-report/", views.csp_report, name="csp_report"),
]
