"""Requests to link a known person to a case when the requester may not see all of that person's cases.

Linking a person copies their whole record (name, NIK, phone, address) into the view of the new case's
team. When the person is on a case the requester cannot see, or on a restricted case, the link waits
for the HEAD's decision (review finding 1); until then the case shows "link requested" and no data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.cases.models.people import Person, PersonRole


class LinkRequestState(models.TextChoices):
    """Where a link request stands."""

    PENDING = "PENDING", _("Waiting for the head of the unit")
    APPROVED = "APPROVED", _("Approved")
    REJECTED = "REJECTED", _("Refused")


class PersonLinkRequest(models.Model):
    """A request to add a known person to a case in ``role``, decided by the unit's HEAD.

    Rows are kept after the decision (``state``, ``decided_at``, ``decided_by``) as the record of it.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="link_requests", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="link_requests")
    role = models.CharField(_("role"), max_length=20, choices=PersonRole.choices)
    relationship = models.CharField(_("relationship to the victim"), max_length=40, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=LinkRequestState.choices, default=LinkRequestState.PENDING
    )
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("person link request")
        verbose_name_plural = _("person link requests")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "role"], condition=Q(state="PENDING"), name="person_link_one_pending"
            ),
        ]
        indexes = [models.Index(fields=["case", "state"], name="person_link_case_state_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.person_id} ({self.role}, {self.state})"
