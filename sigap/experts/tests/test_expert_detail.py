"""One expert's page: profile, licence, credentials with their state; read-only for the expert."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from conftest import make_user
from sigap.accounts.models import Role
from sigap.experts.licensing import unit_today
from sigap.experts.models import Credential, CredentialKind, Profession
from sigap.experts.selectors import CredentialState, credential_state
from sigap.experts.services import credential_end
from sigap.experts.tests.factories import credential, licensed_clinical, profile


def _url(user: Any) -> str:
    return reverse("experts:expert_detail", kwargs={"user_id": user.pk})


def test_credential_states_on_a_day(personas: Any) -> None:
    expert = profile(personas, personas["expert"])
    today = unit_today(personas.kukar)
    row = credential(personas, expert, CredentialKind.STRPK, days_left=None)
    assert credential_state(row, today) == CredentialState.VALID
    assert credential_state(row, today - dt.timedelta(days=31)) == CredentialState.NOT_YET_VALID
    row.valid_until = today + dt.timedelta(days=60)
    assert credential_state(row, today) == CredentialState.EXPIRING
    row.valid_until = today + dt.timedelta(days=61)
    assert credential_state(row, today) == CredentialState.VALID
    row.valid_until = today
    assert credential_state(row, today) == CredentialState.EXPIRING
    assert credential_state(row, today + dt.timedelta(days=1)) == CredentialState.EXPIRED
    row.ended_at = row.recorded_at
    assert credential_state(row, today) == CredentialState.ENDED


def test_the_head_sees_profile_licence_and_credentials(personas: Any) -> None:
    expert = licensed_clinical(personas, personas["expert"])
    soon = credential(personas, expert, CredentialKind.SERTIFIKAT_PELATIHAN_TPKS, days_left=10, number="TPKS-9")
    old = credential(personas, expert, CredentialKind.SIPP_HIMPSI, number="OLD-1")
    credential_end(actor=personas["head"], credential=old, reason="RENEWED")
    response = personas.client("head").get(_url(personas["expert"]))
    assert response.status_code == 200
    standing = response.context["standing"]
    assert standing.licensed and standing.tpks_trained
    states = {row.credential.pk: row.state for row in standing.rows}
    assert states[soon.pk] == CredentialState.EXPIRING and states[old.pk] == CredentialState.ENDED
    # Ended credentials come last.
    assert standing.rows[-1].credential.pk == old.pk
    content = response.content.decode()
    assert "Clinical psychologist" in content and "STRPK and SIPPK, both valid" in content
    assert "TPKS-9" in content and "Expires within 60 days" in content and "Replaced by a renewed credential" in content
    end_url = reverse("experts:credential_end", kwargs={"user_id": personas["expert"].pk, "credential_id": soon.pk})
    assert end_url in content
    assert reverse("experts:credential_add", kwargs={"user_id": personas["expert"].pk}) in content


def test_the_credentials_table_has_the_full_width_and_scrolls_rather_than_clips(personas: Any) -> None:
    """Walk #13, 17: beside the profile the action column was cut off at 1280 px."""
    expert = licensed_clinical(personas, personas["expert"])
    to_confirm = credential(personas, expert, CredentialKind.SERTIFIKAT_PELATIHAN_TPKS, number="TPKS-9")
    to_confirm.to_confirm = True
    to_confirm.save(update_fields=["to_confirm"])
    content = personas.client("head").get(_url(personas["expert"])).content.decode()
    assert '<section class="col-12" aria-labelledby="credentials-heading">' in content
    section = content.split('aria-labelledby="credentials-heading">', 1)[1]
    assert '<div class="table-responsive">\n  <table class="table table-sm align-middle" id="credentials">' in section
    assert '<td class="credential-actions">' in section
    assert "btn-sm text-nowrap" in section and 'class="d-flex flex-nowrap gap-1"' in section


def test_an_unlicensed_expert_is_shown_so(personas: Any) -> None:
    expert = profile(personas, personas["expert"], profession=Profession.LEGAL_COUNSELLOR)
    credential(personas, expert, CredentialKind.KTA_ADVOKAT)
    Credential.objects.create(
        profile=expert,
        kind=CredentialKind.BA_SUMPAH_ADVOKAT,
        number="BA-1",
        issuer="Pengadilan Tinggi",
        valid_from=dt.date(2020, 1, 1),
        valid_until=dt.date(2021, 1, 1),
        recorded_at=expert.created_at,
        recorded_by=personas["head"],
    )
    response = personas.client("admin").get(_url(personas["expert"]))
    assert not response.context["standing"].licensed
    assert "Credentials expired or missing" in response.content.decode()


def test_the_expert_reads_their_own_profile_only(personas: Any) -> None:
    expert = licensed_clinical(personas, personas["expert"])
    strpk = expert.credentials.first()
    client = personas.client("expert")
    response = client.get(_url(personas["expert"]))
    assert response.status_code == 200 and response.context["end_form"] is None
    content = response.content.decode()
    assert reverse("experts:expert_edit", kwargs={"user_id": personas["expert"].pk}) not in content
    credentials_table = content.split('id="credentials"')[1].split("</table>")[0]
    assert "credential-add-link" not in content and "<form" not in credentials_table
    colleague = make_user("colleague", personas.kukar, Role.EXPERT)
    assert client.get(_url(colleague)).status_code == 404
    assert client.get(reverse("experts:expert_edit", kwargs={"user_id": personas["expert"].pk})).status_code == 403
    end = reverse("experts:credential_end", kwargs={"user_id": personas["expert"].pk, "credential_id": strpk.pk})
    assert client.post(end, {"reason": "REVOKED"}).status_code == 403


def test_an_expert_without_profile_and_out_of_scope_ids(personas: Any) -> None:
    client = personas.client("head")
    response = client.get(_url(personas["expert"]))
    assert response.status_code == 200 and "No expert profile has been recorded yet." in response.content.decode()
    assert client.get(_url(personas["case_manager"])).status_code == 404
    samarinda_expert = make_user("samarinda_expert", personas.samarinda, Role.EXPERT)
    assert client.get(_url(samarinda_expert)).status_code == 404
    assert client.get(reverse("experts:expert_detail", kwargs={"user_id": 2**63})).status_code == 404
    assert client.get(reverse("experts:expert_detail", kwargs={"user_id": 0})).status_code == 404
    assert personas.client("case_manager").get(_url(personas["expert"])).status_code == 403


def test_a_credential_of_another_expert_cannot_be_ended_through_this_page(personas: Any) -> None:
    mine = profile(personas, personas["expert"])
    colleague = make_user("colleague", personas.kukar, Role.EXPERT)
    theirs = credential(personas, profile(personas, colleague), CredentialKind.STRPK)
    credential(personas, mine, CredentialKind.STRPK)
    url = reverse("experts:credential_end", kwargs={"user_id": personas["expert"].pk, "credential_id": theirs.pk})
    assert personas.client("head").post(url, {"reason": "REVOKED"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.ended_at is None
