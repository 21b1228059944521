"""The tamper-evident audit trail: append-only events, hash-chained per unit.

Rows are written only by ``sigap.audit.services.audit_record`` (inside the caller's transaction) and
never changed: database triggers refuse UPDATE and DELETE (see migration 0002), and the model and
its queryset refuse them before the database is even asked. Each event stores the hash of the
previous event of its chain, so ``manage.py verify_audit`` detects any row changed or removed
behind the application's back.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Role, Unit

SYSTEM_CHAIN = "system"


def chain_key_for(unit_id: int | None) -> str:
    """The chain an event belongs to: one per unit, one for events without a unit."""
    return f"unit-{unit_id}" if unit_id is not None else SYSTEM_CHAIN


class AuditAppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit row."""


class AuditAction(models.TextChoices):
    """What the actor did. Reads of personal data (VIEW/PRINT/EXPORT) are recorded like writes."""

    VIEW = "VIEW", _("Viewed")
    CREATE = "CREATE", _("Created")
    UPDATE = "UPDATE", _("Changed")
    DELETE = "DELETE", _("Deleted")
    EXPORT = "EXPORT", _("Exported")
    PRINT = "PRINT", _("Printed")
    DOWNLOAD = "DOWNLOAD", _("Downloaded")
    LOGIN = "LOGIN", _("Logged in")
    LOGOUT = "LOGOUT", _("Logged out")
    ASSIGN = "ASSIGN", _("Assigned")
    SHARE = "SHARE", _("Shared")
    BREAK_GLASS = "BREAK_GLASS", _("Emergency access")
    OVERRIDE = "OVERRIDE", _("Override")
    MERGE = "MERGE", _("Merged")  # two records of one person became one (the HEAD's merge)


# Actions that change data: they must run inside the caller's transaction, so that the event and
# the change commit or roll back together.
CHANGE_ACTIONS = frozenset(
    {
        AuditAction.CREATE,
        AuditAction.UPDATE,
        AuditAction.DELETE,
        AuditAction.ASSIGN,
        AuditAction.SHARE,
        AuditAction.MERGE,
    }
)


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Refuses bulk changes: ``update()`` and ``delete()`` would bypass ``AuditEvent.save``."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditAppendOnlyError("audit events are append-only")

    def delete(self) -> NoReturn:
        raise AuditAppendOnlyError("audit events are append-only")


class AuditEvent(models.Model):
    """One recorded action on one object: who, in which role and unit, did what, when, from where.

    ``changed_fields`` names the fields a write touched; ``old_values``/``new_values`` hold values of
    non-personal fields only (status, dates, codes), never names, NIK, notes or addresses.
    ``chain``/``seq``/``prev_hash``/``hash`` make the chain: ``seq`` counts 1, 2, 3… per chain and
    ``hash`` is SHA-256 over the canonical JSON of the event including ``prev_hash``.
    """

    chain = models.CharField(_("chain"), max_length=40, editable=False)
    seq = models.PositiveBigIntegerField(_("sequence"), editable=False)
    created_at = models.DateTimeField(_("time"), editable=False, db_index=True)
    # PROTECT: users and units are deactivated, never deleted, and the trail must keep its actors.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
        verbose_name=_("user"),
    )
    actor_role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
        verbose_name=_("unit"),
        db_index=False,
    )
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=100, blank=True)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    old_values = models.JSONField(_("old values"), default=dict, blank=True)
    new_values = models.JSONField(_("new values"), default=dict, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    # Text, not GenericIPAddressField: the value is hashed and must read back exactly as written.
    ip_address = models.CharField(_("IP address"), max_length=45, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_event_one_seq_per_chain"),
        ]
        indexes = [
            models.Index(fields=["unit", "object_type", "object_id"], name="audit_event_object"),
            models.Index(fields=["unit", "created_at"], name="audit_event_unit_time"),
            models.Index(fields=["unit", "actor", "created_at"], name="audit_event_unit_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditAppendOnlyError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditAppendOnlyError("audit events are append-only")

    @property
    def changes(self) -> list[tuple[str, Any, Any, bool]]:
        """(field, old, new, values shown?) per changed field: values exist for safe fields only."""
        old, new = self.old_values or {}, self.new_values or {}
        return [(n, old.get(n), new.get(n), n in old or n in new) for n in self.changed_fields or []]


class AuditChainHead(models.Model):
    """The last event of one chain: the row writers lock so that a chain can never fork.

    Writers take this row with ``SELECT … FOR UPDATE`` (PostgreSQL) before appending; on SQLite
    the IMMEDIATE transaction already holds the database's write lock. ``verify_audit`` also checks
    that the head matches the chain's last event, which detects a removed tail.
    """

    chain = models.CharField(max_length=40, unique=True)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return f"{self.chain}#{self.last_seq}"
