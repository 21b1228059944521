"""Pages of the contracts app, under /kontrak/."""

from django.urls import path

from sigap.contracts import exports, views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="contract_list"),
    path("baru/", views.contract_create_view, name="contract_create"),
    path("beban-kerja/", views.workload, name="workload"),
    path("skala-penilaian/", views.scale_view, name="scale"),
    path("register/<int:year>/", exports.register_xlsx, name="register_xlsx"),
    path("<int:contract_id>/", views.contract_detail, name="contract_detail"),
    path("<int:contract_id>/aktifkan/", views.contract_activate_view, name="contract_activate"),
    path("<int:contract_id>/dokumen/", exports.contract_document, name="contract_document"),
    path("periode/<int:period_id>/", views.period_evaluation, name="period_evaluation"),
    path("periode/<int:period_id>/berita-acara.pdf", exports.evaluation_pdf, name="evaluation_pdf"),
    path("periode/<int:period_id>/surat-perpanjangan.pdf", exports.extension_letter_pdf, name="extension_letter_pdf"),
]
