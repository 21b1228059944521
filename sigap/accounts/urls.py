"""Accounts URLs: authentication, MFA and sessions (views.auth, views.sessions) at /akun/, user
administration by the unit admin and the one-time password page (views.users) at /akun/pengguna/."""

from django.urls import include, path

from sigap.accounts.views import auth as views_auth
from sigap.accounts.views import sessions as views_sessions
from sigap.accounts.views import users as views_users

app_name = "accounts"

auth_patterns = [
    path("masuk/", views_auth.login_view, name="login"),
    path("keluar/", views_auth.logout_view, name="logout"),
    path("mfa/", views_auth.mfa_manage, name="mfa_manage"),
    path("mfa/verifikasi/", views_auth.mfa_verify, name="mfa_verify"),
    path("mfa/daftar/", views_auth.mfa_enroll, name="mfa_enroll"),
    path("konfirmasi/", views_auth.step_up, name="step_up"),
    path("sesi/", views_sessions.session_list, name="session_list"),
    path("sesi/aktif/", views_sessions.session_ping, name="session_ping"),
    path("sesi/<int:pk>/akhiri/", views_sessions.session_end, name="session_end"),
    path("mfa/kode-cadangan/", views_auth.mfa_backup_codes_regenerate, name="mfa_backup_codes_regenerate"),
]

user_patterns = [
    path("", views_users.user_list, name="user_list"),
    path("baru/", views_users.user_create, name="user_create"),
    path("<int:pk>/", views_users.user_detail, name="user_detail"),
    path("<int:pk>/ubah/", views_users.user_edit, name="user_edit"),
    path("<int:pk>/peran/", views_users.user_change_role, name="user_change_role"),
    path("<int:pk>/nonaktifkan/", views_users.user_deactivate, name="user_deactivate"),
    path("<int:pk>/aktifkan/", views_users.user_reactivate, name="user_reactivate"),
    path("<int:pk>/reset-mfa/", views_users.user_reset_mfa, name="user_reset_mfa"),
    path("<int:pk>/tautan-sandi/", views_users.user_password_link, name="user_password_link"),
    path("kata-sandi/<uidb64>/<token>/", views_users.password_set, name="password_set"),
]

urlpatterns = [
    path("", include(auth_patterns)),
    path("pengguna/", include(user_patterns)),
]
