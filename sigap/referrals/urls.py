"""Pages of referrals, under /rujukan/."""

from django.urls import path

from sigap.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="referral_list"),
    path("kasus/<uuid:case_id>/", views.case_referrals, name="case_referrals"),
    path("kasus/<uuid:case_id>/rujuk/", views.referral_create, name="referral_create"),
    path("<uuid:referral_id>/", views.referral_detail, name="referral_detail"),
    path("<uuid:referral_id>/buka/", views.referral_go, name="referral_go"),
    path("<uuid:referral_id>/surat/", views.referral_letter, name="referral_letter"),
    path("<uuid:referral_id>/<slug:step>/", views.referral_step, name="referral_step"),
]
