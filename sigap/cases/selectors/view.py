"""The case page's rows, each loaded once per request and shared by guards, permissions and templates.

A read page fetches its case through the scope (``get_case_for_user``: 404 outside it) and wraps it in a
:class:`CaseView`. Each row set (team, persons, consents, incidents, latest assessment and plan) is read
on first use and kept for the rest of the request, so a guard asking "is there a case manager?" reads
the team the page already shows instead of asking the database again (issue #22).

The view is attached to its case (``case.page_rows``). Guards and permissions look there first
(:func:`page_rows`): a case fetched elsewhere, like the locked row a service transitions, has none and
reads fresh. Only read-only pages build a view: a row set is a snapshot of the request's start.

Only the columns a page shows are selected: every encrypted column loaded costs one decryption per row
(``EncryptedFieldMixin.from_db_value``), shown or not. Each query is built and compiled by the ORM once per
process and shape (``sigap.core.compiled.objects``, D89): a request binds its case's id and reads the rows.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast

from sigap.accounts.models import Role, User
from sigap.cases.kinds import TEAM_JOINED
from sigap.cases.models import Case, CaseTeamMember, TeamRole
from sigap.cases.models.consent import Consent
from sigap.cases.models.incident import Incident
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.models.plan import Assessment, Plan
from sigap.core import compiled
from sigap.work.models import WorkItem

# Encrypted columns of a person that no case page shows (the person's edit form reads its own row).
PERSON_NEVER_SHOWN = ("person__disabilities", "person__merge_reason")
# ... and those shown only to readers of full identities (the HEAD and the case manager, disclosure.py).
PERSON_FULL_ONLY = ("person__phone", "person__address")
# The team's users: the name is what the pages show (``User.__str__``), never the password hash.
TEAM_USER_FIELDS = ("user__id", "user__username", "user__full_name", "user__is_active")
# Every query of the page binds the case's id (and the team's, the work item's content type).
CASE_KIND: dict[str, compiled.Kind] = {"case": "uuid"}
TEAM_KINDS: dict[str, compiled.Kind] = {"case": "uuid", "content_type": "int"}


def team_query(values: Any) -> Any:
    """The active team of ``values["case"]``, each row with ``file_unread`` (see :attr:`CaseView.team`)."""
    unread = WorkItem.objects.filter(
        content_type_id=values["content_type"],
        object_id=Cast(OuterRef("pk"), CharField()),
        kind=TEAM_JOINED,
        state__in=(WorkItem.State.OPEN, WorkItem.State.MISSED),
    )
    return (
        CaseTeamMember.objects.filter(case_id=values["case"], is_active=True)
        .select_related("user")
        .only("case_id", "user_id", "team_role", "is_active", "assigned_at", *TEAM_USER_FIELDS)
        .annotate(file_unread=Exists(unread))
    )


def links_query(full: bool) -> compiled.Build:
    """The case's active persons, with the person's columns a reader of full identities (or not) sees."""
    deferred = PERSON_NEVER_SHOWN if full else (*PERSON_NEVER_SHOWN, *PERSON_FULL_ONLY)
    related = ("person", "person__village") if full else ("person",)  # the village: full identities only

    def build(values: Any) -> Any:
        rows = CasePerson.objects.filter(case_id=values["case"]).select_related(*related).order_by("role", "added_at")
        return rows.defer("removal_reason", *deferred)

    return build


def consents_query(values: Any) -> Any:
    return Consent.objects.filter(case_id=values["case"]).defer("purpose", "witness").order_by("-given_on")


def incidents_query(values: Any) -> Any:
    return Incident.objects.filter(case_id=values["case"]).defer("account")


def assessment_query(values: Any) -> Any:
    return Assessment.objects.filter(case_id=values["case"]).order_by("-version")[:1]


def plan_query(values: Any) -> Any:
    return (
        Plan.objects.filter(case_id=values["case"])
        .defer("goals", "made_with_victim_how", "comment")
        .order_by("-version")[:1]
    )


class CaseView:
    """One case and its row sets as one reader sees them, loaded on first use (see the module docstring)."""

    def __init__(self, user: User, case: Case) -> None:
        self.user = user
        self.case = case
        self._case = {"case": case.pk}
        self._fetched: dict[str, list[Any]] = {}  # rows read by :meth:`load`, not yet taken by their property
        case.page_rows = self

    def load(self, *names: str, **extra: compiled.Query) -> dict[str, list[Any]]:
        """Read the named row sets not read yet, and the ``extra`` queries of the page, in one round trip.

        A page that will show several panels asks for them here, before it needs the first one: their queries
        go to the database together (``compiled.objects_together``, D93). Returns the rows of ``extra`` by name;
        the named row sets are then taken by their properties. A reader who is not the HEAD needs the team
        before her persons' query can be chosen (full identities or not): the team is then read first.
        """
        built = [(name, self._query(name)) for name in names if not self._has(name)]
        built = [(name, query) for name, query in built if not self._has(name)]  # the team, read above
        everything = [*built, *extra.items()]
        found = dict(
            zip([name for name, _ in everything], compiled.objects_together([q for _, q in everything]), strict=True)
        )
        self._fetched.update({name: found.pop(name) for name, _ in built})
        return found

    def _has(self, name: str) -> bool:
        return name in self.__dict__ or name in self._fetched

    def _query(self, name: str) -> compiled.Query:
        if name == "team":
            content_type = ContentType.objects.get_for_model(CaseTeamMember).pk
            values = {"case": self.case.pk, "content_type": content_type}
            return compiled.Query(("case_page.team",), team_query, TEAM_KINDS, values)
        if name == "links":
            full = self.full_identity
            return compiled.Query(("case_page.links", full), links_query(full), CASE_KIND, self._case)
        build = ROW_SETS[name]
        return compiled.Query((f"case_page.{name}",), build, CASE_KIND, self._case)

    def _rows(self, name: str) -> list[Any]:
        if name not in self._fetched:
            self.load(name)
        return self._fetched.pop(name)

    # --- who reads ---------------------------------------------------------------------------------

    @cached_property
    def is_head(self) -> bool:
        membership = self.user.membership
        return membership is not None and membership.unit_id == self.case.unit_id and membership.role == Role.HEAD

    @cached_property
    def team_role(self) -> str | None:
        """The reader's active team role (None when not on the team); read from the team rows."""
        membership = self.user.membership
        if membership is None or membership.unit_id != self.case.unit_id:
            return None
        return next((m.team_role for m in self.team if m.user_id == self.user.pk), None)

    @cached_property
    def full_identity(self) -> bool:
        """The HEAD and the case's manager see full identities (``disclosure.sees_full_identity``)."""
        return self.is_head or self.team_role == TeamRole.CASE_MANAGER

    # --- row sets ----------------------------------------------------------------------------------

    @cached_property
    def team(self) -> list[CaseTeamMember]:
        """Active team members in the order of ``selectors.active_team``.

        Each row says whether its member still has to read the case file (``file_unread``: an open "read
        the case file you joined" item), so that opening the page closes that item with a write only when
        there is one — not an UPDATE on every view by a team member.
        """
        return self._rows("team")

    @cached_property
    def links(self) -> list[CasePerson]:
        """The case's active persons (role, then added), with the person's columns this reader sees."""
        return self._rows("links")

    def victims(self) -> list[CasePerson]:
        """Victim links in the order they were added (the services-consent guard's order)."""
        return sorted((link for link in self.links if link.role == PersonRole.VICTIM), key=lambda r: (r.added_at, r.pk))

    @cached_property
    def consents(self) -> list[Consent]:
        """Consents, newest first, their victim and guardian taken from ``links`` (no Person rows again)."""
        consents = self._rows("consents")
        by_id: dict[Any, CasePerson] = {link.pk: link for link in self.links}
        missing = {c.victim_id for c in consents} | {c.guardian_id for c in consents if c.guardian_id}
        missing -= set(by_id)
        if missing:
            # A consent of a person since removed from the case: read that link (and its person) too.
            removed = CasePerson.all_links.filter(pk__in=missing).select_related("person")
            by_id.update({link.pk: link for link in removed.defer(*PERSON_NEVER_SHOWN, *PERSON_FULL_ONLY)})
        for consent in consents:
            consent.victim = by_id[consent.victim_id]
            if consent.guardian_id is not None:
                consent.guardian = by_id[consent.guardian_id]
        return consents

    def is_suspect(self, guardian: CasePerson) -> bool:
        """``consent.is_suspect`` from the loaded links: the guardian's person is also a perpetrator."""
        return any(link.person_id == guardian.person_id and link.role == PersonRole.PERPETRATOR for link in self.links)

    @cached_property
    def incidents(self) -> list[Incident]:
        """Incidents as the case page lists them (date, GBV type, TPKS and KDRT flags): no account, no person."""
        return self._rows("incidents")

    @cached_property
    def assessment(self) -> Assessment | None:
        """The latest assessment (``services.assessment.latest_assessment``)."""
        return next(iter(self._rows("assessment")), None)

    @cached_property
    def plan(self) -> Plan | None:
        """The latest plan (``services.plan.latest_plan``); its texts are read by the plan page only."""
        return next(iter(self._rows("plan")), None)


# The row sets read with the case's id alone (the team and the persons are chosen by :meth:`CaseView._query`).
ROW_SETS: dict[str, compiled.Build] = {
    "consents": consents_query,
    "incidents": incidents_query,
    "assessment": assessment_query,
    "plan": plan_query,
}


def page_rows(case: Case) -> CaseView | None:
    """The request's :class:`CaseView` of ``case`` when a page built one, else None (read fresh)."""
    found = getattr(case, "page_rows", None)
    return found if isinstance(found, CaseView) else None
