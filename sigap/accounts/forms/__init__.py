"""accounts: forms, one module per concern; the public names are re-exported here."""

from sigap.accounts.forms.auth import (
    INVALID_LOGIN,
    LoginForm,
    MfaVerifyForm,
    StepUpForm,
    TotpCodeForm,
)
from sigap.accounts.forms.users import (
    ACTIVE_CHOICES,
    GRANTABLE_ROLE_CHOICES,
    SECOND_PERSON,
    PasswordSetForm,
    UserCreateForm,
    UserFilterForm,
    UserRoleForm,
)

__all__ = [
    "ACTIVE_CHOICES",
    "GRANTABLE_ROLE_CHOICES",
    "INVALID_LOGIN",
    "LoginForm",
    "MfaVerifyForm",
    "PasswordSetForm",
    "SECOND_PERSON",
    "StepUpForm",
    "TotpCodeForm",
    "UserCreateForm",
    "UserFilterForm",
    "UserRoleForm",
]
