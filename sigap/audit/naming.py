"""The audit trail in words: objects by their business name, kinds and fields by their labels.

The audit app sits below the apps whose records it names (cases, intake, reports), so it never
imports them: each of them registers, from its ``AppConfig.ready()``,

- ``register_object_namer(object_type, namer)``: ``namer(ids) -> {id: name}`` (a case's number, a
  complaint's ticket number), called **once per object type per page** (no query per row);
- ``register_object_kind(object_type, label)``: the words for a kind that is not a model
  (``reports.simfoni``, ``audit.search``);
- ``register_value_labeller(object_type, field, labeller)``: the words for a code of a code list
  (``termination_reason``, ``violence_types``) when the model field has no choices of its own;
- ``register_nested_fields(object_type, field, nested_type)``: a change kept as a dict of another
  model's fields (a case's ``team`` as a team member's ``user``, ``team_role``…);
- ``register_key_labels({key: label})``: words for the other keys of such dicts.

Without a registration a record is shown by its kind only (never its raw id), a field by its
``verbose_name``, a code by the field's choices label. Personal fields are never stored by the trail
(``audit_diff``): they show as "changed" without values. Names are never personal: a person of a case
has no namer, on purpose.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.accounts.models import Unit, User
from sigap.audit.models import AuditAction, AuditEvent

ObjectNamer = Callable[[Collection[str]], Mapping[str, str]]
ValueLabeller = Callable[[Any], str]

_NAMERS: dict[str, ObjectNamer] = {}
_KINDS: dict[str, str | Promise] = {}
_VALUE_LABELLERS: dict[tuple[str, str], ValueLabeller] = {}
_NESTED: dict[tuple[str, str], str] = {}
_KEY_LABELS: dict[str, str | Promise] = {}
_HIDDEN_KEYS: set[str] = set()

# A raw id must never reach the page: an unnamed UUID is "a record", not 36 hex digits.
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def uuid_keys(ids: Collection[str]) -> list[uuid.UUID]:
    """The ids that are UUIDs (for namers of UUID-keyed models: other ids are simply not found)."""
    keys = []
    for value in ids:
        try:
            keys.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return keys


def register_object_namer(object_type: str, namer: ObjectNamer) -> None:
    """``namer(ids)`` answers ``{id: business name}`` for the ids it knows (one query for all)."""
    _NAMERS[object_type] = namer


def register_object_kind(object_type: str, label: str | Promise) -> None:
    _KINDS[object_type] = label


def register_value_labeller(object_type: str, field_name: str, labeller: ValueLabeller) -> None:
    _VALUE_LABELLERS[(object_type, field_name)] = labeller


def register_nested_fields(object_type: str, field_name: str, nested_type: str) -> None:
    """The value of ``field_name`` is a dict of the fields of a ``nested_type`` row (a case's team)."""
    _NESTED[(object_type, field_name)] = nested_type


def register_key_labels(labels: Mapping[str, str | Promise], *, hidden: Iterable[str] = ()) -> None:
    """Words for keys of stored values that are no model field (``via_break_glass``); ``hidden``
    keys (a row's own id) are not shown: the record is named by the event already."""
    _KEY_LABELS.update(labels)
    _HIDDEN_KEYS.update(hidden)


def _user_names(ids: Collection[str]) -> dict[str, str]:
    pks = [i for i in ids if str(i).isdigit()]
    return {
        str(pk): full_name or username
        for pk, full_name, username in User.objects.filter(pk__in=pks).values_list("pk", "full_name", "username")
    }


def _unit_names(ids: Collection[str]) -> dict[str, str]:
    pks = [i for i in ids if str(i).isdigit()]
    return {str(pk): name for pk, name in Unit.objects.filter(pk__in=pks).values_list("pk", "name")}


# The models the audit app may read itself (below it in the floors).
register_object_namer("accounts.user", _user_names)
register_object_namer("accounts.unit", _unit_names)
register_object_kind("audit.search", gettext_lazy("audit trail search"))
register_object_kind("audit.object_history", gettext_lazy("record history"))


@dataclass(frozen=True)
class ChangeLine:
    """One changed field in words: its label, and the old and new values when the trail kept them."""

    label: str
    old: str = ""
    new: str = ""
    shown: bool = False


@dataclass
class EventLine:
    """One audit event as a reader sees it: kind and name of its object, changes, export summary."""

    event: AuditEvent
    kind: str = ""
    name: str = ""
    changes: list[ChangeLine] = field(default_factory=list)
    summary: str = ""


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def kind_label(object_type: str) -> str:
    """The translated kind of an object type: registered words, else the model's verbose name."""
    if object_type in _KINDS:
        return str(_KINDS[object_type])
    model = _model(object_type)
    if model is not None:
        return str(model._meta.verbose_name)
    return _("other record") if object_type else ""


def object_name(object_type: str, object_id: str) -> str:
    """The business name of one object ("" when no app names its kind)."""
    namer = _NAMERS.get(object_type)
    return str(namer([object_id]).get(object_id, "")) if namer is not None and object_id else ""


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _related_type(model_field: models.Field[Any, Any] | None) -> str:
    if model_field is None or not model_field.is_relation or model_field.related_model is None:
        return ""
    related = model_field.related_model
    return related._meta.label_lower if not isinstance(related, str) else ""


def _month(text: str) -> str:
    match = MONTH_RE.match(text)
    if not match:
        return text
    return formats.date_format(dt.date(int(match[1]), int(match[2]), 1), "YEAR_MONTH_FORMAT")


def _words(value: Any, *, model_field: models.Field[Any, Any] | None, names: Mapping[str, str], zone: Any) -> str:
    """A stored value in words: code-list label, yes/no, local date, a record's name; never a repr."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(_words(v, model_field=model_field, names=names, zone=zone) for v in value)
    if isinstance(value, dict):
        # Never a Python dict on the page: its keys in words, one after the other.
        return "; ".join(
            f"{_key_label(str(k))}: {_words(v, model_field=None, names=names, zone=zone)}"
            for k, v in value.items()
            if str(k) not in _HIDDEN_KEYS and not (isinstance(v, str) and UUID_RE.fullmatch(v))
        )
    if model_field is not None:
        if model_field.is_relation:
            return names.get(str(value), _("a record"))
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.DateTimeField) and isinstance(value, str):
            moment = parse_datetime(value)
            if moment is not None:
                if timezone.is_naive(moment):
                    moment = timezone.make_aware(moment, dt.UTC)
                return formats.date_format(timezone.localtime(moment, zone), "DATETIME_FORMAT")
        if isinstance(model_field, models.DateField) and isinstance(value, str):
            day = parse_date(value)
            if day is not None:
                return formats.date_format(day, "DATE_FORMAT")
    text = str(value)
    if UUID_RE.search(text):
        return _("a record")
    return formats.localize(value) if isinstance(value, int | float) else text


def _key_label(key: str) -> str:
    return str(_KEY_LABELS.get(key, key.replace("_", " ")))


def _label(model: type[models.Model] | None, name: str) -> str:
    model_field = _field(model, name)
    # A field without a verbose_name of its own gets Django's untranslated one: the app's words win.
    if model_field is not None and not (name in _KEY_LABELS and model_field.verbose_name == name.replace("_", " ")):
        return capfirst(str(model_field.verbose_name))
    return capfirst(_key_label(name))


def _refs(object_type: str, name: str, value: Any) -> Iterable[tuple[str, str]]:
    """(object type, id) of every record a stored value points to (to name them in one batch)."""
    nested = _NESTED.get((object_type, name))
    if nested is not None and isinstance(value, dict):
        for key, item in value.items():
            yield from _refs(nested, key, item)
        return
    related = _related_type(_field(_model(object_type), name))
    if related in _NAMERS and value not in (None, "") and not isinstance(value, dict | list):
        yield related, str(value)


def _phrase(object_type: str, name: str, value: Any, names: Mapping[str, Mapping[str, str]], zone: Any) -> str:
    """The words for the value of field ``name`` of ``object_type``."""
    labeller = _VALUE_LABELLERS.get((object_type, name))
    if labeller is not None and value not in (None, "", []):
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(labeller(v)) for v in values)
    nested = _NESTED.get((object_type, name))
    if nested is not None and isinstance(value, dict):
        # A change of a related list of the record (a case's team, consents…): the row's own fields.
        nested_model = _model(nested)
        return "; ".join(
            f"{_label(nested_model, str(k)).lower()}: {_phrase(nested, str(k), v, names, zone)}"
            for k, v in value.items()
            if str(k) not in _HIDDEN_KEYS and not (isinstance(v, str) and UUID_RE.fullmatch(v))
        )
    model_field = _field(_model(object_type), name)
    return _words(value, model_field=model_field, names=names.get(_related_type(model_field), {}), zone=zone)


def _export_summary(event: AuditEvent) -> str:
    values = event.new_values or {}
    if event.action != AuditAction.EXPORT or not isinstance(values, dict):
        return ""
    parts = []
    start, end = str(values.get("from") or ""), str(values.get("to") or "")
    if start:
        period = _month(start) if start == end or not end else f"{_month(start)} – {_month(end)}"
        parts.append(_("period: %(period)s") % {"period": period})
    if isinstance(values.get("rows"), int):
        rows = values["rows"]
        parts.append(_("%(count)s rows") % {"count": formats.localize(rows)} if rows != 1 else _("1 row"))
    return " · ".join(parts)


def describe_events(events: Iterable[AuditEvent], *, zone: Any = None) -> list[EventLine]:
    """The page's events in words. One namer call per object type for the whole page (no N+1)."""
    rows = list(events)
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in rows:
        if event.object_id and event.object_type in _NAMERS:
            wanted[event.object_type].add(event.object_id)
        for values in (event.old_values, event.new_values):
            for name, value in values.items() if isinstance(values, dict) else ():
                for kind, ref in _refs(event.object_type, name, value):
                    wanted[kind].add(ref)
    names: dict[str, Mapping[str, str]] = {kind: _NAMERS[kind](ids) for kind, ids in wanted.items()}
    lines = []
    for event in rows:
        model = _model(event.object_type)
        line = EventLine(event=event, kind=kind_label(event.object_type), summary=_export_summary(event))
        line.name = names.get(event.object_type, {}).get(event.object_id, "")
        old = event.old_values if isinstance(event.old_values, dict) else {}
        new = event.new_values if isinstance(event.new_values, dict) else {}
        for name in event.changed_fields or []:
            shown = name in old or name in new
            line.changes.append(
                ChangeLine(
                    label=_label(model, name),
                    # A value that only appeared (a creation, an entry added to a list) reads as itself.
                    old=_phrase(event.object_type, name, old.get(name), names, zone) if name in old else "",
                    new=_phrase(event.object_type, name, new.get(name), names, zone) if shown else "",
                    shown=shown,
                )
            )
        lines.append(line)
    return lines
