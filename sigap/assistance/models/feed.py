"""A user's iCalendar feed (calendar, issue #12): a secret, revocable address for a phone's calendar app.

Only the SHA-256 of the token is stored: the address is shown once, when it is made; a lost one is replaced
(which revokes the old). A user has at most one live feed. Revoked rows stay (who made and ended it, when).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    """One secret feed address of a user; the feed answers 404 once ``revoked_at`` is set."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    token_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            # A constraint, not ``unique=True``: on PostgreSQL the field option adds a LIKE twin nothing reads.
            models.UniqueConstraint(fields=["token_hash"], name="calendar_feed_token"),
            # One live feed per user; the index it builds is also the user's lookup.
            models.UniqueConstraint(fields=["user"], condition=Q(revoked_at__isnull=True), name="calendar_feed_live"),
        ]

    def __str__(self) -> str:
        return f"calendar feed {self.pk} of {self.user_id}"  # never the token
