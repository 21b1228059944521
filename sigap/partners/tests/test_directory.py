"""The partner directory (issue #14): the §E4 partners seeded for a new unit (named for its region), the pages
by role and unit, the list filtered by type with a pinned query count, contacts and agreements."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sigap.accounts.models import Unit
from sigap.core.tests.files_samples import PDF
from sigap.partners.models import Agreement, Partner, PartnerKind
from sigap.partners.seed import SEED, partners_seed
from sigap.partners.services import PartnerData, agreement_add, contact_add, partner_save

LIST = reverse("partners:partner_list")
LIST_QUERIES = 5


def test_a_new_unit_starts_with_the_usual_partners_named_for_its_region(personas: Any) -> None:
    names = set(Partner.objects.filter(unit=personas.kukar).values_list("name", flat=True))
    assert len(names) == len(SEED)
    assert "Unit PPA Polres Kutai Kartanegara" in names
    assert "BAZNAS Kabupaten Kutai Kartanegara" in names
    assert "Dinas Sosial Kota Samarinda" in set(
        Partner.objects.filter(unit=personas.samarinda).values_list("name", flat=True)
    )
    assert partners_seed(personas.kukar) == 0  # idempotent
    national = Unit.objects.create(name="KemenPPPA", region_code="00", case_number_prefix="KPPPA", level="NATIONAL")
    assert not Partner.objects.filter(unit=national).exists()


def test_the_list_by_role_type_and_unit(personas: Any) -> None:
    for name in ("head", "admin", "case_manager"):
        assert personas.client(name).get(LIST).status_code == 200
    for name in ("expert", "intake", "data_officer"):
        assert personas.client(name).get(LIST).status_code == 403
    page = personas.client("case_manager").get(LIST, {"kind": "BAZNAS"})
    rows = list(page.context["page"].object_list)
    assert [p.kind for p in rows] == [PartnerKind.BAZNAS]
    assert b"partner-add-link" not in page.content  # the case manager reads only
    other = personas.client("other_head").get(LIST)
    assert all(p.unit_id == personas.samarinda.pk for p in other.context["page"].object_list)
    kukar = Partner.objects.filter(unit=personas.kukar).first()
    url = reverse("partners:partner_detail", kwargs={"partner_id": kukar.pk})
    assert personas.client("other_head").get(url).status_code == 404
    assert personas.client("head").get(LIST, {"kind": "<x>", "page": "9x"}).status_code == 200


def test_the_list_query_count_does_not_grow_with_partners(personas: Any, django_assert_num_queries: Any) -> None:
    client = personas.client("head")
    client.get(LIST)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(LIST).status_code == 200
    head = personas["head"]
    for index in range(6):
        partner = partner_save(actor=head, data=PartnerData(name=f"LSM {index}", kind="NGO", services=["PSIKOLOGIS"]))
        agreement_add(actor=head, partner=partner, kind="MOU", number=f"M-{index}", valid_from=dt.date(2026, 1, 1))
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(LIST).status_code == 200


def test_add_edit_and_refusals(personas: Any) -> None:
    head = personas["head"]
    partner = partner_save(
        actor=head, data=PartnerData(name="  LBH  Samarenda ", kind="LEGAL_AID", services=["BANTUAN_HUKUM"])
    )
    assert partner.name == "LBH Samarenda" and partner.created_by == head
    with pytest.raises(ValidationError):
        partner_save(actor=head, data=PartnerData(name="lbh samarenda", kind="LEGAL_AID", services=[]))  # a twin
    with pytest.raises(ValidationError):
        partner_save(actor=head, data=PartnerData(name="X", kind="NOPE", services=[]))
    with pytest.raises(ValidationError):
        partner_save(actor=head, data=PartnerData(name="X", kind="NGO", services=["FLYING"]))
    with pytest.raises(ValidationError):
        partner_save(actor=personas["case_manager"], data=PartnerData(name="Y", kind="NGO", services=[]))
    client = personas.client("admin")
    url = reverse("partners:partner_edit", kwargs={"partner_id": partner.pk})
    response = client.post(url, {"name": "LBH Samarinda", "kind": "LEGAL_AID", "services": ["BANTUAN_HUKUM"]})
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.name == "LBH Samarinda" and not partner.is_active  # the box left unticked: inactive
    bad = client.post(reverse("partners:partner_add"), {"name": "", "kind": "NGO"})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_contacts_and_an_agreement_with_its_document(personas: Any) -> None:
    head = personas["head"]
    partner = Partner.objects.filter(unit=personas.kukar, kind=PartnerKind.POLICE).first()
    contact_add(actor=head, partner=partner, name="Bripka Sari", phone="0812 1111 2222", position="Kanit PPA")
    client = personas.client("head")
    url = reverse("partners:agreement_add", kwargs={"partner_id": partner.pk})
    bad = client.post(url, {"kind": "PKS", "number": "PKS/1", "valid_from": "2026-05-01", "valid_until": "2026-01-01"})
    assert bad.status_code == 200 and bad.context["form"].non_field_errors()
    upload = SimpleUploadedFile("pks.pdf", PDF, content_type="application/pdf")
    done = client.post(
        url,
        {"kind": "PKS", "number": "PKS/1", "valid_from": "2026-01-01", "valid_until": "2027-12-31", "document": upload},
    )
    assert done.status_code == 302
    agreement = Agreement.objects.get(partner=partner)
    assert agreement.has_document and agreement.content_type == "application/pdf"
    page = client.get(reverse("partners:partner_detail", kwargs={"partner_id": partner.pk}))
    assert b"Bripka Sari" in page.content and b"PKS/1" in page.content
    download = client.get(
        reverse("partners:agreement_download", kwargs={"partner_id": partner.pk, "agreement_id": agreement.pk})
    )
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
