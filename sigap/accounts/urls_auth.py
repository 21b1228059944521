from django.urls import path

from sigap.accounts import views_auth, views_sessions

urlpatterns = [
    path("masuk/", views_auth.login_view, name="login"),
    path("keluar/", views_auth.logout_view, name="logout"),
    path("mfa/", views_auth.mfa_manage, name="mfa_manage"),
    path("mfa/verifikasi/", views_auth.mfa_verify, name="mfa_verify"),
    path("mfa/daftar/", views_auth.mfa_enroll, name="mfa_enroll"),
    path("konfirmasi/", views_auth.step_up, name="step_up"),
    path("sesi/", views_sessions.session_list, name="session_list"),
    path("sesi/<int:pk>/akhiri/", views_sessions.session_end, name="session_end"),
    path("mfa/kode-cadangan/", views_auth.mfa_backup_codes_regenerate, name="mfa_backup_codes_regenerate"),
]
