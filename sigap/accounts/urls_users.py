"""User administration by the unit admin, and the one-time password page (under /akun/pengguna/)."""

from django.urls import path

from sigap.accounts import views_users

urlpatterns = [
    path("", views_users.user_list, name="user_list"),
    path("baru/", views_users.user_create, name="user_create"),
    path("<int:pk>/", views_users.user_detail, name="user_detail"),
    path("<int:pk>/peran/", views_users.user_change_role, name="user_change_role"),
    path("<int:pk>/nonaktifkan/", views_users.user_deactivate, name="user_deactivate"),
    path("<int:pk>/aktifkan/", views_users.user_reactivate, name="user_reactivate"),
    path("<int:pk>/reset-mfa/", views_users.user_reset_mfa, name="user_reset_mfa"),
    path("<int:pk>/tautan-sandi/", views_users.user_password_link, name="user_password_link"),
    path("kata-sandi/<uidb64>/<token>/", views_users.password_set, name="password_set"),
]
