"""Pages of the experts app (tenaga ahli), under /ahli/."""

from django.urls import path

from sigap.experts import views

app_name = "experts"

urlpatterns = [
    path("", views.expert_list, name="expert_list"),
    path("<int:user_id>/", views.expert_detail, name="expert_detail"),
    path("<int:user_id>/ubah/", views.expert_edit, name="expert_edit"),
    path("<int:user_id>/kredensial/baru/", views.credential_add_view, name="credential_add"),
    path("kredensial/<int:credential_id>/", views.credential_go, name="credential_go"),
    path("<int:user_id>/kredensial/<int:credential_id>/akhiri/", views.credential_end_view, name="credential_end"),
    path(
        "<int:user_id>/kredensial/<int:credential_id>/konfirmasi/",
        views.credential_confirm_view,
        name="credential_confirm",
    ),
]
