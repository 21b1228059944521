"""Work items (every obligation with a deadline) and in-app notifications."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sigap.accounts.models import Unit
from sigap.work.kinds import WorkKind, kind_or_fallback

# Titles are reference numbers (case or ticket numbers), never names: no spaces are allowed, which
# keeps a person's full name out by construction.
TITLE_KEY_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9/._-]{1,60}$", _("Use a reference number (letters, digits, / . _ -), never a name.")
)


class WorkItem(models.Model):
    """One obligation with a deadline: a complaint's response clock, a plan awaiting approval, a follow-up.

    The service that creates the obligation opens the item (``work_item_open``); the service that
    fulfils it closes it (``work_item_done``). The scheduler (``work_items_tick``) reminds the
    responsible user at ``remind_at``, marks the item MISSED at ``due_at`` and escalates it to the
    unit's HEAD. ``kind`` is a key of the registry in ``sigap.work.kinds``. ``target`` is the case or
    record the item belongs to; ``title_key`` is its reference number, shown instead of any name.
    """

    class State(models.TextChoices):
        # Its own word, not the "open" of a link: in Indonesian "Buka" is both (walk of #21).
        OPEN = "OPEN", pgettext_lazy("work item state", "Open")
        DONE = "DONE", _("Done")
        MISSED = "MISSED", _("Missed")
        CANCELLED = "CANCELLED", _("Cancelled")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="work_items", verbose_name=_("unit"), db_index=False
    )
    kind = models.CharField(_("kind"), max_length=40)
    title_key = models.CharField(_("reference"), max_length=60, validators=[TITLE_KEY_VALIDATOR])
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="work_items",
        verbose_name=_("responsible"),
        db_index=False,
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, db_index=False)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    due_at = models.DateTimeField(_("due"))
    # Stored rather than computed from the kind so the scheduler finds due reminders with one indexed query.
    remind_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    missed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["responsible", "state", "due_at"], name="work_item_responsible_idx"),
            models.Index(fields=["unit", "state", "due_at"], name="work_item_unit_idx"),
            models.Index(fields=["state", "remind_at"], name="work_item_remind_idx"),
            models.Index(fields=["state", "due_at"], name="work_item_due_idx"),
            models.Index(fields=["content_type", "object_id", "kind"], name="work_item_target_idx"),
        ]
        constraints = [
            # One open obligation of a kind per target: opening twice (a double submit) is harmless.
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id"],
                condition=Q(state="OPEN"),
                name="work_item_one_open_per_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.title_key}"

    @property
    def kind_spec(self) -> WorkKind:
        return kind_or_fallback(self.kind)

    @property
    def kind_label(self) -> str:
        return str(self.kind_spec.label)

    @property
    def kind_subject(self) -> str:
        return str(self.kind_spec.subject or self.kind_spec.label)

    def target_url(self) -> str:
        """The target's page, built from the kind's URL name and the id (no query)."""
        url_name = self.kind_spec.url_name
        if not url_name:
            return ""
        try:
            return reverse(url_name, args=[self.object_id])
        except NoReverseMatch:
            return ""

    def is_overdue(self, now: datetime) -> bool:
        return self.due_at <= now

    def is_due_soon(self, now: datetime) -> bool:
        return self.remind_at is not None and self.remind_at <= now < self.due_at


class Notification(models.Model):
    """A message to one user about a work item, shown under the bell and mailed as a digest.

    The text is built from ``kind`` and the work item's kind and reference number when shown: a
    notification stores codes, never personal values. ``mailed_at`` is set once the e-mail digest
    has covered it (or when the user has no address to mail).
    """

    class Kind(models.TextChoices):
        REMINDER = "REMINDER", _("Reminder")
        MISSED = "MISSED", _("Deadline missed")
        ESCALATED = "ESCALATED", _("Escalated to you")
        # Hand-offs, sent by the service that makes them: a task given to you, a decision on your request.
        HANDED = "HANDED", _("Handed to you")
        APPROVED = "APPROVED", _("Approved")
        RETURNED = "RETURNED", _("Returned")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
        db_index=False,
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    work_item = models.ForeignKey(
        WorkItem, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "created_at"], name="notification_list_idx"),
            models.Index(fields=["mailed_at"], name="notification_mail_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"
