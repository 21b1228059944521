"""Regions URLs: the village search of the picker."""

from django.urls import path

from sigap.regions import views

app_name = "regions"

urlpatterns = [
    path("desa/cari/", views.village_search_options, name="village_search"),
]
