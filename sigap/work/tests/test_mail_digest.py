"""The e-mail digest: one message per user per tick, counts only, never a personal value."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from sigap.work.models import Notification
from sigap.work.scheduler import digest_text, work_items_tick
from sigap.work.tests.conftest import make_target, open_item

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
MARKER = "ZQXMARKER"


def _mail_text(message) -> str:
    return "\n".join([message.subject, message.body, *[str(v) for v in message.extra_headers.values()]])


@time_machine.travel(T0, tick=False)
def test_the_digest_holds_no_personal_values(personas, mailoutbox, settings):
    settings.LANGUAGE_CODE = "en"  # the wording is asserted below; the default language is Indonesian
    personas["case_manager"].full_name = f"Ayu {MARKER} Manajer"
    personas["case_manager"].save(update_fields=["full_name"])
    target = make_target(full_name=f"Siti {MARKER} Korban")
    open_item(personas, due_at=T0 + timedelta(minutes=1), target=target, title_key="PPA-KKR/2026/0042")
    open_item(personas, due_at=T0 + timedelta(minutes=1), target=make_target(), title_key="PPA-KKR/2026/0043")

    result = work_items_tick(now=T0 + timedelta(minutes=2))

    assert result.mailed == 2
    by_recipient = {tuple(m.to): m for m in mailoutbox}
    assert set(by_recipient) == {("case_manager@example.test",), ("head@example.test",)}
    for message in mailoutbox:
        text = _mail_text(message)
        assert MARKER not in text
        assert "PPA-KKR" not in text
        assert "Ayu" not in text
    assert "2 tasks past their deadline" in by_recipient[("case_manager@example.test",)].body
    assert "2 tasks of your unit are past their deadline" in by_recipient[("head@example.test",)].body


@time_machine.travel(T0, tick=False)
def test_each_notification_is_mailed_once(personas, mailoutbox, settings):
    settings.LANGUAGE_CODE = "en"
    open_item(personas, due_at=T0 + timedelta(hours=2))
    work_items_tick(now=T0 + timedelta(hours=1, minutes=1))
    assert len(mailoutbox) == 1
    assert "1 task that falls due soon" in mailoutbox[0].body
    work_items_tick(now=T0 + timedelta(hours=1, minutes=2))
    assert len(mailoutbox) == 1
    assert not Notification.objects.filter(mailed_at__isnull=True).exists()


@time_machine.travel(T0, tick=False)
def test_users_without_an_address_get_the_bell_only(personas, mailoutbox):
    personas["case_manager"].email = ""
    personas["case_manager"].save(update_fields=["email"])
    open_item(personas, due_at=T0 + timedelta(hours=2))
    assert work_items_tick(now=T0 + timedelta(hours=1, minutes=1)).mailed == 0
    assert mailoutbox == []
    assert Notification.objects.get().mailed_at is not None


@time_machine.travel(T0, tick=False)
def test_a_failed_mail_is_retried_at_the_next_tick(personas, mailoutbox, monkeypatch):
    open_item(personas, due_at=T0 + timedelta(hours=2))

    def broken(self, fail_silently=False):
        raise OSError("SMTP down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", broken)
        assert work_items_tick(now=T0 + timedelta(hours=1, minutes=1)).mailed == 0
    assert Notification.objects.get().mailed_at is None
    assert work_items_tick(now=T0 + timedelta(hours=1, minutes=2)).mailed == 1
    assert len(mailoutbox) == 1


def test_digest_text_is_in_the_installation_language_and_links_to_my_work(settings):
    settings.SIGAP_BASE_URL = "https://sigap.example.go.id/"
    subject, body = digest_text({"MISSED": 2})
    assert subject
    assert "https://sigap.example.go.id/tugas/" in body
