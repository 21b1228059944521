"""A case opened from a complaint starts with what the complaint knew (issue #21).

Its people (created, or linked to the known person the officer confirmed), its safe-contact rule and
its account; the case's team reads the complaint through the case's scope, nobody else.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sigap.cases.models import Case, TeamRole
from sigap.cases.models.link import PersonLinkRequest
from sigap.cases.models.people import CasePerson, Person
from sigap.cases.services.team import case_team_assign
from sigap.cases.tests.factories import make_case, victim_data
from sigap.core.choices import ContactCalls
from sigap.intake.models import Complaint, Decision
from sigap.intake.services.complaint import PersonEntry, complaint_record
from sigap.intake.tests.factories import ACCOUNT_CANARY, CONTACT_CANARY, ensure_reference, triaged

VICTIM = "Siti Canaryputri"
PERPETRATOR = "Joko Canarypelaku"
WITNESS = "Rina Canarysaksi"
REPORTER = "Budi Canaryreporter"


def _complaint(
    personas: Any, *, calls: str = ContactCalls.MESSAGES_ONLY, reporter_type: str = "PIHAK_LAIN"
) -> Complaint:
    from django.utils import timezone

    ensure_reference()
    complaint = complaint_record(
        actor=personas["intake"],
        channel="TELEPON",
        received_at=timezone.now(),
        reporter_type=reporter_type,
        reporter_name=REPORTER,
        reporter_phone="0812 1111 2222",
        reporter_relationship="Aunt",
        contact_consent=True,
        contact_instructions=CONTACT_CANARY,
        contact_calls=calls,
        people=[
            PersonEntry(name=VICTIM, age=12, sex="P", role="KORBAN"),
            PersonEntry(name=PERPETRATOR, age=40, sex="L", role="TERLAPOR"),
            PersonEntry(name=WITNESS, role="LAINNYA"),
        ],
        account=ACCOUNT_CANARY,
        risk_level="SEDANG",
    )
    return triaged(personas, complaint)


def _open(personas: Any, complaint: Complaint, *, actor: str = "intake", **same: str) -> Case:
    data = {"decision": Decision.OPEN_CASE, "close_reason": "", "note": "", **same}
    url = reverse("intake:complaint_decide", kwargs={"complaint_id": complaint.pk})
    response = personas.client(actor).post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    complaint.refresh_from_db()
    return Case.objects.get(pk=complaint.case_id)


def _roles(case: Case) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for link in CasePerson.objects.filter(case=case).select_related("person"):
        found.setdefault(link.role, []).append(link.person.name)
    return found


def test_the_case_starts_with_the_complaints_people_each_in_its_role(personas: Any) -> None:
    case = _open(personas, _complaint(personas))
    assert _roles(case) == {
        "VICTIM": [VICTIM],
        "PERPETRATOR": [PERPETRATOR],
        "WITNESS": [WITNESS],
        "REPORTER": [REPORTER],
    }
    victim = Person.objects.get(case_links__case=case, case_links__role="VICTIM")
    assert victim.sex == "P" and victim.age_estimated and victim.birth_year is not None
    reporter = Person.objects.get(case_links__case=case, case_links__role="REPORTER")
    assert reporter.phone  # the reporter's number travels with her, not typed again


def test_the_case_keeps_the_safe_contact_rule(personas: Any) -> None:
    case = _open(personas, _complaint(personas, calls=ContactCalls.NO_DIRECT_CONTACT))
    assert case.contact_calls == ContactCalls.NO_DIRECT_CONTACT
    assert case.contact_rule == CONTACT_CANARY


def test_an_unnamed_person_is_created_and_shown_as_name_not_yet_known(personas: Any) -> None:
    complaint = _complaint(personas)
    # The public form may keep a child whose name the reporter does not know (branch ``lapor``).
    complaint.people = [*complaint.people, {"name": "", "age": 6, "sex": "L", "role": "KORBAN"}]
    complaint.save(update_fields=["people"])
    case = _open(personas, complaint)
    assert "" in _roles(case)["VICTIM"]
    page = personas.client("head").get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert "data-unnamed" in page


def test_the_decision_page_offers_the_known_person_and_links_it_instead_of_a_duplicate(personas: Any) -> None:
    known = make_case(personas, victim=victim_data(name=VICTIM, estimated_age=12, phone=""))
    person = Person.objects.get(case_links__case=known)
    complaint = _complaint(personas)
    page = personas.client("head").get(reverse("intake:complaint_decide", kwargs={"complaint_id": complaint.pk}))
    assert f'value="{person.pk}"' in page.content.decode()
    assert VICTIM not in page.content.decode().split('id="carry-people"')[1].split("</section>")[0].replace(
        f"<strong>{VICTIM}</strong>", ""
    )  # the match itself is masked: initials, never the name
    before = Person.objects.count()
    case = _open(personas, complaint, actor="head", same_p0=str(person.pk))
    assert CasePerson.objects.filter(case=case, person=person, role="VICTIM").exists()
    assert Person.objects.count() == before + 3  # perpetrator, witness, reporter: the victim is not new


def test_an_intake_officer_asks_the_head_before_linking_a_person_of_a_case_she_cannot_see(personas: Any) -> None:
    known = make_case(personas, victim=victim_data(name=VICTIM, estimated_age=12, phone=""))
    person = Person.objects.get(case_links__case=known)
    case = _open(personas, _complaint(personas), same_p0=str(person.pk))
    assert not CasePerson.objects.filter(case=case, person=person).exists()
    assert PersonLinkRequest.objects.filter(case=case, person=person, role="VICTIM", state="PENDING").exists()


def test_a_forged_person_id_is_refused_with_a_message(personas: Any) -> None:
    make_case(personas, victim=victim_data(name=VICTIM, estimated_age=12, phone=""))  # a match: the choice is asked
    complaint = _complaint(personas)
    url = reverse("intake:complaint_decide", kwargs={"complaint_id": complaint.pk})
    other = make_case(personas, unit="samarinda", manager=None, experts=(), victim=victim_data(name=VICTIM, phone=""))
    stranger = Person.objects.get(case_links__case=other)
    response = personas.client("intake").post(url, {"decision": Decision.OPEN_CASE, "same_p0": str(stranger.pk)})
    assert response.status_code == 200  # the form again, nothing opened
    assert 'id="carry-people"' in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.case_id is None
    assert not CasePerson.objects.filter(person=stranger).exclude(case=other).exists()


def _detail(personas: Any, who: str, complaint: Complaint) -> Any:
    return personas.client(who).get(reverse("intake:complaint_detail", kwargs={"complaint_id": complaint.pk}))


def test_the_case_team_reads_the_complaint_nobody_else(personas: Any) -> None:
    complaint = _complaint(personas)
    case = _open(personas, complaint)
    assert _detail(personas, "case_manager", complaint).status_code == 404  # not on the team (yet)
    assert _detail(personas, "expert", complaint).status_code == 404
    assert _detail(personas, "other_case_manager", complaint).status_code == 404
    assert _detail(personas, "other_head", complaint).status_code == 404
    assert _detail(personas, "head", complaint).status_code == 200
    case_team_assign(actor=personas["head"], case=case, user=personas["case_manager"], team_role=TeamRole.CASE_MANAGER)
    response = _detail(personas, "case_manager", complaint)
    assert response.status_code == 200
    page = response.content.decode()
    assert ACCOUNT_CANARY in page and CONTACT_CANARY in page
    case_team_assign(actor=personas["head"], case=case, user=personas["expert"], team_role=TeamRole.EXPERT)
    # On the team, the expert reads the account and the rule on the case page, not the complaint: it names
    # the children the case page codes for her (rules.disclosure).
    assert _detail(personas, "expert", complaint).status_code == 404


def _case_page(personas: Any, who: str, case: Case) -> Any:
    return personas.client(who).get(reverse("cases:case_detail", kwargs={"case_id": case.pk}))


def test_the_case_page_shows_the_rule_on_top_to_the_team_and_the_account_to_the_head_and_manager(
    personas: Any,
) -> None:
    case = _open(personas, _complaint(personas))
    case_team_assign(actor=personas["head"], case=case, user=personas["case_manager"], team_role=TeamRole.CASE_MANAGER)
    case_team_assign(actor=personas["head"], case=case, user=personas["expert"], team_role=TeamRole.EXPERT)
    for who in ("case_manager", "expert", "head"):
        page = _case_page(personas, who, case).content.decode()
        assert 'id="contact-rule"' in page and CONTACT_CANARY in page, who
        # The account names people and places: the HEAD and the case manager read it, an expert does not (D63).
        assert (ACCOUNT_CANARY in page) is (who != "expert"), who
        # The rule came from the reporter (for herself): those who may change it are asked to check it fits the family.
        assert ('id="contact-rule-from-reporter"' in page) is (who != "expert"), who
        # Above everything else: before the next steps and the persons.
        assert page.index('id="contact-rule"') < page.index('id="steps-heading"') < page.index('id="person-table"')
    assert _case_page(personas, "other_case_manager", case).status_code == 404
    assert _case_page(personas, "intake", case).status_code == 403


def test_a_phone_number_is_a_call_link_only_when_calls_are_allowed(personas: Any) -> None:
    allowed = _open(personas, _complaint(personas, calls=ContactCalls.CALLS_ALLOWED))
    page = _case_page(personas, "head", allowed).content.decode()
    assert 'href="tel:' in page
    messages_only = _open(personas, _complaint(personas, calls=ContactCalls.MESSAGES_ONLY))
    page = _case_page(personas, "head", messages_only).content.decode()
    assert "tel:" not in page
    assert "data-no-call" in page  # the number is shown as text, with the rule next to it
    not_asked = _open(personas, _complaint(personas, calls=""))
    assert "tel:" not in _case_page(personas, "head", not_asked).content.decode()


def test_the_complaint_page_follows_the_rule_for_the_reporters_phone(personas: Any) -> None:
    allowed = _complaint(personas, calls=ContactCalls.CALLS_ALLOWED)
    assert 'href="tel:' in _detail(personas, "intake", allowed).content.decode()
    messages_only = _complaint(personas, calls=ContactCalls.MESSAGES_ONLY)
    assert "tel:" not in _detail(personas, "intake", messages_only).content.decode()


def test_the_triage_page_shows_the_account_it_classifies(personas: Any) -> None:
    complaint = _complaint(personas)
    page = personas.client("intake").get(reverse("intake:complaint_triage", kwargs={"complaint_id": complaint.pk}))
    assert ACCOUNT_CANARY in page.content.decode()


def test_the_case_page_query_count_does_not_grow_per_person(personas: Any, django_assert_num_queries: Any) -> None:
    small = _open(personas, _complaint(personas))
    big_complaint = _complaint(personas)
    big_complaint.people = [*big_complaint.people, *({"name": f"Anak {n}", "role": "KORBAN"} for n in range(6))]
    big_complaint.save(update_fields=["people"])
    big = _open(personas, big_complaint)
    client = personas.client("head")
    client.get(reverse("cases:case_detail", kwargs={"case_id": small.pk}))  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(reverse("cases:case_detail", kwargs={"case_id": small.pk}))
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("cases:case_detail", kwargs={"case_id": big.pk}))


def test_an_expert_does_not_read_the_complaints_account(personas: Any) -> None:
    """Walks 1 and 2 (D63): the experts read the child's name, her mother's and the street in the complaint's
    account, above the persons table that names her by first name, age and code (D24). Masking names in free
    text left the address and the family: the account is for the HEAD and the case manager only."""
    from django.utils import timezone

    ensure_reference()
    complaint = complaint_record(
        actor=personas["intake"],
        channel="TELEPON",
        received_at=timezone.now(),
        reporter_type="PIHAK_LAIN",
        reporter_name=REPORTER,
        reporter_phone="0812 1111 2222",
        reporter_relationship="Aunt",
        contact_consent=True,
        contact_instructions=CONTACT_CANARY,
        contact_calls=ContactCalls.MESSAGES_ONLY,
        people=[
            PersonEntry(name="Putri Ayu Lestari", age=9, sex="P", role="KORBAN"),
            PersonEntry(name=PERPETRATOR, age=40, sex="L", role="TERLAPOR"),
        ],
        account="Tetangga melihat PUTRI AYU  LESTARI menangis; ibu Lestari bilang pelakunya pamannya.",
        risk_level="SEDANG",
    )
    case = _open(personas, triaged(personas, complaint))
    case_team_assign(actor=personas["head"], case=case, user=personas["case_manager"], team_role=TeamRole.CASE_MANAGER)
    case_team_assign(actor=personas["head"], case=case, user=personas["expert"], team_role=TeamRole.EXPERT)
    expert = _case_page(personas, "expert", case).content.decode()
    account = expert.split('id="complaint-account"')[1].split("</section>")[0]
    assert complaint.number in account and 'id="complaint-account-withheld"' in account
    assert "Lestari" not in expert and "AYU" not in expert and "pamannya" not in expert
    for who in ("case_manager", "head"):  # full identities: the account as recorded
        page = _case_page(personas, who, case).content.decode()
        assert "PUTRI AYU  LESTARI" in page.split('id="complaint-account"')[1].split("</section>")[0], who


def test_the_complaint_page_links_its_case_number_for_who_may_open_the_case(personas: Any) -> None:
    """Walk finding 15: the case number on the complaint page is a link when the reader may open the case."""
    complaint = _complaint(personas)
    case = _open(personas, complaint)
    case_url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    head = _detail(personas, "head", complaint).content.decode()
    box = head.split('id="complaint-case"')[1].split("</div>")[0]
    assert f'<a href="{case_url}">{case.number}</a>' in box
    intake = _detail(personas, "intake", complaint).content.decode()
    box = intake.split('id="complaint-case"')[1].split("</div>")[0]
    assert case.number in box and case_url not in intake  # the intake officer never opens a case file
