"""The HEAD's merge of two records of one person (issue #21): one survivor, the other points to it.

Field by field, the HEAD chooses which record's value the survivor keeps (``MERGE_FIELDS``: a choice
may carry several model fields that only make sense together, the age or the address with its village).
Every reference to the merged record moves to the survivor (``REFERENCES`` names those of this app, the
higher apps register theirs with :func:`register_merge_handler`; a test fails when a new foreign key to
``Person`` or ``CasePerson`` is in neither). When both records are in one case
in the same role, the survivor's link stays, what named the other link (incidents, consents) names it
instead, and the other link is removed softly with the merge as its reason.

The merged record keeps its values as history (its NIK no longer counts for uniqueness) and leaves every
search and list (``Person.objects``). The audit keeps one MERGE event on the survivor, with field names
and which record each came from, never a value; each affected case gets an event for its timeline.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.accounts.models import Role, User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.models import Case
from sigap.cases.models.consent import Consent
from sigap.cases.models.incident import Incident, IncidentPerpetrator
from sigap.cases.models.link import LinkRequestState, PersonLinkRequest
from sigap.cases.models.people import CasePerson, Person, PersonNameToken
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.selectors.case import cases_visible_to
from sigap.cases.services.people import DuplicateNik, _check_nik_free
from sigap.cases.services.person_edit import _apply, _audit_on_case

Source = Literal["survivor", "merged"]
SURVIVOR: Source = "survivor"
MERGED: Source = "merged"

# One choice per line of the merge page, with the model fields it carries (person_edit's EDITABLE_FIELDS,
# grouped: a birth date without its year, or an address line in another record's village, mean nothing).
MERGE_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "sex": ("sex",),
    "birth": ("birth_date", "birth_year", "age_estimated"),
    "nik": ("nik",),
    "phone": ("phone",),
    "address": ("address", "village"),
    "education": ("education",),
    "occupation": ("occupation",),
    "disabilities": ("disabilities",),
    "marital_status": ("marital_status",),
    "nationality": ("nationality",),
}
MERGE_FIELD_LABELS: dict[str, Any] = {
    "name": gettext_lazy("Name"),
    "sex": gettext_lazy("Sex"),
    "birth": gettext_lazy("Birth date or age"),
    "nik": gettext_lazy("NIK"),
    "phone": gettext_lazy("Phone"),
    "address": gettext_lazy("Address and village"),
    "education": gettext_lazy("Education"),
    "occupation": gettext_lazy("Occupation"),
    "disabilities": gettext_lazy("Disability"),
    "marital_status": gettext_lazy("Marital status"),
    "nationality": gettext_lazy("Nationality"),
}
# Every reverse relation to Person and to CasePerson that a merge handles ("model label", "field name").
REFERENCES = frozenset(
    {
        ("cases.caseperson", "person"),  # moved; a duplicate in the same case and role is removed softly
        ("cases.personlinkrequest", "person"),  # moved; a duplicate pending request is refused
        ("cases.personnametoken", "owner"),  # deleted: the merged record leaves the name search
        ("cases.person", "merged_into"),  # earlier merges into the merged record now point to the survivor
        ("cases.consent", "victim"),  # of a duplicate link: names the kept link
        ("cases.consent", "guardian"),
        ("cases.incident", "victim"),
        ("cases.incident", "perpetrators"),  # through IncidentPerpetrator
        ("cases.incidentperpetrator", "perpetrator"),
    }
)

# What a higher app does in a merge (``sigap.assistance`` stands above cases and may not be imported here):
# it registers at app ready the references it handles and a callback run in the merge's transaction,
# ``callback(actor=..., survivor=..., merged=..., collapsed=[(duplicate link, kept link), ...])``. A link
# that only changes person keeps its id, so what points to it needs nothing; ``collapsed`` lists the links
# of the merged record that gave way to the survivor's link in the same case and role (removed softly).
MergeHandler = Callable[..., Any]
_HANDLERS: list[tuple[frozenset[tuple[str, str]], MergeHandler]] = []


def register_merge_handler(references: set[tuple[str, str]], handler: MergeHandler) -> None:
    """Declare ``references`` ("model label", "field name") handled by ``handler`` (idempotent)."""
    entry = (frozenset(references), handler)
    if entry not in _HANDLERS:
        _HANDLERS.append(entry)


def handled_references() -> frozenset[tuple[str, str]]:
    """Every reference a merge handles: this app's ``REFERENCES`` and those of the registered handlers."""
    found = set(REFERENCES)
    for references, _handler in _HANDLERS:
        found |= references
    return frozenset(found)


MIN_REASON = 10
MAX_REASON = 2000


def merge_choices(field_choices: Mapping[str, str]) -> dict[str, Source]:
    """Every choice of ``MERGE_FIELDS`` (the survivor's value where none is given); unknown ones refused."""
    unknown = set(field_choices) - set(MERGE_FIELDS)
    if unknown or any(value not in (SURVIVOR, MERGED) for value in field_choices.values()):
        raise TransitionRefused(_("Choose, for each line, which record's value is kept."))
    return {key: MERGED if field_choices.get(key) == MERGED else SURVIVOR for key in MERGE_FIELDS}


def _check_actor(actor: User) -> int:
    membership = actor.membership
    if membership is None or membership.role != Role.HEAD:
        raise PermissionDenied(_("Only the head of the unit can merge two records of a person."))
    return membership.unit_id


def _locked_pair(actor: User, unit_id: int, survivor: Person, merged: Person) -> tuple[Person, Person]:
    if survivor.pk == merged.pk:
        raise TransitionRefused(_("Choose two different records."))
    # Both rows locked, in id order (two merges of the same pair cannot deadlock).
    rows = {
        p.pk: p
        for p in Person.all_persons.select_for_update()
        .select_related("unit")
        .filter(pk__in=[survivor.pk, merged.pk], unit_id=unit_id)
        .order_by("pk")
    }
    if len(rows) != 2:
        raise TransitionRefused(_("This person was not found."))
    kept, gone = rows[survivor.pk], rows[merged.pk]
    if kept.merged_into_id is not None or gone.merged_into_id is not None:
        raise TransitionRefused(_("One of the records has already been merged into another."))
    hidden = (
        Case.objects.filter(persons__person_id__in=[kept.pk, gone.pk])
        .exclude(pk__in=cases_visible_to(actor).values("pk"))
        .exists()
    )
    if hidden:
        raise TransitionRefused(
            _("One of the records is in a restricted case you cannot open: open it with emergency access first.")
        )
    return kept, gone


def _collapse(actor: User, duplicate: CasePerson, kept: CasePerson, reason: str) -> None:
    """``duplicate`` (the merged record's link) gives way to ``kept``: whatever named it names ``kept``."""
    Incident.objects.filter(victim=duplicate).update(victim=kept)
    Consent.objects.filter(victim=duplicate).update(victim=kept)
    Consent.objects.filter(guardian=duplicate).update(guardian=kept)
    # An incident naming both links keeps one perpetrator row.
    both = IncidentPerpetrator.objects.filter(perpetrator=kept).values("incident_id")
    IncidentPerpetrator.objects.filter(perpetrator=duplicate, incident_id__in=both).delete()
    IncidentPerpetrator.objects.filter(perpetrator=duplicate).update(perpetrator=kept)
    if not kept.relationship and duplicate.relationship:
        kept.relationship = duplicate.relationship
        kept.save(update_fields=["relationship"])
    duplicate.removed_at, duplicate.removed_by = timezone.now(), actor
    duplicate.removal_reason = _("Merged with another record of the same person: %(reason)s") % {"reason": reason}
    duplicate.save(update_fields=["removed_at", "removed_by", "removal_reason"])


def _move_links(
    actor: User, kept: Person, gone: Person, reason: str, collapsed: list[tuple[CasePerson, CasePerson]]
) -> tuple[dict[Any, list[str]], int, int]:
    """Move the merged record's links; ``({case id: roles}, links moved, duplicates removed)``. Each
    duplicate that gave way is appended to ``collapsed`` with the link it gave way to."""
    survivor_links = {(link.case_id, link.role): link for link in CasePerson.objects.filter(person=kept)}
    cases: dict[Any, list[str]] = {}
    moved = removed = 0
    for link in CasePerson.all_links.select_for_update().filter(person=gone).order_by("pk"):
        duplicate_of = survivor_links.get((link.case_id, link.role)) if link.removed_at is None else None
        if link.removed_at is None:
            cases.setdefault(link.case_id, []).append(link.role)
        if duplicate_of is not None:
            _collapse(actor, link, duplicate_of, reason)
            collapsed.append((link, duplicate_of))
            removed += 1
        elif link.removed_at is None:
            moved += 1
        link.person = kept
        link.save(update_fields=["person"])
    return cases, moved, removed


def _move_requests(actor: User, kept: Person, gone: Person) -> None:
    pending = set(
        PersonLinkRequest.objects.filter(person=kept, state=LinkRequestState.PENDING).values_list("case_id", "role")
    )
    for row in PersonLinkRequest.objects.select_for_update().filter(person=gone).order_by("pk"):
        if row.state == LinkRequestState.PENDING and (row.case_id, row.role) in pending:
            # The same request is already waiting for the survivor: one decision is enough.
            row.state, row.decided_at, row.decided_by = LinkRequestState.REJECTED, timezone.now(), actor
        row.person = kept
        row.save(update_fields=["person", "state", "decided_at", "decided_by"])


def _audit(
    *,
    actor: User,
    kept: Person,
    gone: Person,
    choices: dict[str, Source],
    cases: dict[Any, list[str]],
    counts: tuple[int, int],
    request: HttpRequest | None,
) -> None:
    # Names of the fields and which record each came from: never a value (the values are personal).
    audit_record(
        actor=actor,
        unit=kept.unit,
        action=AuditAction.MERGE,
        obj=kept,
        changed_fields=["merged"],
        new={
            "merged": {
                "person": str(gone.pk),
                "from_survivor": [key for key, source in choices.items() if source == SURVIVOR],
                "from_merged": [key for key, source in choices.items() if source == MERGED],
                "cases": len(cases),
                "links_moved": counts[0],
                "links_removed": counts[1],
            }
        },
        reason="two records of one person merged; the reason is kept encrypted on the merged record",
        request=request,
    )
    for case in Case.objects.select_related("unit").filter(pk__in=list(cases)).order_by("pk"):
        roles = sorted(cases[case.pk])
        _audit_on_case(
            actor, case, new={"person": str(kept.pk), "merged_from": str(gone.pk), "roles": roles}, request=request
        )


@transaction.atomic
def person_merge(
    *,
    actor: User,
    survivor: Person,
    merged: Person,
    field_choices: Mapping[str, str],
    reason: str,
    request: HttpRequest | None = None,
) -> Person:
    """Merge ``merged`` into ``survivor``: the HEAD of their unit only (``PermissionDenied`` otherwise).

    ``field_choices`` says per line of ``MERGE_FIELDS`` whether the survivor keeps its value
    (``"survivor"``, the default) or takes the merged record's (``"merged"``). Refused (a
    ``TransitionRefused`` saying why): the same record twice, a record of another unit or already merged,
    a record in a case the HEAD cannot open, a reason shorter than 10 characters, an NIK that a third
    record of the unit already has.
    """
    unit_id = _check_actor(actor)
    choices = merge_choices(field_choices)
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_REASON:
        raise TransitionRefused(_("Say why these are the same person (at least 10 characters)."))
    if len(reason) > MAX_REASON:
        raise TransitionRefused(_("The reason is too long (at most 2000 characters)."))
    kept, gone = _locked_pair(actor, unit_id, survivor, merged)
    taken = [name for key, source in choices.items() if source == MERGED for name in MERGE_FIELDS[key]]
    values = {name: getattr(gone, name) for name in taken}
    # The merged record leaves the unit's live records first: its NIK may then pass to the survivor.
    gone.merged_into, gone.merged_at, gone.merge_reason = kept, timezone.now(), reason
    gone.save(update_fields=["merged_into", "merged_at", "merge_reason", "updated_at"])
    try:
        _check_nik_free(unit_id, values.get("nik", kept.nik) or "", other_than=kept.pk)
    except DuplicateNik:
        raise TransitionRefused(
            _("Another record of the unit has this NIK: merge that record too, or keep the other NIK.")
        ) from None
    _apply(kept, values)
    PersonNameToken.objects.filter(owner=gone).delete()
    Person.all_persons.filter(merged_into=gone).update(merged_into=kept)
    collapsed: list[tuple[CasePerson, CasePerson]] = []
    cases, moved, removed = _move_links(actor, kept, gone, reason, collapsed)
    _move_requests(actor, kept, gone)
    for _references, handler in list(_HANDLERS):
        handler(actor=actor, survivor=kept, merged=gone, collapsed=collapsed)
    _audit(actor=actor, kept=kept, gone=gone, choices=choices, cases=cases, counts=(moved, removed), request=request)
    return kept
