"""assistance: models, one module per concern; the public names are re-exported here."""

from sigap.assistance.models.attachment import (
    Attachment,
    DocumentKind,
    FieldGroup,
    OwnerKind,
)

__all__ = [
    "Attachment",
    "DocumentKind",
    "FieldGroup",
    "OwnerKind",
]
