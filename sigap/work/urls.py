"""Work URLs, mounted at /tugas/."""

from django.urls import path

from sigap.work import views

app_name = "work"

urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("notifikasi/", views.notifications, name="notifications"),
    path("notifikasi/jumlah/", views.notification_count, name="notification_count"),
]
