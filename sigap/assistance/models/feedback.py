"""The victim's feedback on a held accompaniment session (issue #13, D69 in docs/decisions.md).

Recorded after the session by the case manager of the case or the HEAD, never by an expert who held it: the
contracts evaluation counts it as evidence of the expert's work. One row per session; a change rewrites the row
and the audit trail keeps every earlier answer (codes only, never the comment).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sigap.core.crypto.fields import EncryptedTextField


class FeedbackAnswer(models.TextChoices):
    """How the victim (or the parent or guardian of a child) found the session."""

    HELPFUL = "HELPFUL", pgettext_lazy("session feedback", "Helpful")
    PARTLY = "PARTLY", pgettext_lazy("session feedback", "Partly helpful")
    NOT_HELPFUL = "NOT_HELPFUL", pgettext_lazy("session feedback", "Not helpful")
    NOT_SAID = "NOT_SAID", pgettext_lazy("session feedback", "The victim did not want to say")


class SessionFeedback(models.Model):
    """The feedback on one held session: the answer, an optional short comment (encrypted, case content read by
    the case manager and the HEAD only), who recorded it and when (the last change; earlier ones are audited)."""

    session = models.OneToOneField(
        "assistance.AccompanimentSession", on_delete=models.PROTECT, related_name="feedback", primary_key=True
    )
    answer = models.CharField(_("answer"), max_length=12, choices=FeedbackAnswer.choices)
    comment = EncryptedTextField(_("comment"), blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")

    def __str__(self) -> str:
        return f"feedback on {self.session_id}"  # never the comment: str() ends up in logs
