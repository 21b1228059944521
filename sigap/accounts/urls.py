"""Accounts URLs: authentication and MFA (views_auth), user administration (views_users)."""

from django.urls import include, path

app_name = "accounts"

urlpatterns = [
    path("", include("sigap.accounts.urls_auth")),
    path("pengguna/", include("sigap.accounts.urls_users")),
]
