"""The data-classification registry (DATA-01): every field of every model has a level.

Levels: ``public`` (may be published), ``internal`` (operational, not about a person), ``personal``
(identifies or describes a person) and ``specific`` (UU PDP Ps.4 "specific" data: health, child data,
criminal/legal, violence narratives; the whole case file). The level drives encryption (personal and
specific fields must be encrypted fields or keyed hashes), and later masking, logging, audit old/new
values, export and retention: ask :func:`level_of` or :func:`is_personal`.

How to classify the models of an app (pick one; both are collected):

1. A module ``sigap/<app>/classification.py`` with a dict per model name::

       from sigap.core.classification import Level, plaintext

       CLASSIFICATION = {
           "Referral": {"id": Level.INTERNAL, "agency": Level.INTERNAL, "reason": Level.SPECIFIC},
       }

2. Or a class attribute on the model (handy for core's own models, whose app module is this file)::

       class ReferenceCode(models.Model):
           data_classification: ClassVar[dict] = {"id": Level.INTERNAL, "label": Level.PUBLIC}

Every concrete field and many-to-many field (inherited ones too) must be listed by name. A personal or
specific field that cannot be encrypted (staff login fields) is written ``plaintext(Level.PERSONAL,
"reason")``: the reason is the documented exception. Models of third-party apps are classified as a whole
in :data:`THIRD_PARTY`. ``sigap/core/tests/test_classification.py`` fails on any gap (``problems()``).
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from typing import Any

from django.apps import AppConfig, apps
from django.db import models
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

PROJECT_APP_PREFIXES = ("sigap.", "tests.")


class Level(models.TextChoices):
    """Classification levels, least to most sensitive."""

    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    PERSONAL = "personal", _("Personal")
    SPECIFIC = "specific", _("Specific personal data")


SENSITIVE = frozenset({Level.PERSONAL, Level.SPECIFIC})


@dataclass(frozen=True)
class Plaintext:
    """A personal/specific field deliberately stored unencrypted, with the reason why."""

    level: Level
    reason: str


def plaintext(level: Level, reason: str) -> Plaintext:
    """Mark a sensitive field as an explicit, justified exception to "personal data is encrypted"."""
    return Plaintext(level, reason)


Entry = Level | Plaintext

# sigap.core's own models (reference lists etc.) may be listed here or carry ``data_classification``.
CLASSIFICATION: dict[str, dict[str, Entry]] = {}

# Third-party models, classified as a whole: (level, why).
THIRD_PARTY: dict[str, tuple[Level, str]] = {
    "admin.LogEntry": (Level.INTERNAL, "Admin change log of reference data and users; no case data is in admin."),
    "auth.Permission": (Level.PUBLIC, "Permission names from the code."),
    "auth.Group": (Level.INTERNAL, "Group names; roles live on Membership."),
    "contenttypes.ContentType": (Level.PUBLIC, "Model names from the code."),
    "sessions.Session": (Level.PERSONAL, "Session data holds the user id and MFA state; server-side only."),
    "otp_totp.TOTPDevice": (Level.INTERNAL, "Second-factor secrets of staff accounts (credentials)."),
    "otp_static.StaticDevice": (Level.INTERNAL, "Second-factor backup devices of staff (credentials)."),
    "otp_static.StaticToken": (Level.INTERNAL, "Second-factor backup codes of staff (credentials)."),
    "axes.AccessAttempt": (Level.PERSONAL, "Failed logins: username, IP and user agent of staff."),
    "axes.AccessAttemptExpiration": (Level.INTERNAL, "Expiry time of a lockout."),
    "axes.AccessLog": (Level.PERSONAL, "Logins: username, IP and user agent of staff."),
    "axes.AccessFailureLog": (Level.PERSONAL, "Failed logins: username, IP and user agent of staff."),
    "django_tasks_database.DBTaskResult": (
        Level.INTERNAL,
        "Background task queue; tasks carry ids only, never personal values.",
    ),
}


def is_project_app(app_config: AppConfig) -> bool:
    return app_config.name.startswith(PROJECT_APP_PREFIXES)


def classified_field_names(model: type[models.Model]) -> list[str]:
    """The names that must be classified: concrete fields and forward many-to-many fields."""
    meta = model._meta
    return [f.name for f in [*meta.fields, *meta.many_to_many]]


def _app_entries(app_config: AppConfig) -> dict[str, dict[str, Entry]]:
    if app_config.name == "sigap.core":
        return CLASSIFICATION
    if app_config.module is None or not module_has_submodule(app_config.module, "classification"):
        return {}
    module = importlib.import_module(f"{app_config.name}.classification")
    found: Any = getattr(module, "CLASSIFICATION", {})
    return dict(found)


def registry() -> dict[str, dict[str, Entry]]:
    """Entries by model label (``app_label.Model``) then field name, from every project app."""
    result: dict[str, dict[str, Entry]] = {}
    for app_config in apps.get_app_configs():
        if not is_project_app(app_config):
            continue
        by_name = _app_entries(app_config)
        for model in app_config.get_models():
            entries: dict[str, Entry] = dict(by_name.get(model.__name__, {}))
            entries.update(getattr(model, "data_classification", {}) or {})
            result[model._meta.label] = entries
        for name in by_name:
            if name not in {m.__name__ for m in app_config.get_models()}:
                # A stale entry for a deleted or renamed model: reported by problems().
                result[f"{app_config.label}.{name}"] = dict(by_name[name])
    return result


@functools.lru_cache(maxsize=1)
def _cached_registry() -> dict[str, dict[str, Entry]]:
    # level_of() runs on every audited write: build the registry once per process.
    return registry()


def level_of(model: type[models.Model], field_name: str) -> Level:
    """The level of a field; an unclassified field counts as SPECIFIC (fail closed)."""
    label = model._meta.label
    if not is_project_app(model._meta.app_config):
        return THIRD_PARTY.get(label, (Level.SPECIFIC, ""))[0]
    entry = _cached_registry().get(label, {}).get(field_name)
    if entry is None:
        return Level.SPECIFIC
    return entry.level if isinstance(entry, Plaintext) else Level(entry)


def is_personal(model: type[models.Model], field_name: str) -> bool:
    """True for personal and specific fields (and unclassified ones): never log or audit their values."""
    return level_of(model, field_name) in SENSITIVE


def is_protected_field(field: Any) -> bool:
    """An encrypted field or a keyed hash (blind index / name token): safe for personal data at rest."""
    from sigap.core.crypto.fields import BlindHashField, EncryptedFieldMixin

    return isinstance(field, (EncryptedFieldMixin, BlindHashField))


def plaintext_exceptions() -> dict[str, str]:
    """``app_label.Model.field`` → reason, for every sensitive field stored in plaintext on purpose."""
    return {
        f"{label}.{name}": entry.reason
        for label, entries in registry().items()
        for name, entry in entries.items()
        if isinstance(entry, Plaintext)
    }


def problems() -> list[str]:
    """Everything wrong with the registry, one line each; empty when every field is classified."""
    found: list[str] = []
    reg = registry()
    project_labels = set()
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        if not is_project_app(model._meta.app_config):
            if label not in THIRD_PARTY and not model._meta.auto_created:
                found.append(f"{label}: third-party model not classified in THIRD_PARTY.")
            continue
        if model._meta.auto_created:  # implicit many-to-many tables follow their field
            continue
        project_labels.add(label)
        entries = reg.get(label, {})
        names = classified_field_names(model)
        for name in names:
            entry = entries.get(name)
            if entry is None:
                found.append(f"{label}.{name}: not classified.")
                continue
            level = entry.level if isinstance(entry, Plaintext) else entry
            if level not in Level.values:
                found.append(f"{label}.{name}: unknown level {level!r}.")
                continue
            field = model._meta.get_field(name)
            if isinstance(entry, Plaintext):
                if not entry.reason.strip():
                    found.append(f"{label}.{name}: a plaintext exception needs a reason.")
                if level not in SENSITIVE:
                    found.append(f"{label}.{name}: plaintext() is only for personal or specific fields.")
                if is_protected_field(field):
                    found.append(f"{label}.{name}: marked plaintext but is encrypted; drop plaintext().")
            elif level in SENSITIVE and not is_protected_field(field):
                found.append(f"{label}.{name}: {level} but not encrypted (encrypt it or justify with plaintext()).")
        for name in sorted(set(entries) - set(names)):
            found.append(f"{label}.{name}: classified but no such field.")
    for label in sorted(set(reg) - project_labels):
        found.append(f"{label}: classified but no such model.")
    return found
