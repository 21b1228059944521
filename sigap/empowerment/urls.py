"""URLs of the empowerment pages (namespace ``empowerment``, mounted at ``/pemberdayaan/``)."""

from django.urls import path

from sigap.empowerment.views import case, delivery, follow_up

app_name = "empowerment"

urlpatterns = [
    path("kasus/<uuid:case_id>/", case.case_empowerment, name="case_empowerment"),
    path("kasus/<uuid:case_id>/kebutuhan/", case.needs_edit, name="needs_edit"),
    path("kasus/<uuid:case_id>/program/tambah/", case.programme_create, name="programme_create"),
    path("program/<uuid:programme_id>/", case.programme_edit, name="programme_edit"),
    path("program/<uuid:programme_id>/rujuk/", delivery.programme_refer_view, name="programme_refer"),
    path("kasus/<uuid:case_id>/tujuan-tercapai/", case.goals_override, name="goals_override"),
    path("kasus/<uuid:case_id>/pemantauan/tambah/", follow_up.follow_up_add, name="follow_up_add"),
    path("pemantauan/<uuid:follow_up_id>/", follow_up.follow_up_record_view, name="follow_up_record"),
    path("pemantauan/jatuh-tempo/", follow_up.follow_ups_due, name="follow_ups_due"),
    path("pengaturan/", follow_up.settings_edit, name="settings"),
]
