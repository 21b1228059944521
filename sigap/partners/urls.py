"""Pages of the partner directory, under /mitra/."""

from django.urls import path

from sigap.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.partner_list, name="partner_list"),
    path("baru/", views.partner_add, name="partner_add"),
    path("<int:partner_id>/", views.partner_detail, name="partner_detail"),
    path("<int:partner_id>/ubah/", views.partner_edit, name="partner_edit"),
    path("<int:partner_id>/kontak/baru/", views.contact_add_view, name="contact_add"),
    path("<int:partner_id>/kontak/<int:contact_id>/akhiri/", views.contact_end_view, name="contact_end"),
    path("<int:partner_id>/perjanjian/baru/", views.agreement_add_view, name="agreement_add"),
    path("<int:partner_id>/perjanjian/<uuid:agreement_id>/", views.agreement_download, name="agreement_download"),
    path("perjanjian/<uuid:agreement_id>/", views.agreement_go, name="agreement_go"),
    path("pengguna/<int:user_id>/", views.partner_user_edit, name="partner_user_edit"),
]
