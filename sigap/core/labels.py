"""Translated choice labels, once per field and language (issue #22).

Django's ``get_FOO_display()`` rebuilds a dict of the field's choices and translates the label on every
call: 75 calls on a case list were 1-2 ms of a page. ``choice_labels_install()`` (from ``CoreConfig.ready``,
once every model is loaded) gives each model's ``get_FOO_display`` a table per field and language, built at
its first use: the same text, with no work per call. A method a model defines itself is left alone, and so
is a field whose choices are computed (a callable): those may change while the process runs.
"""

from __future__ import annotations

from functools import partialmethod
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

# Django's own method (private: it is what every model's get_FOO_display calls unless the model defines one).
_DJANGOS_DISPLAY = vars(models.Model)["_get_FIELD_display"]

_tables: dict[tuple[models.Field[Any, Any], str | None], dict[Any, Any]] = {}


def _translate(label: Any) -> Any:
    return force_str(label, strings_only=True)


def choice_table(field: models.Field[Any, Any]) -> dict[Any, Any]:
    """Value -> label in the active language, built once per field and language."""
    key = (field, get_language())
    table = _tables.get(key)
    if table is None:
        table = {make_hashable(value): _translate(label) for value, label in field.flatchoices}
        _tables[key] = table
    return table


def choice_table_of(model: type[models.Model], name: str) -> dict[Any, Any]:
    """:func:`choice_table` of ``model``'s field ``name`` (a concrete column with fixed choices)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return choice_table(field)


def _display(self: models.Model, field: models.Field[Any, Any]) -> Any:
    value = getattr(self, field.attname)
    try:
        return choice_table(field)[value]
    except KeyError:
        return _translate(value)  # a value outside the choices shows as itself, as in Django
    except TypeError:  # an unhashable value (a list): Django's own way
        return _DJANGOS_DISPLAY(self, field)


def _is_djangos(method: Any) -> bool:
    return isinstance(method, partialmethod) and method.func is _DJANGOS_DISPLAY


def choice_labels_install() -> int:
    """Give every model field with fixed choices the cached ``get_FOO_display``; returns how many."""
    installed = 0
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if not isinstance(field, models.Field) or not isinstance(field.choices, (list, tuple)):
                continue
            name = f"get_{field.name}_display"
            if _is_djangos(model.__dict__.get(name)):
                setattr(model, name, partialmethod(_display, field=field))
                installed += 1
    return installed
