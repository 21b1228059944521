"""The auditor reviews every emergency access of the unit (ARCHITECTURE §3: "logged and flagged for review")."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from hypothesis import strategies as st

from conftest import make_user
from sigap.accounts.models import Role
from sigap.audit.models import AuditEvent
from sigap.cases.kinds import BREAK_GLASS_REVIEW
from sigap.cases.models import BreakGlassGrant
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.services.team import break_glass_open, break_glass_review
from sigap.cases.tests.casework_fuzz import fuzz_post
from sigap.cases.tests.factories import make_case
from sigap.work.models import WorkItem

REASON = "The police need the file for an arrest warrant today."


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    settings.LANGUAGE_CODE = "en"


def _grant(personas: Any, unit: str = "kukar") -> BreakGlassGrant:
    manager = "case_manager" if unit == "kukar" else "other_case_manager"
    case = make_case(personas, unit=unit, manager=manager, restricted=True, experts=())
    head = personas["head"] if unit == "kukar" else personas["other_head"]
    return break_glass_open(actor=head, case=case, reason=REASON)


def test_an_emergency_access_becomes_the_auditors_work(personas: Any) -> None:
    grant = _grant(personas)
    item = WorkItem.objects.get(kind=BREAK_GLASS_REVIEW)
    assert item.responsible == personas["auditor"]
    assert item.title_key == grant.case.number
    assert item.state == WorkItem.State.OPEN


def test_the_auditor_sees_the_units_accesses_waiting_for_review(personas: Any) -> None:
    grant = _grant(personas)
    _grant(personas, unit="samarinda")
    page = personas.client("auditor").get(reverse("audit:break_glass_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count('class="break-glass-row"') == 1
    assert grant.case.number in text
    # The reason is read on the review page, one audited grant at a time, never in bulk on the list.
    assert REASON[:20] not in text
    # The page itself is in the trail.
    assert AuditEvent.objects.filter(object_type="audit.break_glass", actor=personas["auditor"]).exists()


def test_the_auditor_records_a_justified_access(personas: Any) -> None:
    grant = _grant(personas)
    client = personas.client("auditor")
    url = reverse("audit:break_glass_review", kwargs={"grant_id": grant.pk})
    page = client.get(url)
    assert REASON in page.content.decode()
    assert AuditEvent.objects.filter(
        object_type="cases.breakglassgrant", object_id=str(grant.pk), action="VIEW", actor=personas["auditor"]
    ).exists()
    response = client.post(url, {"outcome": "JUSTIFIED", "note": ""})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.reviewed_by == personas["auditor"]
    assert grant.review_outcome == BreakGlassGrant.ReviewOutcome.JUSTIFIED
    assert WorkItem.objects.get(kind=BREAK_GLASS_REVIEW).state == WorkItem.State.DONE
    event = AuditEvent.objects.get(object_type="cases.breakglassgrant", action="UPDATE")
    assert event.new_values == {"review_outcome": "JUSTIFIED"}
    # Reviewed accesses leave the waiting tab and show their verdict in the reviewed one.
    assert 'class="break-glass-row"' not in client.get(reverse("audit:break_glass_list")).content.decode()
    reviewed = client.get(reverse("audit:break_glass_list") + "?status=reviewed").content.decode()
    assert "Justified" in reviewed


def test_not_justified_needs_a_note_and_keeps_it_out_of_the_trail(personas: Any) -> None:
    grant = _grant(personas)
    client = personas.client("auditor")
    url = reverse("audit:break_glass_review", kwargs={"grant_id": grant.pk})
    refused = client.post(url, {"outcome": "NOT_JUSTIFIED", "note": "no"})
    assert refused.status_code == 200
    assert b"at least 10 characters" in refused.content
    grant.refresh_from_db()
    assert grant.reviewed_at is None
    note = "Nothing urgent happened; the hearing was next week."
    assert client.post(url, {"outcome": "NOT_JUSTIFIED", "note": note}).status_code == 302
    grant.refresh_from_db()
    assert grant.review_note == note
    event = AuditEvent.objects.get(object_type="cases.breakglassgrant", action="UPDATE")
    assert "hearing" not in str(event.new_values)
    assert note in client.get(url).content.decode()  # the verdict, read back


def test_a_review_is_written_once(personas: Any) -> None:
    grant = _grant(personas)
    break_glass_review(actor=personas["auditor"], grant=grant, outcome="JUSTIFIED")
    with pytest.raises(TransitionRefused):
        break_glass_review(
            actor=personas["auditor"], grant=grant, outcome="NOT_JUSTIFIED", note="Changed my mind here."
        )
    # Through the page (e.g. a second tab): a clear message, the first verdict kept.
    url = reverse("audit:break_glass_review", kwargs={"grant_id": grant.pk})
    response = personas.client("auditor").post(url, {"outcome": "NOT_JUSTIFIED", "note": "Changed my mind here."})
    assert response.status_code == 200
    assert b"already been reviewed" in response.content
    grant.refresh_from_db()
    assert grant.review_outcome == "JUSTIFIED"


def test_only_the_units_auditor_reviews(personas: Any) -> None:
    grant = _grant(personas)
    with pytest.raises(TransitionRefused):
        break_glass_review(actor=personas["head"], grant=grant, outcome="JUSTIFIED")
    other_auditor = make_user("other_auditor", personas.samarinda, Role.AUDITOR)
    with pytest.raises(TransitionRefused):
        break_glass_review(actor=other_auditor, grant=grant, outcome="JUSTIFIED")
    grant.refresh_from_db()
    assert grant.reviewed_at is None


def test_another_units_auditor_gets_404(personas: Any, client) -> None:  # type: ignore[no-untyped-def]
    from conftest import login_verified

    grant = _grant(personas)
    other_auditor = make_user("other_auditor", personas.samarinda, Role.AUDITOR)
    login_verified(client, other_auditor)
    url = reverse("audit:break_glass_review", kwargs={"grant_id": grant.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"outcome": "JUSTIFIED"}).status_code == 404
    assert 'class="break-glass-row"' not in client.get(reverse("audit:break_glass_list")).content.decode()


@pytest.mark.parametrize("grant_id", ["abc", "0", "99999999", "-1", "1e3"])
def test_a_bad_grant_id_is_a_404(personas: Any, grant_id: str) -> None:
    response = personas.client("auditor").get(f"/audit/akses-darurat/{grant_id}/")
    assert response.status_code == 404


def test_without_an_auditor_the_access_waits_on_the_list(personas: Any) -> None:
    membership = personas["auditor"].memberships.get(is_active=True)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    _grant(personas)
    assert not WorkItem.objects.filter(kind=BREAK_GLASS_REVIEW).exists()
    assert BreakGlassGrant.objects.filter(reviewed_at__isnull=True).count() == 1


# Session, user (with membership and device) and bell reads, the count and the page, the page's VIEW event.
QUERIES = 7


def test_the_list_query_count_does_not_grow_with_rows(personas: Any, django_assert_num_queries) -> None:
    _grant(personas)
    client = personas.client("auditor")
    url = reverse("audit:break_glass_list") + "?status=all"
    client.get(url)  # warm the session and caches
    with django_assert_num_queries(QUERIES):
        client.get(url)
    for _ in range(4):
        _grant(personas)
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    assert response.content.decode().count('class="break-glass-row"') == 5


def test_no_input_gives_a_500(personas: Any) -> None:
    grant = _grant(personas)
    url = reverse("audit:break_glass_review", kwargs={"grant_id": grant.pk})
    fuzz_post(
        lambda: url,
        ["outcome", "note"],
        [personas.client("auditor"), personas.client("head")],
        special={"outcome": st.sampled_from(["JUSTIFIED", "NOT_JUSTIFIED", "", "x", "\x00"])},
    )


def test_my_work_links_the_auditor_to_the_review(personas: Any) -> None:
    grant = _grant(personas)
    page = personas.client("auditor").get(reverse("work:my_work")).content.decode()
    assert reverse("audit:break_glass_review", kwargs={"grant_id": grant.pk}) in page
    assert grant.case.number in page


def test_an_auditor_appointed_later_takes_over_the_waiting_accesses(personas: Any) -> None:
    from sigap.accounts.models import Membership
    from sigap.accounts.services.users import Channel, user_change_role, user_deactivate

    auditor_membership = Membership.objects.get(user=personas["auditor"], is_active=True)
    user_change_role(actor=None, membership=auditor_membership, role=Role.INTAKE, channel=Channel.CLI)
    grant = _grant(personas)  # no auditor in the unit now: nobody's work yet
    assert not WorkItem.objects.filter(kind=BREAK_GLASS_REVIEW).exists()

    newcomer = make_user("new_auditor", personas.kukar, Role.INTAKE)
    user_change_role(
        actor=None, membership=Membership.objects.get(user=newcomer), role=Role.AUDITOR, channel=Channel.CLI
    )
    item = WorkItem.objects.get(kind=BREAK_GLASS_REVIEW, state=WorkItem.State.OPEN)
    assert item.responsible == newcomer and item.object_id == str(grant.pk)

    # When that auditor leaves, the next one takes the open review over (it is never escalated).
    successor = make_user("successor_auditor", personas.kukar, Role.INTAKE)
    user_change_role(
        actor=None, membership=Membership.objects.get(user=successor), role=Role.AUDITOR, channel=Channel.CLI
    )
    assert WorkItem.objects.get(kind=BREAK_GLASS_REVIEW, state=WorkItem.State.OPEN).responsible == newcomer
    user_deactivate(actor=personas["admin"], membership=Membership.objects.get(user=newcomer))
    item = WorkItem.objects.get(kind=BREAK_GLASS_REVIEW, state=WorkItem.State.OPEN)
    assert item.responsible == successor


def test_the_review_note_keeps_its_lines(personas: Any) -> None:
    grant = _grant(personas)
    note = "The hearing was next week.\nNothing urgent happened that day."
    break_glass_review(actor=personas["auditor"], grant=grant, outcome="NOT_JUSTIFIED", note=note)
    grant.refresh_from_db()
    assert grant.review_note == note
    page = personas.client("auditor").get(reverse("audit:break_glass_review", kwargs={"grant_id": grant.pk}))
    assert "next week.<br>Nothing urgent" in page.content.decode()
