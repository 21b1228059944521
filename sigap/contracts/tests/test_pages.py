"""The contract pages (issue #13): the HEAD records a contract through the form (bad input keeps what was typed,
a clear message, never a 500), decides a period through the page, prints the evaluation record and the
extension letter (PDF, with the unit's letterhead), downloads the register (XLSX that opens as a workbook), and
reads the workload; the expert sees only their own contract."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from sigap.assistance.tests.factories import held_session, session_case
from sigap.contracts.models import Contract, ContractPeriod, PeriodState
from sigap.contracts.tests.factories import contract, expert_profile

pytestmark = pytest.mark.django_db

WITA = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 2, 10, 10, 0, tzinfo=WITA)
RATINGS = {"rating_quality": "4", "rating_timeliness": "5", "rating_attitude": "5", "rating_documentation": "3"}


def _form(expert_id: int, **overrides: Any) -> dict[str, Any]:
    values = {
        "expert": str(expert_id),
        "number": "001/SPK/2027",
        "post": "Tenaga Ahli Psikolog Klinis",
        "profession": "CLINICAL_PSYCHOLOGIST",
        "fiscal_year": "2027",
        "funding_source": "APBD",
        "fee_basis": "PER_SESSION",
        "unit_price": "350000",
        "amount": "42000000",
        "start": "2027-01-01",
        "end": "2027-12-31",
        "duties": "Konseling.",
    }
    values.update(overrides)
    return values


@time_machine.travel(NOW, tick=False)
def test_the_head_records_a_contract_and_bad_input_keeps_what_was_typed(personas: Any) -> None:
    expert = expert_profile(personas)
    head = personas.client("head")
    url = reverse("contracts:contract_create")
    response = head.post(url, _form(expert.pk, start="2027-07-01", end="2028-06-30"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "within its fiscal year 2027" in page
    assert 'value="001/SPK/2027"' in page  # nothing typed is lost
    assert not Contract.objects.exists()
    response = head.post(url, _form(expert.pk, unit_price="-5", start="kemarin"))
    assert response.status_code == 200 and not Contract.objects.exists()
    response = head.post(url, _form(expert.pk))
    created = Contract.objects.get()
    assert response["Location"] == reverse("contracts:contract_detail", args=[created.pk])
    assert ContractPeriod.objects.get(contract=created).state == PeriodState.OPEN


def test_a_new_contract_opens_with_its_fiscal_year_and_dates_filled_in(personas: Any) -> None:
    """Walk #13, 20: the form opened empty; the year under way is what a unit contracts for, and in December
    next year's contracts are prepared."""
    url = reverse("contracts:contract_create")
    with time_machine.travel(NOW, tick=False):
        page = personas.client("head").get(url).content.decode()
    assert 'name="fiscal_year" value="2027"' in page
    assert 'name="start" value="2027-02-10"' in page and 'name="end" value="2027-12-31"' in page
    with time_machine.travel(dt.datetime(2027, 12, 5, 9, 0, tzinfo=WITA), tick=False):
        page = personas.client("head").get(url).content.decode()
    assert 'name="fiscal_year" value="2028"' in page
    assert 'name="start" value="2028-01-01"' in page and 'name="end" value="2028-12-31"' in page


@time_machine.travel(NOW, tick=False)
def test_deciding_through_the_page_then_printing_the_record_and_the_letter(personas: Any) -> None:
    c = contract(personas)
    period = c.periods.get()
    head = personas.client("head")
    url = reverse("contracts:period_evaluation", args=[period.pk])
    response = head.post(url, {**RATINGS, "decision": "EXTEND_WITH_CONDITIONS", "conditions": ""})
    assert response.status_code == 200 and "Write the conditions" in response.content.decode()
    response = head.post(url, {**RATINGS, "decision": "EXTEND_WITH_CONDITIONS", "conditions": "Laporan tepat waktu."})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.state == PeriodState.EXTENDED_WITH_CONDITIONS
    # The next period's page shows the conditions to check.
    following = c.periods.get(number=2)
    page = head.get(reverse("contracts:period_evaluation", args=[following.pk])).content.decode()
    assert "Laporan tepat waktu." in page and 'id="previous-conditions"' in page
    for name in ("contracts:evaluation_pdf", "contracts:extension_letter_pdf"):
        response = head.get(reverse(name, args=[period.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    # No letter for a period not extended.
    assert head.get(reverse("contracts:extension_letter_pdf", args=[following.pk])).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_rating_out_of_the_scale_is_a_field_error_and_keeps_what_was_typed(personas: Any) -> None:
    """Walk #13, 8 checked on the period evaluation too: the error is next to the score and in the list at the
    top, the conditions and notes stay, nothing is decided."""
    period = contract(personas).periods.get()
    url = reverse("contracts:period_evaluation", args=[period.pk])
    data = {
        **RATINGS,
        "rating_quality": "150",
        "decision": "EXTEND_WITH_CONDITIONS",
        "conditions": "Laporan Qwv tepat waktu.",
        "notes": "Catatan Qwv kepala.",
    }
    response = personas.client("head").post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_rating_quality_error"' in page and 'href="#id_rating_quality"' in page
    assert "Laporan Qwv tepat waktu.</textarea>" in page and "Catatan Qwv kepala.</textarea>" in page
    assert '<option value="5" selected>' in page  # the other ratings are kept
    period.refresh_from_db()
    assert period.state == PeriodState.OPEN and not period.decisions.exists()


@time_machine.travel(NOW, tick=False)
def test_the_register_is_a_workbook_with_one_row_per_contract(personas: Any) -> None:
    c = contract(personas)
    response = personas.client("head").get(reverse("contracts:register_xlsx", args=[2027]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == personas["head"].membership.unit.name and "2027" in values[1][0]
    header = values[4]
    assert header[0] == "Contract number" and sheet.freeze_panes == "A6"
    assert values[5][0] == c.number
    assert values[5][7] == 60_000_000 and sheet.cell(6, 8).number_format == "#,##0"
    assert values[5][8] == dt.datetime.combine(c.start, dt.time()) and sheet.cell(6, 9).number_format == "dd/mm/yyyy"
    assert values[6][0] == "Total" and values[6][7] == "=SUM(H6:H6)"
    assert len(values) == 7  # title (3), a blank row, the header, the one contract, the total
    other_year = personas.client("head").get(reverse("contracts:register_xlsx", args=[2026]))
    other = openpyxl.load_workbook(io.BytesIO(other_year.content)).active
    assert [row[0].value for row in other.iter_rows(min_row=6)] == ["Total"]


@time_machine.travel(NOW, tick=False)
def test_the_workload_counts_each_experts_sessions_and_states(personas: Any) -> None:
    built = session_case(personas)
    contract(personas, user=built.psychologist)
    for _ in range(3):
        held_session(personas["head"], built.case, experts=[built.psychologist])
    response = personas.client("head").get(reverse("contracts:workload"))
    rows = {row.user.pk: row for row in response.context["rows"]}
    mine = rows[built.psychologist.pk]
    assert (mine.sessions_week, mine.sessions_period, str(mine.hours_period)) == (3, 3, "3.0")
    assert mine.licensed is True and mine.contract is not None and mine.period.number == 1
    assert mine.open_cases == 1
    assert rows[built.counsellor.pk].contract is None and rows[built.counsellor.pk].sessions_week == 0


@time_machine.travel(NOW, tick=False)
def test_the_expert_sees_their_own_contract_only(personas: Any) -> None:
    own = contract(personas)
    response = personas.client("expert").get(reverse("contracts:contract_list"))
    assert list(response.context["contracts"]) == [own]
    assert personas.client("other_head").get(reverse("contracts:contract_detail", args=[own.pk])).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_team_suggestions_put_contracted_experts_first(personas: Any) -> None:
    from conftest import make_user
    from sigap.accounts.models import Role
    from sigap.cases.selectors import expert_suggestions
    from sigap.cases.tests.factories import make_case, victim_data
    from sigap.experts.tests.factories import licensed_clinical

    first, second = make_user("ahli_a", personas.kukar, Role.EXPERT), make_user("ahli_b", personas.kukar, Role.EXPERT)
    for user in (first, second):
        licensed_clinical(personas, user)
    case = make_case(personas, victim=victim_data())
    names = [u.username for u in expert_suggestions(case) if u.username in ("ahli_a", "ahli_b")]
    assert names == ["ahli_a", "ahli_b"]  # by name when neither has a contract
    contract(personas, user=second)
    names = [u.username for u in expert_suggestions(case) if u.username in ("ahli_a", "ahli_b")]
    assert names == ["ahli_b", "ahli_a"]


@time_machine.travel(NOW, tick=False)
def test_the_signed_contract_is_kept_encrypted_and_read_by_the_head_and_its_expert(personas: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sigap.audit.models import AuditEvent
    from sigap.core.tests.files_samples import PDF

    expert = expert_profile(personas)
    upload = SimpleUploadedFile("kontrak-ttd.pdf", PDF, content_type="application/pdf")
    response = personas.client("head").post(
        reverse("contracts:contract_create"), {**_form(expert.pk), "document": upload}
    )
    assert response.status_code == 302
    created = Contract.objects.get()
    assert created.document_storage and created.document_type == "application/pdf"
    url = reverse("contracts:contract_document", args=[created.pk])
    for who in ("head", "expert"):
        response = personas.client(who).get(url)
        assert b"".join(response.streaming_content) == PDF
    assert personas.client("other_head").get(url).status_code == 404
    assert AuditEvent.objects.filter(action="DOWNLOAD", object_type="contracts.contract").count() == 2
    # A file of a type the unit does not keep is refused with a message, the other fields kept.
    bad = SimpleUploadedFile("kontrak.exe", b"MZ\x90\x00binary", content_type="application/octet-stream")
    response = personas.client("head").post(
        reverse("contracts:contract_create"), {**_form(expert.pk, number="002/SPK/2027"), "document": bad}
    )
    assert response.status_code == 200 and 'value="002/SPK/2027"' in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_evaluation_page_reads_a_fixed_number_of_queries(personas: Any) -> None:
    built = session_case(personas)
    c = contract(personas, user=built.psychologist)
    period = c.periods.get()
    url = reverse("contracts:period_evaluation", args=[period.pk])
    client = personas.client("head")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        held_session(personas["head"], built.case, experts=[built.psychologist])
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more.captured_queries) == len(few.captured_queries)


def test_a_fiscal_year_reads_as_a_year_not_a_number(personas: Any) -> None:
    """Found in the browser: the Indonesian number format printed the fiscal year as "2.026"."""
    c = contract(personas)
    client = personas.client("head")
    for url in (reverse("contracts:contract_list"), reverse("contracts:contract_detail", args=[c.pk])):
        page = client.get(url).content.decode()
        assert str(c.fiscal_year) in page and f"{c.fiscal_year // 1000}.{c.fiscal_year % 1000:03d}" not in page, url
