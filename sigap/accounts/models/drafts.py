"""What a user typed into a form whose POST arrived after their session had ended (issue #21)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.core.crypto.fields import EncryptedJSONField


class KeptDraft(models.Model):
    """The fields of one refused POST, kept so that their owner finds them in the form after logging in.

    Never a write: the POST was refused (no session, or a CSRF token that no longer matched) and the
    fields are only shown again, pre-filled, in the form's page; the user saves them with a click.
    ``fields`` is encrypted (AES-GCM, bound to this column) because a note is case data. The row is
    found through a random id in a short-lived signed HttpOnly cookie of the same browser, of which
    only a SHA-256 digest is stored, and it is only shown to ``user`` (the owner of the session that
    ended). It is deleted when shown, or after ``SIGAP_DRAFT_KEEP_SECONDS`` (30 minutes) at the
    latest: by the worker, and by every keep or take (sigap.accounts.drafts).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_digest = models.CharField(max_length=64)
    # The POST address (the form's action) and the page that shows the form (a local path).
    action = models.CharField(max_length=500)
    page = models.CharField(max_length=500)
    fields = EncryptedJSONField(_("typed fields"))
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("kept draft")
        verbose_name_plural = _("kept drafts")
        indexes = [models.Index(fields=["created_at"], name="kept_draft_created_idx")]
        # A constraint, not unique=True: PostgreSQL would add a LIKE index no lookup uses (docs/performance.md).
        constraints = [models.UniqueConstraint(fields=["token_digest"], name="kept_draft_token_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
