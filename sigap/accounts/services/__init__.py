"""accounts: services, one module per concern; the public names are re-exported here."""

from sigap.accounts.services.security import (
    security_event_record,
)
from sigap.accounts.services.users import (
    MEMBERSHIP_CHANGE_HOOKS,
    PRIVILEGED_ROLES,
    RESERVED_USERNAMES,
    SECOND_PERSON_RESET,
    SECOND_PERSON_ROLE,
    Channel,
    PasswordLink,
    UserAdminError,
    memberships_changed,
    role_is_privileged,
    user_change_role,
    user_create,
    user_deactivate,
    user_password_link_issue,
    user_password_set,
    user_reactivate,
    user_reset_mfa,
)

__all__ = [
    "Channel",
    "MEMBERSHIP_CHANGE_HOOKS",
    "PRIVILEGED_ROLES",
    "PasswordLink",
    "RESERVED_USERNAMES",
    "SECOND_PERSON_RESET",
    "SECOND_PERSON_ROLE",
    "UserAdminError",
    "memberships_changed",
    "role_is_privileged",
    "security_event_record",
    "user_change_role",
    "user_create",
    "user_deactivate",
    "user_password_link_issue",
    "user_password_set",
    "user_reactivate",
    "user_reset_mfa",
]
