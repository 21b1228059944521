from django.urls import path

from sigap.audit import views, views_break_glass

app_name = "audit"

urlpatterns = [
    path("", views.search, name="search"),
    path("akses-darurat/", views_break_glass.break_glass_list, name="break_glass_list"),
    path("akses-darurat/<str:grant_id>/", views_break_glass.break_glass_review_page, name="break_glass_review"),
    path("riwayat/<str:object_type>/<str:object_id>/", views.object_history, name="object_history"),
]
