"""The reference lists in the Django admin: superusers see them, nobody edits them there."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login_verified
from sigap.accounts.models import User
from sigap.core.models import Code, CodeList
from sigap.core.reference.services import reference_load


@pytest.fixture
def superuser_client(db: None) -> Client:
    reference_load()
    user = User.objects.create_superuser(
        username="root", email="root@example.test", password="kuda-lari-di-padang-rumput-7", full_name="Root"
    )
    client = Client()
    login_verified(client, user)
    return client


def test_a_superuser_reads_the_lists_and_codes(superuser_client: Client) -> None:
    code_list = CodeList.objects.get(key="place")
    assert superuser_client.get(reverse("admin:core_codelist_changelist")).status_code == 200
    response = superuser_client.get(reverse("admin:core_codelist_change", args=[code_list.pk]))
    assert response.status_code == 200
    assert "DARING" in response.content.decode()
    code = Code.objects.get(code_list=code_list, code="DARING")
    assert superuser_client.get(reverse("admin:core_code_change", args=[code.pk])).status_code == 200


def test_nobody_edits_reference_data_in_the_admin(superuser_client: Client) -> None:
    assert superuser_client.get(reverse("admin:core_codelist_add")).status_code == 403
    code = Code.objects.get(code_list__key="sex", code="L")
    response = superuser_client.post(reverse("admin:core_code_change", args=[code.pk]), {"label_en": "Changed"})
    assert response.status_code == 403
    code.refresh_from_db()
    assert code.label_en == "Male"
    assert superuser_client.post(reverse("admin:core_code_delete", args=[code.pk]), {"post": "yes"}).status_code == 403
    assert Code.objects.filter(pk=code.pk).exists()


def test_staff_who_are_not_superusers_are_kept_out(personas: Any) -> None:
    reference_load()
    response = personas.client("admin").get(reverse("admin:core_codelist_changelist"))
    assert response.status_code in {302, 403}
    assert "DARING" not in response.content.decode()
