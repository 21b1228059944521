from django.urls import path

from sigap.accounts import views_users

urlpatterns = [
    path("", views_users.user_list, name="user_list"),
]
