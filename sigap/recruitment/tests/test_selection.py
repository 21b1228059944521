"""Selection (issue #13): the administrative check, scores given alone, the ranking once all have scored, and
the choice that makes an expert with a user account, a profile, a credential to confirm, and calls the hooks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse

from sigap.accounts.models import Membership, Role, User
from sigap.experts.licensing import valid_credentials
from sigap.experts.models import Credential, ExpertProfile
from sigap.recruitment import hooks
from sigap.recruitment.hooks import ChosenApplicant
from sigap.recruitment.models import Application, ApplicationState, Score, Vacancy, VacancyState
from sigap.recruitment.selectors import get_vacancy_for_user, ranking_of
from sigap.recruitment.services.selection import application_check, application_choose, score_record
from sigap.recruitment.services.vacancy import RecruitmentRefused
from sigap.recruitment.tests.factories import (
    EMAIL_CANARY,
    NAME_CANARY,
    NUMBER_CANARY,
    form_data,
    make_application,
    make_vacancy,
)


@pytest.fixture
def chosen_calls() -> Iterator[list[ChosenApplicant]]:
    """A hook registered by the test, as the contracts app would register its own."""
    calls: list[ChosenApplicant] = []
    hooks.APPLICANT_CHOSEN_HOOKS.append(calls.append)
    yield calls
    hooks.APPLICANT_CHOSEN_HOOKS.remove(calls.append)


def _detail(client: Client, application: Application) -> str:
    return client.get(
        reverse("recruitment:application_detail", kwargs={"application_id": application.pk})
    ).content.decode()


def _post(client: Client, name: str, application: Application, data: dict[str, Any] | None = None) -> Any:
    return client.post(reverse(f"recruitment:{name}", kwargs={"application_id": application.pk}), data or {})


def _en(client: Client) -> Client:
    client.cookies["sigap_language"] = "en"
    return client


def test_from_a_public_application_to_a_new_expert_with_a_user(
    personas: Any, chosen_calls: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    vacancy = make_vacancy(personas)
    # The applicant applies on the public page.
    applicant = _en(Client())
    assert (
        applicant.post(reverse("rekrutmen:vacancy", kwargs={"vacancy_id": vacancy.pk}), form_data()).status_code == 303
    )
    other = make_application(vacancy, email="second@example.test", name="Second Applicant")
    application = Application.objects.exclude(pk=other.pk).get()
    head, case_manager = _en(personas.client("head")), _en(personas.client("case_manager"))
    # Administrative check: both requirements met for the first, one missing for the second.
    assert _post(head, "application_check", application, {"req_0": "on", "req_1": "on"}).status_code == 302
    assert _post(case_manager, "application_check", other, {"req_0": "on"}).status_code == 302
    application.refresh_from_db()
    other.refresh_from_db()
    assert application.state == ApplicationState.ADMIN_PASSED and other.state == ApplicationState.ADMIN_FAILED
    # Each panel member scores; the head cannot choose before both have.
    _post(head, "application_score", application, {"test_score": "80", "interview_score": "90"})
    assert _post(head, "application_choose", application).status_code == 302
    assert not User.objects.filter(email=EMAIL_CANARY).exists()
    _post(case_manager, "application_score", application, {"interview_score": "70"})
    assert Score.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(head, "application_choose", application)
    user = User.objects.get(email=EMAIL_CANARY)
    assert response.status_code == 302 and response["Location"] == reverse(
        "experts:expert_detail", kwargs={"user_id": user.pk}
    )
    # The user: an expert of the unit, no usable password, a password link e-mailed to them.
    assert user.full_name == NAME_CANARY and not user.has_usable_password()
    assert Membership.objects.get(user=user, is_active=True).role == Role.EXPERT
    links = [m for m in mail.outbox if m.to == [EMAIL_CANARY] and "/akun/" in m.body]
    assert len(links) == 1 and user.username not in links[0].body  # AUTH-08: the link alone gives no login
    # The HEAD is told the username, to hand it over herself (walk #13, 21).
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(f"Their username is {user.username}" in m for m in told)
    # The profile and the credential typed by the applicant, to confirm (it licenses nobody yet).
    profile = ExpertProfile.objects.get(user=user)
    assert profile.profession == "CLINICAL_PSYCHOLOGIST" and profile.sex == "P" and profile.unit == personas.kukar
    credential = Credential.objects.get(profile=profile)
    assert credential.kind == "STRPK" and credential.number == NUMBER_CANARY and credential.to_confirm
    assert not valid_credentials(credential.valid_from).filter(pk=credential.pk).exists()
    # The hook (the contracts app's draft contract) was called once with everything it needs.
    assert len(chosen_calls) == 1
    chosen = chosen_calls[0]
    assert (chosen.user, chosen.expert_profile, chosen.application.pk, chosen.vacancy.pk) == (
        user,
        profile,
        application.pk,
        vacancy.pk,
    )
    assert (chosen.fiscal_year, chosen.post, chosen.profession, chosen.actor) == (
        vacancy.fiscal_year,
        vacancy.post,
        "CLINICAL_PSYCHOLOGIST",
        personas["head"],
    )
    # The contracts app's own hook (registered in its ready()) proposed the draft contract of that year.
    from sigap.contracts.models import Contract, ContractState

    draft = Contract.objects.get(expert=profile)
    assert (draft.state, draft.fiscal_year, draft.post) == (ContractState.DRAFT, vacancy.fiscal_year, vacancy.post)
    # One post filled: the vacancy is decided; the status page tells the applicant.
    vacancy.refresh_from_db()
    assert vacancy.state == VacancyState.DECIDED
    application.refresh_from_db()
    status = applicant.post(reverse("rekrutmen:status"), {"reference": application.reference, "email": EMAIL_CANARY})
    assert "Chosen" in status.content.decode()
    # The HEAD confirms the credential once the document is checked: now it counts.
    confirm = head.post(
        reverse("experts:credential_confirm", kwargs={"user_id": user.pk, "credential_id": credential.pk})
    )
    assert confirm.status_code == 302
    assert valid_credentials(credential.valid_from).filter(pk=credential.pk).exists()


def _scored_setup(p: Any) -> tuple[Any, Application]:
    vacancy = make_vacancy(p)
    application = make_application(vacancy)
    access = get_vacancy_for_user(p["head"], vacancy.pk)
    application_check(actor=p["head"], access=access, application=application, met={0, 1})
    application.refresh_from_db()
    return vacancy, application


def test_panel_members_cannot_see_each_others_scores_before_all_have_scored(personas: Any) -> None:
    vacancy, application = _scored_setup(personas)
    head, case_manager = _en(personas.client("head")), _en(personas.client("case_manager"))
    _post(head, "application_score", application, {"test_score": "87", "note": "Headnote Xyzzy"})
    # The other member sees neither the score, nor the note, nor a ranking.
    page = _detail(case_manager, application)
    assert "<td>87</td>" not in page and "Headnote Xyzzy" not in page and 'id="all-scores"' not in page
    assert 'id="scores-hidden"' in page
    vacancy_page = case_manager.get(
        reverse("recruitment:vacancy_detail", kwargs={"vacancy_id": vacancy.pk})
    ).content.decode()
    assert 'id="ranking-waiting"' in vacancy_page and 'id="ranking"' not in vacancy_page
    assert not ranking_of(vacancy).complete
    # Once the second member has scored, both see every score and the ranking.
    _post(case_manager, "application_score", application, {"test_score": "61"})
    for client in (head, case_manager):
        page = _detail(client, application)
        assert 'id="all-scores"' in page and "<td>87</td>" in page and "<td>61</td>" in page
    assert ranking_of(vacancy).complete and ranking_of(vacancy).rows[0].average == 74.0


def test_scores_are_locked_once_all_have_scored(personas: Any) -> None:
    vacancy, application = _scored_setup(personas)
    for name in ("head", "case_manager"):
        access = get_vacancy_for_user(personas[name], vacancy.pk)
        score_record(actor=personas[name], access=access, application=application, test_score=50, interview_score=None)
    access = get_vacancy_for_user(personas["head"], vacancy.pk)
    with pytest.raises(RecruitmentRefused):
        score_record(
            actor=personas["head"], access=access, application=application, test_score=99, interview_score=None
        )


def test_a_failing_hook_undoes_the_whole_choice(personas: Any) -> None:
    vacancy, application = _scored_setup(personas)
    for name in ("head", "case_manager"):
        access = get_vacancy_for_user(personas[name], vacancy.pk)
        score_record(actor=personas[name], access=access, application=application, test_score=50, interview_score=None)

    def refuse(chosen: ChosenApplicant) -> None:
        raise RuntimeError("no contract")

    hooks.APPLICANT_CHOSEN_HOOKS.append(refuse)
    try:
        with pytest.raises(RuntimeError):
            application_choose(
                actor=personas["head"],
                access=get_vacancy_for_user(personas["head"], vacancy.pk),
                application=application,
            )
    finally:
        hooks.APPLICANT_CHOSEN_HOOKS.remove(refuse)
    assert not User.objects.filter(email=EMAIL_CANARY).exists() and not ExpertProfile.objects.exists()
    application.refresh_from_db()
    assert application.state == ApplicationState.ADMIN_PASSED


def test_the_unit_admin_manages_the_vacancy_but_never_sees_an_applicant(personas: Any) -> None:
    vacancy, application = _scored_setup(personas)
    admin = _en(personas.client("admin"))
    page = admin.get(reverse("recruitment:vacancy_detail", kwargs={"vacancy_id": vacancy.pk})).content.decode()
    assert NAME_CANARY not in page and application.reference not in page and 'id="application-counts"' in page
    detail = admin.get(reverse("recruitment:application_detail", kwargs={"application_id": application.pk}))
    assert detail.status_code == 404


def test_a_staff_member_off_the_panel_does_not_see_the_vacancy(personas: Any) -> None:
    vacancy, application = _scored_setup(personas)
    expert = personas.client("expert")
    assert expert.get(reverse("recruitment:vacancy_detail", kwargs={"vacancy_id": vacancy.pk})).status_code == 404
    assert (
        expert.get(reverse("recruitment:application_detail", kwargs={"application_id": application.pk})).status_code
        == 404
    )


def test_the_vacancy_form_creates_a_published_vacancy_with_its_panel(personas: Any) -> None:
    head = personas.client("head")
    response = head.post(
        reverse("recruitment:vacancy_create"),
        {
            "post": "Konselor hukum",
            "profession": "LEGAL_COUNSELLOR",
            "requirements": "Sarjana hukum\n\nKTA advokat",
            "documents_required": ["CV", "LICENCE"],
            "posts": "1",
            "fiscal_year": "2027",
            "published_on": "2026-12-01",
            "closes_on": "2026-12-31",
            "state": "PUBLISHED",
            "panel": [str(personas["head"].pk), str(personas["expert"].pk)],
        },
    )
    assert response.status_code == 302
    from sigap.recruitment.models import Vacancy

    vacancy = Vacancy.objects.get()
    assert vacancy.requirements == ["Sarjana hukum", "KTA advokat"] and vacancy.documents_required == ["CV", "LICENCE"]
    assert set(vacancy.panel_members.values_list("user_id", flat=True)) == {personas["head"].pk, personas["expert"].pk}
    bad = head.post(reverse("recruitment:vacancy_create"), {"post": "", "published_on": "x"})
    assert bad.status_code == 200 and 'id="error-summary"' in bad.content.decode()


def test_the_requirements_cannot_change_once_an_application_is_checked(personas: Any) -> None:
    from sigap.recruitment.services.vacancy import vacancy_save

    vacancy, _application = _scored_setup(personas)
    with pytest.raises(RecruitmentRefused):
        vacancy_save(
            actor=personas["head"],
            vacancy=vacancy,
            post=vacancy.post,
            profession=vacancy.profession,
            requirements=["Only one now"],
            documents_required=vacancy.documents_required,
            fiscal_year=vacancy.fiscal_year,
            published_on=vacancy.published_on,
            closes_on=vacancy.closes_on,
            state=vacancy.state,
            panel=[personas["head"], personas["case_manager"]],
        )


def test_a_document_downloads_audited_and_a_missing_file_is_a_message(personas: Any) -> None:
    from sigap.audit.models import AuditAction, AuditEvent
    from sigap.core.files.store import attachment_storage
    from sigap.recruitment.tests.factories import PDF

    _vacancy, application = _scored_setup(personas)
    document = application.documents.order_by("kind").first()
    url = reverse(
        "recruitment:application_document", kwargs={"application_id": application.pk, "document_id": document.pk}
    )
    head = personas.client("head")
    response = head.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment") and response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, object_id=str(application.pk)).count() == 1
    attachment_storage().delete(document.storage_name)
    assert head.get(url).status_code == 302


def test_a_score_out_of_range_is_a_field_error_and_keeps_what_was_typed(personas: Any) -> None:
    """Walk #13, 8: the error was a banner over an emptied form; now it is next to the score, and listed at the
    top, with the note and the other score kept and nothing saved."""
    _vacancy, application = _scored_setup(personas)
    head = _en(personas.client("head"))
    data = {"test_score": "150", "interview_score": "77", "note": "Catatan Zyx panjang"}
    response = _post(head, "application_score", application, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="score_test_score_error"' in page and "less than or equal to 100" in page
    assert 'href="#score_test_score"' in page  # the error list at the top links to the field
    assert 'value="150"' in page and 'value="77"' in page and "Catatan Zyx panjang</textarea>" in page
    assert not Score.objects.exists()
    # Neither score: the message is listed at the top, the note still kept.
    response = _post(head, "application_score", application, {"note": "Catatan Zyx panjang"})
    page = response.content.decode()
    assert response.status_code == 200 and "Enter a test score, an interview score, or both." in page
    assert 'id="error-summary"' in page and "Catatan Zyx panjang</textarea>" in page
    assert not Score.objects.exists()
    # A good one is saved as before.
    assert _post(head, "application_score", application, {"test_score": "90", "note": "ok"}).status_code == 302
    assert Score.objects.get().test_score == 90


def test_the_form_of_a_decided_vacancy_is_refused_on_opening(personas: Any) -> None:
    """Walk #13, 13: it opened, all editable, and refused only on save."""
    vacancy = make_vacancy(personas)
    admin = _en(personas.client("admin"))
    url = reverse("recruitment:vacancy_edit", kwargs={"vacancy_id": vacancy.pk})
    assert admin.get(url).status_code == 200  # still open before the decision
    Vacancy.objects.filter(pk=vacancy.pk).update(state=VacancyState.DECIDED)
    detail = reverse("recruitment:vacancy_detail", kwargs={"vacancy_id": vacancy.pk})
    for method in (admin.get, admin.post):
        response = method(url, follow=True)
        assert response.redirect_chain == [(detail, 302)]
        assert "This vacancy has been decided: it cannot change any more." in response.content.decode()
        assert 'id="vacancy-edit-link"' not in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.post == "Psikolog klinis"


def test_a_refused_check_is_shown_again_with_its_ticks_and_note(personas: Any) -> None:
    """Walk #13 (the check form): a note over the limit was a banner over an emptied form."""
    application = make_application(make_vacancy(personas))
    head = _en(personas.client("head"))
    note = "Catatan Qkz " + "x" * 2100
    response = _post(head, "application_check", application, {"req_0": "on", "note": note})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="check-errors"' in page and 'href="#id_note"' in page
    assert 'id="id_note_error"' in page and "at most 2000 characters" in page
    assert f"{note}</textarea>" in page
    assert 'name="req_0" class="form-check-input" id="id_req_0" checked' in page
    application.refresh_from_db()
    assert application.checks == {} and application.check_note == ""
    assert _post(head, "application_check", application, {"req_0": "on", "note": "ok"}).status_code == 302
    application.refresh_from_db()
    assert application.checks["0"] is True


def test_staff_see_the_documents_asked_for_and_the_applicants_in_the_forms_order(personas: Any) -> None:
    """Walk #13, 19: the staff vacancy page did not say which documents the form asks for, and the applicant's
    documents came in the codes' alphabetical order (certificates first)."""
    vacancy = make_vacancy(personas, documents_required=["LICENCE", "CV"])
    head = _en(personas.client("head"))
    page = head.get(reverse("recruitment:vacancy_detail", kwargs={"vacancy_id": vacancy.pk})).content.decode()
    listed = page[page.index('id="documents-required"') :]
    assert listed.index("Curriculum vitae") < listed.index("STR / SIPP or advocate card")
    assert "Diploma" not in listed[: listed.index("</ul>")]
    application = make_application(vacancy, certificate=True)
    page = head.get(reverse("recruitment:application_detail", kwargs={"application_id": application.pk}))
    text = page.content.decode()
    documents = text[text.index('id="documents"') :]
    order = ["Curriculum vitae", "Diploma", "STR / SIPP", "Certificates"]
    assert [documents.index(label) for label in order] == sorted(documents.index(label) for label in order)
