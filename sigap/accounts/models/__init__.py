"""accounts: models, one module per concern; the public names are re-exported here."""

from sigap.accounts.models.drafts import KeptDraft
from sigap.accounts.models.mfa import (
    BACKUP_CODE_ALPHABET,
    BACKUP_CODE_COUNT,
    BACKUP_CODE_LENGTH,
    BackupCode,
    BackupCodeDevice,
    normalise_backup_code,
)
from sigap.accounts.models.sessions import (
    UserSession,
)
from sigap.accounts.models.users import (
    Membership,
    Role,
    SecurityEvent,
    Unit,
    User,
    validate_time_zone,
)

__all__ = [
    "BACKUP_CODE_ALPHABET",
    "BACKUP_CODE_COUNT",
    "BACKUP_CODE_LENGTH",
    "BackupCode",
    "BackupCodeDevice",
    "KeptDraft",
    "Membership",
    "Role",
    "SecurityEvent",
    "Unit",
    "User",
    "UserSession",
    "normalise_backup_code",
    "validate_time_zone",
]
