from django.urls import path

from sigap.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.search, name="search"),
    path("riwayat/<str:object_type>/<str:object_id>/", views.object_history, name="object_history"),
]
