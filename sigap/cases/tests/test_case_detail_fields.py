"""Field rules on the case page (review finding 6): the same helper as the PDF decides what is shown."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from sigap.cases.models.people import CasePerson
from sigap.cases.pdf import case_summary_pdf
from sigap.cases.rules.disclosure import mask_nik, persons_shown
from sigap.cases.tests.factories import VICTIM_NIK, make_case, victim_data
from sigap.cases.tests.test_case_summary import _text

CHILD_NAME = "Putri Kecil Rahayu"


def _page(personas: Any, who: str, case: Any) -> str:
    response = personas.client(who).get(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_expert_sees_a_masked_nik_and_no_contact_details(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    page = _page(personas, "expert", case)
    assert VICTIM_NIK not in page and mask_nik(VICTIM_NIK) in page
    assert "0812" not in page and "Jalan Canary" not in page
    assert "Siti Canary Nurhaliza" in page  # an adult's name is not hidden


def test_the_head_and_the_case_manager_see_everything(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    for who in ("head", "case_manager"):
        page = _page(personas, who, case)
        assert VICTIM_NIK in page and "Jalan Canary 7" in page and "Siti Canary Nurhaliza" in page
        assert "0812-3456-7890" in page  # VICTIM_PHONE, in the one display form (|phone)


def test_a_child_victim_is_first_name_age_and_code_for_the_expert(personas: Any) -> None:
    # decisions.md D24: the treating expert reads her client's first name and age, never the full name.
    case = make_case(personas, victim=victim_data(name=CHILD_NAME, estimated_age=9))
    page = _page(personas, "expert", case)
    assert "Kecil" not in page and "Rahayu" not in page and "Putri · ± 9 yrs · K1" in page
    assert "Putri Kecil Rahayu" in _page(personas, "case_manager", case)


def test_the_page_and_the_pdf_use_the_same_rules(personas: Any) -> None:
    case = make_case(personas, victim=victim_data(name=CHILD_NAME, estimated_age=9))
    links = list(CasePerson.objects.filter(case=case).select_related("person"))
    year = timezone.localdate().year
    hidden = persons_shown(links, case=case, full=False, year=year)
    assert hidden[0].name == "Putri · ± 9 yrs · K1" and hidden[0].phone == "" and hidden[0].address == ""
    text = _text(case_summary_pdf(case=case, reader=personas["expert"], show_child_names=False))
    assert "Rahayu" not in text and hidden[0].name in text


def test_mask_nik_keeps_the_last_four_digits() -> None:
    assert mask_nik("6402014507100001") == "************0001"
    assert mask_nik("") == ""


def test_the_incident_page_follows_the_same_rules(personas: Any) -> None:
    from sigap.cases.services.incident import incident_record
    from sigap.cases.tests.casework_steps import victims
    from sigap.cases.tests.test_incident import _data

    case = make_case(personas, victim=victim_data(name=CHILD_NAME, estimated_age=9, nik="", phone=""))
    incident = incident_record(actor=personas["case_manager"], case=case, data=_data(victims(case)[0]))
    url = reverse("cases:incident_detail", kwargs={"case_id": case.pk, "incident_id": incident.pk})
    expert_page = personas.client("expert").get(url).content.decode()
    assert "Rahayu" not in expert_page and "Putri · ± 9 yrs · K1" in expert_page
    assert CHILD_NAME in personas.client("case_manager").get(url).content.decode()
