"""Nothing personal in logs, audit rows, security events or e-mail (LOG-04), nor in forbidden pages (AC-04).

Unique marker values go into every personal field a case holds (name, NIK, phone, address, note, closure
summary); the pages of the case are exercised by the allowed personas and tried by the forbidden ones; then
the application log (every logger, DEBUG and up, JSON as in production), the audit table, the security-event
table and the outgoing mail are searched for the markers: 0 hits.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from sigap.accounts.models import SecurityEvent
from sigap.audit.models import AuditEvent
from sigap.cases.models.people import CasePerson
from sigap.cases.services.people import PersonData
from sigap.cases.tests.factories import make_case
from sigap.core.logging import JsonFormatter, RequestIdFilter
from sigap.work.models import WorkItem
from sigap.work.scheduler import work_items_tick

MARKERS = {
    "name": "Canaryname Zyxwquv",
    "nik": "6402014507990001",
    "phone": "0813 7766 5544",
    "address": "Jalan Canaryaddress Qwpx 9",
    "note": "Canarynote Plmokn secret",
    "summary": "Canarysummary Vbnmzx",
}
# What a marker may look like once normalised or re-formatted by the code that handles it.
NEEDLES = [
    "Canaryname",
    "Zyxwquv",
    "zyxwquv",
    "6402014507990001",
    "81377665544",
    "7766 5544",
    "Canaryaddress",
    "Canarynote",
    "Plmokn",
    "Canarysummary",
    "Vbnmzx",
]

FORBIDDEN_PERSONAS = [
    "intake",
    "data_officer",
    "partner",
    "partner_b",
    "other_partner",
    "leadership",
    "auditor",
    "other_head",
    "admin",
]


@pytest.fixture
def captured_log() -> Iterator[io.StringIO]:
    """Everything any logger writes, formatted exactly as the production JSON handler does."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    handler.setLevel(logging.DEBUG)
    loggers = [logging.getLogger(), *(logging.getLogger(n) for n in ("django", "django.request", "sigap", "axes"))]
    previous = [(lg, lg.level) for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        for lg, level in previous:
            lg.removeHandler(handler)
            lg.setLevel(level)


def _hits(text: str) -> list[str]:
    return [needle for needle in NEEDLES if needle in text]


def _merge_a_second_record(
    personas: Any, head: Any, responses: list[tuple[str, str, Any]], victim: Any
) -> dict[str, dict[str, Any]]:
    """The victim typed again in another case, found and merged by the HEAD (the reason holds a marker)."""
    from sigap.cases.services.people import person_create
    from sigap.cases.services.person_merge import MERGE_FIELDS

    other_case = make_case(personas, manager=None, experts=())
    again = PersonData(name=MARKERS["name"], sex="P", address=MARKERS["address"], estimated_age=15)
    second = person_create(actor=personas["head"], case=other_case, data=again, role="VICTIM").person
    merge_kwargs = {
        "cases:person_merge_search": {"person_id": victim.pk},
        "cases:person_merge": {"person_id": victim.pk, "other_id": second.pk},
    }
    for name, url_kwargs in merge_kwargs.items():
        responses.append(("head", name, head.get(reverse(name, kwargs=url_kwargs))))
    merge = reverse("cases:person_merge", kwargs=merge_kwargs["cases:person_merge"])
    choices = {key: "survivor" for key in MERGE_FIELDS}
    done = head.post(merge, {**choices, "reason": MARKERS["note"] + " twice", "step": "confirm"})
    assert done.status_code == 302
    return merge_kwargs


def _exercise(personas: Any) -> tuple[Any, list[tuple[str, str, Any]]]:
    victim = PersonData(
        name=MARKERS["name"],
        sex="P",
        nik=MARKERS["nik"],
        phone=MARKERS["phone"],
        address=MARKERS["address"],
        estimated_age=15,
    )
    case = make_case(personas, victim=victim)
    kwargs = {"case_id": case.pk}
    responses: list[tuple[str, str, Any]] = []
    head = personas.client("head")
    manager = personas.client("case_manager")
    expert = personas.client("expert")
    manager.post(reverse("cases:case_note_create", kwargs=kwargs), {"body": MARKERS["note"], "confidentiality": "TEAM"})
    # A correction of the victim (the address changes, the NIK is re-entered): names of fields only.
    link_kwargs = {**kwargs, "link_id": CasePerson.objects.get(case=case).pk}
    edit = reverse("cases:case_person_edit", kwargs=link_kwargs)
    responses.append(("case_manager", "cases:case_person_edit", manager.get(edit)))
    corrected = {"role": "VICTIM", "name": MARKERS["name"], "sex": "P", "estimated_age": "15", "nik": MARKERS["nik"]}
    corrected.update({"phone": MARKERS["phone"], "address": MARKERS["address"] + " blok 2", "occupation": "PELAJAR"})
    assert manager.post(edit, corrected).status_code == 302
    merge_kwargs = _merge_a_second_record(personas, head, responses, CasePerson.objects.get(case=case).person)
    manager.post(
        reverse("cases:case_request_closure", kwargs=kwargs),
        {"reason": "TUJUAN_TERCAPAI", "summary": MARKERS["summary"]},
    )
    for who, client in (("head", head), ("case_manager", manager), ("expert", expert)):
        for name in ("cases:case_detail", "cases:case_timeline", "cases:case_summary"):
            responses.append((who, name, client.get(reverse(name, kwargs=kwargs))))
        responses.append((who, "cases:case_list", client.get(reverse("cases:case_list"))))
    # Searches by NIK, phone and name (POST), including a garbled one that fails validation.
    for data in (
        {"find-nik": MARKERS["nik"]},
        {"find-phone": MARKERS["phone"]},
        {"find-name": MARKERS["name"]},
        {"find-nik": MARKERS["nik"] + "x"},
    ):
        responses.append(("head", "cases:case_list POST", head.post(reverse("cases:case_list"), data)))
    for persona in FORBIDDEN_PERSONAS:
        client = personas.client(persona)
        for name in ("cases:case_detail", "cases:case_timeline", "cases:case_summary"):
            responses.append((persona, name, client.get(reverse(name, kwargs=kwargs))))
        for name in ("cases:case_person_edit", "cases:case_person_remove"):
            responses.append((persona, name, client.get(reverse(name, kwargs=link_kwargs))))
        for name, url_kwargs in merge_kwargs.items():
            responses.append((persona, name, client.get(reverse(name, kwargs=url_kwargs))))
        responses.append((persona, "cases:case_list", client.get(reverse("cases:case_list"))))
    for who, client in (("head", head), ("case_manager", manager), ("expert", expert)):
        responses.append((who, "core:home", client.get(reverse("core:home"))))
    # The hand-offs above (team places, the closure request) are mailed as digests by the scheduler.
    work_items_tick()
    return case, responses


@pytest.mark.django_db
def test_no_marker_in_logs_audit_security_events_or_mail(personas: Any, captured_log: io.StringIO) -> None:
    _exercise(personas)
    audit_rows = json.dumps(list(AuditEvent.objects.values()), default=str)
    security_rows = json.dumps(list(SecurityEvent.objects.values()), default=str)
    outbox = "\n".join(f"{m.subject}\n{m.body}\n{getattr(m, 'alternatives', '')}" for m in mail.outbox)
    assert AuditEvent.objects.filter(action="VIEW").exists(), "the pages must have been viewed and audited"
    assert captured_log.getvalue(), "the log capture must have seen the requests"
    assert _hits(captured_log.getvalue()) == [], "personal values in the application log"
    assert _hits(audit_rows) == [], "personal values in the audit table"
    assert _hits(security_rows) == [], "personal values in the security-event table"
    assert mail.outbox, "the hand-off digests must have been mailed"
    assert _hits(outbox) == [], "personal values in outgoing mail"


@pytest.mark.django_db
def test_no_marker_in_pages_of_forbidden_personas(personas: Any) -> None:
    _case, responses = _exercise(personas)
    leaks = [
        f"{who} {name}: {_hits(response.content.decode(errors='replace'))}"
        for who, name, response in responses
        # The home page shows counts only, to every role (#21).
        if (who in FORBIDDEN_PERSONAS or name == "core:home") and _hits(response.content.decode(errors="replace"))
    ]
    assert leaks == []
    allowed_detail = [r for who, name, r in responses if who == "head" and name == "cases:case_detail"][0]
    assert allowed_detail.status_code == 200
    assert "Zyxwquv" in allowed_detail.content.decode(), "the test must see the marker where it is allowed"
    allowed_merge = [r for who, name, r in responses if who == "head" and name == "cases:person_merge"][0]
    assert allowed_merge.status_code == 200 and "Zyxwquv" in allowed_merge.content.decode()


@pytest.mark.django_db
def test_no_marker_in_the_audit_trail_pages(personas: Any) -> None:
    """The audit pages name records by case number and users by name (#21): never a person's value."""
    case, _responses = _exercise(personas)
    history = reverse("audit:object_history", kwargs={"object_type": "cases.case", "object_id": case.pk})
    pages = [
        personas.client("auditor").get(reverse("audit:search")),
        personas.client("auditor").get(reverse("audit:search"), {"object_type": "cases.case"}),
        personas.client("auditor").get(history),
        personas.client("head").get(history),
    ]
    assert all(page.status_code == 200 for page in pages)
    assert [_hits(page.content.decode()) for page in pages] == [[], [], [], []]
    assert case.number in pages[0].content.decode(), "the test must see the case named where it is allowed"


@pytest.mark.django_db
def test_the_treating_expert_reads_a_child_client_by_first_name_only(personas: Any) -> None:
    """decisions D24: first name and age, never the surname, NIK, phone or address, in any of her pages."""
    from sigap.cases.tests.test_case_summary import _text

    identity = ["Canaryname", "Zyxwquv", "zyxwquv", "6402014507990001", "81377665544", "7766 5544", "Canaryaddress"]
    seen = []
    for who, name, response in _exercise(personas)[1]:
        if who == "expert" and name in {"cases:case_detail", "cases:case_summary", "cases:case_list"}:
            body = _text(response.content) if name == "cases:case_summary" else response.content.decode()
            seen.append((name, [needle for needle in identity if needle in body]))
    assert [hits for _name, hits in seen] == [["Canaryname"]] * 3, seen


COMPLAINT_MARKERS = {
    "reporter_name": "Canaryreporter Hjkqwe",
    "reporter_phone": "0815 4433 2211",
    "account": "Canaryaccount Tyuiop happened",
    "contact_instructions": "Canarycontact Asdfgh never call",
}
CONTACT_NOTE_MARKER = "Canaryattempt Zxcvbn aunt answered"
COMPLAINT_NEEDLES = [
    "Canaryreporter",
    "Hjkqwe",
    "81544332211",
    "4433 2211",
    "Canaryaccount",
    "Tyuiop",
    "Canarycontact",
    "Asdfgh",
    "Canaryattempt",
    "Zxcvbn",
]


def _complaint_hits(text: str) -> list[str]:
    return [needle for needle in COMPLAINT_NEEDLES if needle in text]


def _marked_complaint(personas: Any, **extra: Any) -> Any:
    """A complaint of a third party whose every personal field holds a marker."""
    from django.utils import timezone

    from sigap.intake.services.complaint import complaint_record
    from sigap.intake.tests.factories import ensure_reference

    ensure_reference()
    return complaint_record(
        actor=personas["intake"],
        channel="DATANG_LANGSUNG",
        received_at=timezone.now(),
        reporter_type="PIHAK_LAIN",
        risk_level="SEDANG",
        contact_consent=True,
        **COMPLAINT_MARKERS,
        **extra,
    )


@pytest.mark.django_db
def test_complaints_keep_their_markers_out_of_logs_audit_mail_and_forbidden_pages(
    personas: Any, captured_log: io.StringIO
) -> None:
    complaint = _marked_complaint(personas)
    kwargs = {"complaint_id": complaint.pk}
    # A contact attempt with a note (its own page and the complaint page list it).
    personas.client("intake").post(
        reverse("intake:complaint_contact_attempt", kwargs=kwargs),
        {
            "kind": "TIDAK_DIANGKAT",
            "attempted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "note": CONTACT_NOTE_MARKER,
        },
    )
    allowed: list[Any] = []
    for persona in ("intake", "head"):
        client = personas.client(persona)
        allowed.append(client.get(reverse("intake:complaint_detail", kwargs=kwargs)))
        client.get(reverse("intake:complaint_list"))
        client.get(reverse("work:my_work"))
    forbidden = []
    for persona in (
        "case_manager",
        "expert",
        "data_officer",
        "partner",
        "leadership",
        "auditor",
        "other_head",
        "admin",
    ):
        client = personas.client(persona)
        for name in ("intake:complaint_detail", "intake:complaint_contact_attempt"):
            forbidden.append((persona, client.get(reverse(name, kwargs=kwargs))))
        forbidden.append((persona, client.get(reverse("intake:complaint_list"))))
        forbidden.append((persona, client.get(reverse("work:my_work"))))
    assert "Hjkqwe" in allowed[0].content.decode(), "the intake officer who took it must see it"
    assert "Zxcvbn" in allowed[0].content.decode(), "the contact attempt's note is listed with the complaint"
    leaks = [
        f"{p}: {_complaint_hits(r.content.decode(errors='replace'))}"
        for p, r in forbidden
        if _complaint_hits(r.content.decode(errors="replace"))
    ]
    assert leaks == []
    assert _complaint_hits(captured_log.getvalue()) == []
    assert _complaint_hits(json.dumps(list(AuditEvent.objects.values()), default=str)) == []
    assert _complaint_hits(json.dumps(list(SecurityEvent.objects.values()), default=str)) == []
    assert _complaint_hits("\n".join(f"{m.subject}\n{m.body}" for m in mail.outbox)) == []


@pytest.mark.django_db
def test_a_note_kept_after_the_session_ended_stays_out_of_logs_events_and_the_raw_table(
    personas: Any, captured_log: io.StringIO
) -> None:
    """Issue #21: the text of a note refused for an ended session is kept (encrypted) for its author only."""
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test import Client

    from sigap.accounts.models.drafts import KeptDraft
    from sigap.accounts.tests.auth_helpers import full_login

    case = make_case(personas)
    page = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    client = Client()
    full_login(client, "case_manager")
    Session.objects.all().delete()  # the session ends on the server (idle, or ended from another browser)
    client.post(
        reverse("cases:case_note_create", kwargs={"case_id": case.pk}),
        {"body": MARKERS["note"], "confidentiality": "TEAM"},
        HTTP_ORIGIN="http://testserver",
        HTTP_REFERER="http://testserver" + page,
    )
    assert KeptDraft.objects.get().fields["body"] == [MARKERS["note"]]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {KeptDraft._meta.db_table}")  # noqa: S608 - a fixed table name
        raw = repr(cursor.fetchall())
    assert _hits(raw) == [], "the kept draft is stored in clear"
    assert _hits(captured_log.getvalue()) == [], "personal values in the application log"
    assert _hits(json.dumps(list(AuditEvent.objects.values()), default=str)) == []
    assert _hits(json.dumps(list(SecurityEvent.objects.values()), default=str)) == []


def test_a_case_opened_from_a_complaint_keeps_its_markers_out_of_logs_audit_and_other_pages(
    personas: Any, captured_log: io.StringIO
) -> None:
    """The carry-over (people, reporter, safe-contact rule) and the pages reading it (#21)."""
    from sigap.cases.models import Case, TeamRole
    from sigap.cases.services.team import case_team_assign
    from sigap.intake.services.complaint import PersonEntry
    from sigap.intake.tests.factories import triaged

    complaint = _marked_complaint(
        personas, contact_calls="PESAN_SAJA", people=[PersonEntry(name=MARKERS["name"], age=10, sex="P")]
    )
    complaint = triaged(personas, complaint)
    intake = personas.client("intake")
    intake.get(reverse("intake:complaint_decide", kwargs={"complaint_id": complaint.pk}))
    intake.post(reverse("intake:complaint_decide", kwargs={"complaint_id": complaint.pk}), {"decision": "BUKA_KASUS"})
    complaint.refresh_from_db()
    case = Case.objects.get(pk=complaint.case_id)
    case_team_assign(actor=personas["head"], case=case, user=personas["case_manager"], team_role=TeamRole.CASE_MANAGER)
    manager = personas.client("case_manager")
    rule_url = reverse("cases:case_contact_rule", kwargs={"case_id": case.pk})
    manager.post(rule_url, {"contact_calls": "PESAN_SAJA", "contact_rule": MARKERS["note"]})
    pages = [
        reverse("cases:case_detail", kwargs={"case_id": case.pk}),
        reverse("intake:complaint_detail", kwargs={"complaint_id": complaint.pk}),
        rule_url,
    ]
    seen = [manager.get(url) for url in pages]
    assert all(r.status_code == 200 for r in seen)
    assert "Hjkqwe" in seen[0].content.decode() and "Zyxwquv" in seen[0].content.decode()
    # Not on the team, another unit, other roles; the intake officer took the complaint (she reads it) but
    # never the case file nor its rule page.
    forbidden = [
        (persona, personas.client(persona).get(url))
        for persona in ("expert", "other_case_manager", "other_head", "data_officer", "partner")
        for url in pages
    ] + [("intake", intake.get(url)) for url in (pages[0], pages[2])]
    leaks = [
        f"{p} {r.status_code}: {_complaint_hits(text) + _hits(text)}"
        for p, r in forbidden
        if _complaint_hits(text := r.content.decode(errors="replace")) + _hits(text)
    ]
    assert leaks == []
    bad = [line[:600] for line in captured_log.getvalue().splitlines() if _complaint_hits(line)]
    assert bad == [], bad
    for row in AuditEvent.objects.values():
        assert _complaint_hits(json.dumps(row, default=str)) == [], row
    everything = captured_log.getvalue() + json.dumps(list(AuditEvent.objects.values()), default=str)
    everything += "\n".join(f"{m.subject}\n{m.body}" for m in mail.outbox)
    assert _complaint_hits(everything) == []
    assert _hits(everything) == []


ATTACHMENT_NAME = "visum Canaryname Zyxwquv.pdf"


@pytest.mark.django_db
def test_attachment_names_stay_out_of_logs_audit_and_forbidden_pages(personas: Any, captured_log: io.StringIO) -> None:
    """The original name of a file often names the victim: encrypted, and only on the pages of its readers."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sigap.assistance.models import Attachment
    from sigap.core.tests.files_samples import PDF

    case = make_case(personas)
    manager = personas.client("case_manager")
    page = reverse("assistance:case_attachments", kwargs={"case_id": case.pk})
    upload = SimpleUploadedFile(ATTACHMENT_NAME, PDF + b"Canarynote Plmokn", content_type="application/pdf")
    assert (
        manager.post(page, {"document_kind": "EVIDENCE", "field_group": "GENERAL", "file": upload}).status_code == 302
    )
    attachment = Attachment.objects.get(case=case)
    download = reverse("assistance:attachment_download", kwargs={"attachment_id": attachment.pk})
    remove = reverse("assistance:attachment_remove", kwargs={"attachment_id": attachment.pk})
    allowed = [personas.client(who).get(page) for who in ("head", "case_manager", "expert")]
    assert all("Zyxwquv" in response.content.decode() for response in allowed)
    assert b"".join(manager.get(download).streaming_content).endswith(b"Canarynote Plmokn")
    forbidden = []
    for persona in FORBIDDEN_PERSONAS:
        client = personas.client(persona)
        forbidden += [client.get(page), client.get(download), client.get(remove)]
    assert all(response.status_code in (403, 404) for response in forbidden)
    assert [
        _hits(r.content.decode(errors="replace")) for r in forbidden if _hits(r.content.decode(errors="replace"))
    ] == []
    manager.post(remove, {"reason": "Canarysummary Vbnmzx wrong case"})
    audit_rows = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert _hits(captured_log.getvalue()) == [], "personal values in the application log"
    assert _hits(audit_rows) == [], "personal values in the audit table"
    with connection.cursor() as cursor:
        cursor.execute("SELECT original_name, removed_reason FROM assistance_attachment")
        assert _hits(json.dumps(cursor.fetchall())) == [], "the name and the reason are encrypted"


SESSION_MARKERS = {
    "place_detail": "Canaryplace Wqzr",
    "companion_who": "Canarycompanion Yhnu",
    "outcome_summary": "Canaryoutcome Kmjn",
    "next_step": "Canarynext Bgtf",
    "notes": "Canarysessionnote Rfvc",
    "override_reason": "Canaryoverride Edcx",
    "feedback_comment": "Canaryfeedback Zaqw",
}


def test_session_markers_stay_out_of_logs_audit_and_forbidden_pages(personas: Any, captured_log: io.StringIO) -> None:
    """Issue #12: every free text of an accompaniment session, through its pages and services."""
    from dataclasses import replace

    from django.db import connection

    from sigap.assistance.models.session import AccompanimentSession
    from sigap.assistance.services.session import SessionHeldData, session_plan, session_record_held
    from sigap.assistance.tests.factories import plan_data, session_case

    sc = session_case(personas, licensed=False)
    data = replace(
        plan_data(experts=[sc.psychologist], hours_from_now=-3), place_detail=SESSION_MARKERS["place_detail"]
    )
    session = session_plan(
        actor=personas["head"], case=sc.case, data=data, override_reason=SESSION_MARKERS["override_reason"]
    )
    # The psychologist has no licence: the HEAD records the session, overriding the guard with a reason.
    session_record_held(
        actor=personas["head"],
        session=session,
        data=SessionHeldData(
            actual_start=session.planned_start,
            actual_end=session.planned_end,
            victim_present=True,
            experts=[sc.psychologist],
            companion_present=True,
            companion_who=SESSION_MARKERS["companion_who"],
            outcome_summary=SESSION_MARKERS["outcome_summary"],
            next_step=SESSION_MARKERS["next_step"],
            notes=SESSION_MARKERS["notes"],
        ),
        override_reason=SESSION_MARKERS["override_reason"],
    )
    # Issue #13: the feedback's comment, posted through its page by the case manager.
    feedback_url = reverse("assistance:session_feedback", kwargs={"session_id": session.pk})
    posted = personas.client("case_manager").post(
        feedback_url, {"answer": "PARTLY", "comment": SESSION_MARKERS["feedback_comment"]}
    )
    assert posted.status_code == 302
    needles = list(SESSION_MARKERS.values())
    urls = [
        reverse("assistance:session_list", kwargs={"case_id": sc.case.pk}),
        reverse("assistance:session_detail", kwargs={"session_id": session.pk}),
        reverse("assistance:session_record", kwargs={"session_id": session.pk}),
        reverse("cases:case_timeline", kwargs={"case_id": sc.case.pk}),
        feedback_url,
    ]
    allowed = personas.client("head").get(urls[1]).content.decode()
    assert SESSION_MARKERS["notes"] in allowed, "the test must see the marker where it is allowed"
    assert SESSION_MARKERS["feedback_comment"] in allowed
    # The expert who held the session reads the answer, never the comment.
    own = personas.client("expert").get(urls[1]).content.decode()
    assert 'id="session-feedback"' in own and SESSION_MARKERS["feedback_comment"] not in own
    forbidden = [
        (who, url, personas.client(who).get(url)) for who in [*FORBIDDEN_PERSONAS, "other_case_manager"] for url in urls
    ]
    leaks = [(w, u) for w, u, r in forbidden if any(n in r.content.decode(errors="replace") for n in needles)]
    assert leaks == []
    everything = captured_log.getvalue() + json.dumps(list(AuditEvent.objects.values()), default=str)
    everything += json.dumps(list(SecurityEvent.objects.values()), default=str)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AccompanimentSession._meta.db_table}")  # noqa: S608 - a fixed table name
        everything += repr(cursor.fetchall())
        cursor.execute("SELECT * FROM assistance_sessionfeedback")
        everything += repr(cursor.fetchall())
    assert [n for n in needles if n in everything] == []


LEGAL_MARKERS = {
    "police_unit": "Canarypolice Ujmq",
    "report_number": "Canaryreport Tgbz",
    "sentence": "Canarysentence Xswe",
    "court": "Canarycourt Plkm",
    "room": "Canaryroom Oiuy",
    "agenda": "Canaryagenda Nbvq",
}


@pytest.mark.django_db
def test_legal_markers_stay_out_of_logs_audit_and_forbidden_pages(personas: Any, captured_log: io.StringIO) -> None:
    """Issue #12: every free text of the legal-process track, through its pages and services."""
    import datetime as dt

    from django.db import connection

    from sigap.assistance.models.legal import Hearing, LegalTrack
    from sigap.assistance.services.legal import HearingData, LegalStepData, hearing_add, legal_stage_set
    from sigap.assistance.tests.legal_steps import legal_case, start

    lc = legal_case(personas)
    track = start(personas, lc)
    head = personas["head"]
    today = dt.date.today()
    track = legal_stage_set(
        actor=head,
        track=track,
        data=LegalStepData(
            stage="POLICE_REPORT",
            police_report_date=today,
            police_unit=LEGAL_MARKERS["police_unit"],
            report_number=LEGAL_MARKERS["report_number"],
        ),
    )
    # A hearing is recorded from prosecution on (D60).
    track = legal_stage_set(actor=head, track=track, data=LegalStepData("INVESTIGATION"))
    track = legal_stage_set(actor=head, track=track, data=LegalStepData("PROSECUTION"))
    hearing_add(
        actor=head,
        track=track,
        data=HearingData(
            starts_at=dt.datetime.now(dt.UTC),
            court=LEGAL_MARKERS["court"],
            room=LEGAL_MARKERS["room"],
            agenda=LEGAL_MARKERS["agenda"],
        ),
    )
    legal_stage_set(
        actor=head,
        track=track,
        data=LegalStepData(
            stage="VERDICT", verdict_date=today, verdict_outcome="CONVICTED", sentence=LEGAL_MARKERS["sentence"]
        ),
    )
    needles = list(LEGAL_MARKERS.values())
    urls = [
        reverse("assistance:legal_track", kwargs={"case_id": lc.case.pk}),
        reverse("assistance:legal_stage", kwargs={"track_id": track.pk}),
        reverse("assistance:legal_hearing", kwargs={"track_id": track.pk}),
        reverse("cases:case_timeline", kwargs={"case_id": lc.case.pk}),
    ]
    allowed = personas.client("head").get(urls[0]).content.decode()
    assert all(n in allowed for n in needles), "the test must see the markers where they are allowed"
    forbidden = [
        (who, url, personas.client(who).get(url)) for who in [*FORBIDDEN_PERSONAS, "other_case_manager"] for url in urls
    ]
    leaks = [(w, u) for w, u, r in forbidden if any(n in r.content.decode(errors="replace") for n in needles)]
    assert leaks == []
    everything = captured_log.getvalue() + json.dumps(list(AuditEvent.objects.values()), default=str)
    everything += json.dumps(list(SecurityEvent.objects.values()), default=str)
    with connection.cursor() as cursor:
        for model in (LegalTrack, Hearing):
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")  # noqa: S608 - a fixed table name
            everything += repr(cursor.fetchall())
    assert [n for n in needles if n in everything] == []


MEDIATION_MARKERS = {
    "free_decision_note": "Canaryfreedecision Plmq",
    "present": "Canarypresent Okmz",
    "notes": "Canarymediationnote Ijnx",
    "outcome_note": "Canaryagreement Uhbw",
    "promise": "Canarypromise Ygvc",
    "facility": "Canaryfacility Tfcx",
}


def test_mediation_and_visum_markers_stay_out_of_logs_audit_and_forbidden_pages(
    personas: Any, captured_log: io.StringIO
) -> None:
    """Issue #12: every free text of a mediation and a health referral, through its pages and services."""
    from sigap.assistance.services.health import VisumDates, health_referral_add, visum_update
    from sigap.assistance.services.mediation import (
        MediationOpenData,
        mediation_follow_up_add,
        mediation_open,
        mediation_outcome,
        mediation_session_add,
    )
    from sigap.cases.tests.factories import victim_data

    m = MEDIATION_MARKERS
    case, cm = make_case(personas, victim=victim_data()), personas["case_manager"]
    mediation = mediation_open(
        actor=cm, case=case, data=MediationOpenData("CUSTODY", m["free_decision_note"], cm, mediator_trained=True)
    )
    mediation_session_add(actor=cm, mediation=mediation, held_at=timezone.now(), present=m["present"], notes=m["notes"])
    mediation_outcome(actor=cm, mediation=mediation, status="AGREEMENT", note=m["outcome_note"])
    mediation_follow_up_add(
        actor=cm, mediation=mediation, promise=m["promise"], due=timezone.localdate() + dt.timedelta(days=30)
    )
    today = timezone.localdate()
    referral = health_referral_add(actor=cm, case=case, facility=m["facility"], referred_on=today)
    visum_update(actor=cm, referral=referral, dates=VisumDates(today, today, None))
    needles = list(m.values())
    urls = [
        reverse("assistance:mediation_list", kwargs={"case_id": case.pk}),
        reverse("assistance:mediation_detail", kwargs={"mediation_id": mediation.pk}),
        reverse("assistance:health_list", kwargs={"case_id": case.pk}),
        reverse("assistance:visum_update", kwargs={"referral_id": referral.pk}),
        reverse("cases:case_timeline", kwargs={"case_id": case.pk}),
        reverse("work:my_work"),
    ]
    allowed = personas.client("head").get(urls[1]).content.decode()
    assert m["notes"] in allowed and m["promise"] in allowed, "the test must see the markers where they are allowed"
    forbidden = [
        (who, url, personas.client(who).get(url)) for who in [*FORBIDDEN_PERSONAS, "other_case_manager"] for url in urls
    ]
    leaks = [(w, u) for w, u, r in forbidden if any(n in r.content.decode(errors="replace") for n in needles)]
    assert leaks == []
    everything = captured_log.getvalue() + json.dumps(list(AuditEvent.objects.values()), default=str)
    everything += json.dumps(list(SecurityEvent.objects.values()), default=str)
    everything += json.dumps(list(WorkItem.objects.values()), default=str)
    with connection.cursor() as cursor:
        for table in ("mediation", "mediationsession", "mediationfollowup", "healthreferral"):
            cursor.execute(f"SELECT * FROM assistance_{table}")  # noqa: S608 - fixed table names
            everything += repr(cursor.fetchall())
    assert [n for n in needles if n in everything] == []


OUTREACH_MARKERS = {
    "address_detail": "Canaryaddress Qwopl",
    "safety_plan": "Canarysafety Mnbvf",
    "result": "Canaryresult Lkjhy",
    "cancel_reason": "Canarycancel Poiuz",
}


@pytest.mark.django_db
def test_outreach_markers_stay_out_of_logs_audit_lists_and_forbidden_pages(
    personas: Any, captured_log: io.StringIO
) -> None:
    """Issue #12: every free text of an outreach visit, through its pages and services; the unit's list of planned
    visits shows none of them, even to the HEAD who may open each visit."""
    import datetime as dt

    from django.db import connection
    from django.utils import timezone

    from sigap.assistance.models.outreach import OutreachVisit
    from sigap.assistance.services.outreach import (
        OutreachPlanData,
        OutreachRecordData,
        outreach_cancel,
        outreach_plan,
        outreach_record,
    )
    from sigap.cases.tests.factories import make_case

    case = make_case(personas)
    cm = personas["case_manager"]

    def plan() -> OutreachVisit:
        return outreach_plan(
            actor=cm,
            case=case,
            data=OutreachPlanData(
                planned_at=timezone.now() + dt.timedelta(hours=5),
                reason="RISK",
                team=[cm],
                address_detail=OUTREACH_MARKERS["address_detail"],
                safety_plan=OUTREACH_MARKERS["safety_plan"],
            ),
        )

    done, still_planned, cancelled = plan(), plan(), plan()
    outreach_record(
        actor=cm,
        visit=done,
        data=OutreachRecordData(
            done_at=timezone.now(),
            result=OUTREACH_MARKERS["result"],
            follow_up="REFER",
            team=[cm],
            address_detail=OUTREACH_MARKERS["address_detail"],
        ),
    )
    outreach_cancel(actor=cm, visit=cancelled, reason=OUTREACH_MARKERS["cancel_reason"])
    needles = list(OUTREACH_MARKERS.values())
    urls = [
        reverse("assistance:case_visits", kwargs={"case_id": case.pk}),
        reverse("assistance:visit_detail", kwargs={"visit_id": done.pk}),
        reverse("assistance:visit_record", kwargs={"visit_id": still_planned.pk}),
        reverse("cases:case_timeline", kwargs={"case_id": case.pk}),
    ]
    allowed = personas.client("head").get(urls[1]).content.decode()
    assert OUTREACH_MARKERS["result"] in allowed, "the test must see the marker where it is allowed"
    unit_list = personas.client("head").get(reverse("assistance:unit_visits")).content.decode()
    assert [n for n in needles if n in unit_list] == []
    forbidden = [
        (who, url, personas.client(who).get(url)) for who in [*FORBIDDEN_PERSONAS, "other_case_manager"] for url in urls
    ]
    leaks = [(w, u) for w, u, r in forbidden if any(n in r.content.decode(errors="replace") for n in needles)]
    assert leaks == []
    everything = captured_log.getvalue() + json.dumps(list(AuditEvent.objects.values()), default=str)
    everything += json.dumps(list(SecurityEvent.objects.values()), default=str)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {OutreachVisit._meta.db_table}")  # noqa: S608 - a fixed table name
        everything += repr(cursor.fetchall())
    assert [n for n in needles if n in everything] == []


CONTRACT_MARKERS = {
    "notes": "Canaryevalnote Ujmq",
    "conditions": "Canarycondition Ikol",
    "reason": "Canaryendreason Pzaq",
}


def test_contract_evaluation_texts_stay_out_of_logs_audit_and_forbidden_pages(
    personas: Any, captured_log: io.StringIO
) -> None:
    """What the HEAD writes about an expert's work (issue #13) is personal: encrypted, in no log or audit row,
    and on no page of another unit, another expert or a role that does not read contracts."""
    from conftest import make_user
    from sigap.accounts.models import Role
    from sigap.contracts.tests.factories import contract

    year = timezone.localdate().year
    span = {"fiscal_year": year, "start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)}
    own = contract(personas, **span)
    head = personas.client("head")
    page = reverse("contracts:period_evaluation", kwargs={"period_id": own.periods.get().pk})
    ratings = {f"rating_{code}": 4 for code in ("quality", "timeliness", "attitude", "documentation")}
    data = {**ratings, "decision": "EXTEND_WITH_CONDITIONS", "conditions": CONTRACT_MARKERS["conditions"]}
    assert head.post(page, {**data, "notes": CONTRACT_MARKERS["notes"]}).status_code == 302
    assert "Ikol" in head.get(page).content.decode()
    assert "Ikol" in personas.client("expert").get(page).content.decode()  # the expert reads their own
    colleague = contract(personas, user=make_user("colleague_expert", personas.kukar, Role.EXPERT), **span)
    other_page = reverse("contracts:period_evaluation", kwargs={"period_id": colleague.periods.get().pk})
    ended = {**ratings, "decision": "END", "reason": CONTRACT_MARKERS["reason"]}
    assert head.post(other_page, ended).status_code == 302
    forbidden = [personas.client("expert").get(other_page)]
    for persona in FORBIDDEN_PERSONAS:
        client = personas.client(persona)
        forbidden += [client.get(page), client.get(other_page)]
    assert all(response.status_code in (403, 404) for response in forbidden)
    needles = ["Canaryevalnote", "Ujmq", "Canarycondition", "Ikol", "Canaryendreason", "Pzaq"]
    texts = [r.content.decode(errors="replace") for r in forbidden]
    assert [needle for needle in needles for text in texts if needle in text] == []
    audit_rows = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert [needle for needle in needles if needle in captured_log.getvalue() or needle in audit_rows] == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes, conditions, reason FROM contracts_perioddecision")
        raw = json.dumps(cursor.fetchall())
    assert [needle for needle in needles if needle in raw] == [], "the texts are encrypted"


PORTAL_MARKERS = {"outcome": "Canaryportaloutcome Hgyt", "decline": "Canaryportaldecline Lkju"}


@pytest.mark.django_db
def test_the_partner_portal_shows_only_shared_sections_and_keeps_markers_out_of_logs_and_audit(
    personas: Any, captured_log: io.StringIO
) -> None:
    """Issue #14: the partner of the referral reads only the sections it shares; the other organisation of the
    unit and Samarinda's partner user get 404; the partner's texts and file name stay out of logs and audit."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sigap.core.tests.files_samples import PDF
    from sigap.referrals.tests.steps import sent

    victim = PersonData(
        name=MARKERS["name"],
        sex="P",
        nik=MARKERS["nik"],
        phone=MARKERS["phone"],
        address=MARKERS["address"],
        estimated_age=30,
    )
    case = make_case(personas, victim=victim)
    incident_only = sent(personas, case=case, shared_sections=["INCIDENT", "PLAN_ITEMS"])
    with_contact = sent(personas, case=case, shared_sections=["IDENTITY", "CONTACT"])
    partner = personas.client("partner")
    pages = {
        name: reverse(name, kwargs={"referral_id": incident_only.pk})
        for name in ("portal:referral", "portal:document_add")
    }
    step = reverse("portal:step", kwargs={"referral_id": incident_only.pk, "step": "terima"})
    assert partner.post(step).status_code == 302
    service = reverse("portal:step", kwargs={"referral_id": incident_only.pk, "step": "layanan"})
    assert partner.post(service, {"layanan-outcome": PORTAL_MARKERS["outcome"]}).status_code == 302
    upload = SimpleUploadedFile(ATTACHMENT_NAME, PDF, content_type="application/pdf")
    assert partner.post(pages["portal:document_add"], {"title": "Receipt", "file": upload}).status_code == 302
    decline = reverse("portal:step", kwargs={"referral_id": with_contact.pk, "step": "tolak"})
    shown = partner.get(reverse("portal:referral", kwargs={"referral_id": with_contact.pk})).content.decode()
    assert "Zyxwquv" in shown and "Canaryaddress" in shown, "the test must see the markers where they are shared"
    assert partner.post(decline, {"tolak-reason": PORTAL_MARKERS["decline"]}).status_code == 302
    own = [partner.get(url) for url in (*pages.values(), reverse("portal:referral_list"))]
    assert all(response.status_code == 200 for response in own)
    assert [_hits(r.content.decode()) for r in own if _hits(r.content.decode())] == [], "unshared sections shown"
    assert "Hgyt" in own[0].content.decode()
    document = incident_only.documents.get()
    urls = [
        *pages.values(),
        reverse("portal:document", kwargs={"referral_id": incident_only.pk, "document_id": document.pk}),
    ]
    urls.append(reverse("portal:referral", kwargs={"referral_id": with_contact.pk}))  # declined: the grant ended
    others = [(who, personas.client(who).get(url)) for who in ("partner_b", "other_partner") for url in urls]
    others += [("partner", partner.get(urls[-1]))]
    assert [(who, r.status_code) for who, r in others if r.status_code != 404] == []
    everything = captured_log.getvalue() + json.dumps(list(AuditEvent.objects.values()), default=str)
    needles = [*NEEDLES, "Canaryportaloutcome", "Hgyt", "Canaryportaldecline", "Lkju"]
    assert [needle for needle in needles if needle in everything] == []
    assert AuditEvent.objects.filter(actor=personas["partner"], action="VIEW").count() == 2  # the two referral pages
