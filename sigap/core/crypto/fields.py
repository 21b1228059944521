"""Model fields that store AES-256-GCM ciphertext (DATA-02) and the blind indexes derived from them.

Use::

    class Person(models.Model):
        name = EncryptedCharField(_("name"), max_length=200)
        nik = EncryptedCharField(_("NIK"), max_length=16, null=True, blank=True)
        nik_index = BlindIndexField(source="nik", kind=IndexKind.NIK)
        birth_date = EncryptedDateField(_("birth date"), null=True, blank=True)
        notes = EncryptedJSONField(_("notes"), default=dict, blank=True)

Rules (why in docs/security/keys.md):

- The column is ``text`` holding ``v1:<kid>:<base64>`` (see :mod:`sigap.core.crypto.aead`), bound to
  ``<db_table>.<column>``. Renaming the table or the column makes old rows unreadable: keep the old
  identity with ``column_identity="oldtable.oldcolumn"`` (or re-encrypt in a data migration).
- ``None`` is stored as NULL; every other value, the empty string included, is encrypted, so a dump does
  not tell an empty field from a filled one.
- Reading a value that does not authenticate raises :class:`~sigap.core.crypto.aead.DecryptionError`.
- An encrypted column cannot be searched, ordered meaningfully, unique or indexed: only ``isnull`` (and
  ``=None``) lookups are allowed; anything else raises ``FieldError``. Search through a blind index.
- A :class:`BlindIndexField` is computed from its source on every ``save()``. ``save(update_fields=…)``
  naming the source but not the index raises. ``QuerySet.update()`` and ``bulk_update()`` skip it: do not
  use them on a source in services (``rotate_keys --check`` reports stale indexes, ``rotate_keys`` fixes them).
"""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING, Any

from django import forms
from django.core import checks
from django.core.exceptions import FieldError, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.lookups import Exact, IsNull
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _

from sigap.core.crypto.aead import DecryptionError, decrypt_text, decrypt_text_with_kid, encrypt_text
from sigap.core.crypto.blind import IndexKind, blind_index

if TYPE_CHECKING:
    _FieldBase = models.Field[Any, Any]
else:
    _FieldBase = object


class _NullOnlyExact(Exact):
    """``field=None`` becomes ``IS NULL`` in Django; any other equality on ciphertext would never match."""

    def __init__(self, lhs: Any, rhs: Any) -> None:
        if rhs is not None:
            raise FieldError(_search_refused(lhs.output_field))
        super().__init__(lhs, rhs)


def _search_refused(field: Any) -> str:
    return (
        f"{field.model._meta.label}.{field.name} is encrypted and cannot be searched or compared; "
        "use its blind index (sigap.core.crypto.blind.blind_lookup)."
    )


class EncryptedFieldMixin(_FieldBase):
    """Encrypts on the way to the database and decrypts on the way back; see the module docstring."""

    encrypted = True

    def __init__(self, *args: Any, column_identity: str | None = None, **kwargs: Any) -> None:
        self.column_identity_override = column_identity
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.column_identity_override:
            kwargs["column_identity"] = self.column_identity_override
        return name, path, args, kwargs

    @property
    def column_identity(self) -> str:
        """``<db_table>.<column>``: the associated data binding every ciphertext to this column."""
        return self.column_identity_override or f"{self.model._meta.db_table}.{self.column}"

    def get_internal_type(self) -> str:
        return "TextField"

    # Subclasses turn their Python value into text and back.
    def to_plaintext(self, value: Any) -> str:
        return str(value)

    def from_plaintext(self, text: str) -> Any:
        return text

    def encrypt_python(self, value: Any) -> str | None:
        if value is None:
            return None
        return encrypt_text(self.to_plaintext(value), identity=self.column_identity)

    def decrypt_stored(self, stored: str) -> tuple[str, Any]:
        """``(key id, Python value)`` of a stored ciphertext (used by rotate_keys)."""
        kid, text = decrypt_text_with_kid(stored, identity=self.column_identity)
        return kid, self.from_plaintext(text)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return self.from_plaintext(decrypt_text(value, identity=self.column_identity))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if value is None or hasattr(value, "as_sql"):
            return value
        return self.encrypt_python(self.to_python(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return IsNull
        if lookup_name == "exact":
            return _NullOnlyExact
        raise FieldError(_search_refused(self))

    def get_transform(self, lookup_name: str) -> Any:
        raise FieldError(_search_refused(self))

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = list(super().check(**kwargs))
        if self.primary_key or self.unique or getattr(self, "db_index", False):
            errors.append(
                checks.Error(
                    "An encrypted field cannot be a primary key, unique or indexed: its ciphertext differs "
                    "on every write.",
                    hint="Add a BlindIndexField for exact lookups.",
                    obj=self,
                    id="sigap.E020",
                )
            )
        return errors


class EncryptedCharField(EncryptedFieldMixin, models.CharField):
    """Short text (name, NIK, phone). ``max_length`` limits the plaintext; the column is ``text``."""


class EncryptedTextField(EncryptedFieldMixin, models.TextField):
    """Long text (address, narrative, notes)."""


class EncryptedDateField(EncryptedFieldMixin, models.DateField):
    """A date (exact birth date): stored as the encrypted ISO date ``YYYY-MM-DD``."""

    def to_plaintext(self, value: Any) -> str:
        return value.isoformat()

    def from_plaintext(self, text: str) -> Any:
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise DecryptionError(f"{self.column_identity}: the decrypted value is not a date.") from None

    def contribute_to_class(self, cls: Any, name: str, **kwargs: Any) -> None:  # type: ignore[override]
        # Skip DateField's get_next_by_<name> helpers: they order by ciphertext.
        models.Field.contribute_to_class(self, cls, name, **kwargs)


class EncryptedJSONField(EncryptedFieldMixin, models.TextField):
    """Structured data (a dict or list), serialised with DjangoJSONEncoder, then encrypted as a whole."""

    # django-stubs reads these to type model attributes: any JSON value, not TextField's str.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def to_python(self, value: Any) -> Any:
        return value

    def to_plaintext(self, value: Any) -> str:
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))

    def from_plaintext(self, text: str) -> Any:
        return json.loads(text)

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        try:
            self.to_plaintext(value)
        except TypeError:
            raise ValidationError(_("Value is not valid JSON."), code="invalid_json") from None

    def value_to_string(self, obj: Any) -> str:
        return self.to_plaintext(self.value_from_object(obj))

    def formfield(self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any) -> Any:
        return models.Field.formfield(
            self,
            form_class=form_class or forms.JSONField,
            choices_form_class=choices_form_class,
            **{"encoder": DjangoJSONEncoder, **kwargs},
        )


class BlindHashField(models.CharField):
    """A keyed HMAC-SHA256 (64 hex characters) of a normalised personal value, looked up by equality.

    Not indexed by itself: declare the index in the model's ``Meta.indexes`` (alone, or after the
    column that scopes the lookup, e.g. ``(unit, token)``). ``db_index=True`` on a character column makes
    Django add, on PostgreSQL, a second ``varchar_pattern_ops`` index for ``LIKE`` that an equality lookup
    on a hash never uses, and every insert pays for both (docs/performance.md, "Redundant indexes").
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)


class BlindIndexField(BlindHashField):
    """The blind index of another field of the same model, recomputed on every ``save()``.

    ``source`` names the (usually encrypted) field; ``kind`` is an :class:`IndexKind` (nik, phone,
    exact). Empty source → NULL. Look up with ``blind_lookup("<this field>", kind, value)``.
    """

    def __init__(self, *args: Any, source: str, kind: str, **kwargs: Any) -> None:
        self.source = source
        self.kind = str(kind)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["kind"] = self.kind
        return name, path, args, kwargs

    def compute(self, instance: models.Model) -> str | None:
        value = getattr(instance, self.source)
        return blind_index(self.kind, None if value is None else str(value))

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = self.compute(model_instance)
        setattr(model_instance, self.attname, value)
        return value

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = list(super().check(**kwargs))
        if self.kind not in IndexKind.values or self.kind in (IndexKind.NAME, IndexKind.NAME_YEAR):
            errors.append(
                checks.Error(
                    f"Unknown blind-index kind {self.kind!r} for a BlindIndexField.",
                    hint="Use nik, phone or exact; name tokens live in a NameTokenIndex table.",
                    obj=self,
                    id="sigap.E021",
                )
            )
        try:
            self.model._meta.get_field(self.source)
        except Exception:
            errors.append(checks.Error(f"source {self.source!r} is not a field.", obj=self, id="sigap.E022"))
        return errors


_INDEXES_BY_MODEL: dict[type[models.Model], list[BlindIndexField]] = {}


def blind_index_fields(model: type[models.Model]) -> list[BlindIndexField]:
    """The BlindIndexFields of ``model`` (cached)."""
    if model not in _INDEXES_BY_MODEL:
        _INDEXES_BY_MODEL[model] = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
    return _INDEXES_BY_MODEL[model]


def _refuse_stale_index(sender: type[models.Model], update_fields: Any = None, **kwargs: Any) -> None:
    """``save(update_fields=["nik"])`` would leave ``nik_index`` stale: refuse it loudly."""
    if not update_fields:
        return
    for index in blind_index_fields(sender):
        if index.source in update_fields and index.name not in update_fields:
            raise ValueError(f"save(update_fields=...) names {index.source!r} but not its blind index {index.name!r}.")


pre_save.connect(_refuse_stale_index, dispatch_uid="sigap.core.crypto.refuse_stale_index", weak=False)
