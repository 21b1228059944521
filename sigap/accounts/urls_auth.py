from django.urls import path

from sigap.accounts import views_auth

urlpatterns = [
    path("masuk/", views_auth.login_view, name="login"),
    path("keluar/", views_auth.logout_view, name="logout"),
    path("mfa/verifikasi/", views_auth.mfa_verify, name="mfa_verify"),
]
