"""Recording and changing an expert profile through the page (HEAD and UNIT_ADMIN of the unit)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.experts.models import ExpertProfile


def _url(user: Any) -> str:
    return reverse("experts:expert_edit", kwargs={"user_id": user.pk})


def test_the_head_records_then_the_admin_changes_the_profile(personas: Any) -> None:
    url = _url(personas["expert"])
    head = personas.client("head")
    page = head.get(url)
    assert page.status_code == 200 and page.context["form"].initial == {"available": True}
    response = head.post(url, {"profession": "PSYCHOLOGICAL_COUNSELLOR", "sex": "P", "available": "on", "notes": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("experts:expert_detail", kwargs={"user_id": personas["expert"].pk})
    expert = ExpertProfile.objects.get(user=personas["expert"])
    assert (expert.profession, expert.sex, expert.available) == ("PSYCHOLOGICAL_COUNSELLOR", "P", True)
    admin = personas.client("admin")
    assert admin.get(url).context["form"].initial["profession"] == "PSYCHOLOGICAL_COUNSELLOR"
    assert admin.post(url, {"profession": "PSYCHOLOGICAL_COUNSELLOR", "sex": "P"}).status_code == 302
    expert.refresh_from_db()
    assert not expert.available
    assert AuditEvent.objects.filter(object_type="experts.expertprofile", object_id=str(expert.pk)).count() == 2


def test_bad_input_answers_with_a_message(personas: Any) -> None:
    url = _url(personas["expert"])
    head = personas.client("head")
    response = head.post(url, {"profession": "ASTRONAUT", "sex": "X", "notes": "n" * 400})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"profession", "sex", "notes"}
    assert not ExpertProfile.objects.exists()


def test_only_an_expert_of_the_unit_can_get_a_profile(personas: Any) -> None:
    head = personas.client("head")
    for name in ("case_manager", "head", "other_head"):
        assert head.get(_url(personas[name])).status_code == 404
        assert head.post(_url(personas[name]), {"profession": "LEGAL_COUNSELLOR", "sex": "L"}).status_code == 404
    assert personas.client("other_head").get(_url(personas["expert"])).status_code == 404
    assert personas.client("expert").get(_url(personas["expert"])).status_code == 403
    assert not ExpertProfile.objects.exists()
