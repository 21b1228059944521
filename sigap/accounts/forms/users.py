"""Forms of user administration. Explicit fields only: the unit is never a form field (set server-side).

There is no password field anywhere here: the admin never sees or sets a password.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Role, User
from sigap.accounts.services.users import RESERVED_USERNAMES, SECOND_PERSON_ROLE, role_is_privileged
from sigap.core.crypto.normalise import validate_phone

ACTIVE_CHOICES = [("", _("All")), ("yes", _("Active")), ("no", _("Deactivated"))]


# The roles the unit admin may give: the privileged ones need the system superuser (two-person rule).
GRANTABLE_ROLE_CHOICES = [(value, label) for value, label in Role.choices if not role_is_privileged(value)]
SECOND_PERSON = "second_person"


def _grantable_only(field: forms.Field) -> None:
    # The list offers only what the admin may give; a privileged role still validates as a choice so
    # that clean_role can answer it with the clear "ask the system administrator" message.
    field.widget.choices = GRANTABLE_ROLE_CHOICES
    field.help_text = SECOND_PERSON_ROLE


def _clean_grantable(role: str) -> str:
    if role_is_privileged(role):
        raise forms.ValidationError(SECOND_PERSON_ROLE, code=SECOND_PERSON)
    return role


def _bootstrap(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class UserCreateForm(forms.Form):
    """A new user of the admin's unit. The user chooses their password later, through a one-time link."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Used to log in. Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        help_text=_("The password link is sent here. Leave empty if the user has no e-mail: you hand over the link."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        validators=[validate_phone],
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _grantable_only(self.fields["role"])
        _bootstrap(self)

    def clean_role(self) -> str:
        return _clean_grantable(self.cleaned_data["role"])

    def clean_username(self) -> str:
        username = User.normalize_username(self.cleaned_data["username"].strip())
        if username.lower() in RESERVED_USERNAMES:
            raise forms.ValidationError(_("This username is reserved. Use a name that identifies one person."))
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is already taken."))
        return username


class UserContactForm(forms.Form):
    """The unit admin corrects a user's name, e-mail and phone (same rules as when the user was created)."""

    full_name = UserCreateForm.base_fields["full_name"]
    email = UserCreateForm.base_fields["email"]
    phone = UserCreateForm.base_fields["phone"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class UserRoleForm(forms.Form):
    """The new role of a user (never a privileged one: see ``services_users.PRIVILEGED_ROLES``)."""

    SECOND_PERSON = SECOND_PERSON

    role = forms.ChoiceField(label=_("New role"), choices=Role.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _grantable_only(self.fields["role"])
        _bootstrap(self)

    def clean_role(self) -> str:
        return _clean_grantable(self.cleaned_data["role"])


class UserFilterForm(forms.Form):
    """Search and filters of the user list (a GET form: bad values are ignored with a message)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices])
    active = forms.ChoiceField(label=_("State"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)
        self.fields["q"].widget.attrs["placeholder"] = _("Name or username")

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``unit_member_list``; empty when the input is not valid."""
        if not self.is_valid():
            return {}
        active = {"yes": True, "no": False}.get(self.cleaned_data["active"])
        return {"query": self.cleaned_data["q"].strip(), "role": self.cleaned_data["role"], "active": active}


class PasswordSetForm(SetPasswordForm):
    """The user's own new password, checked against ``AUTH_PASSWORD_VALIDATORS``.

    Saving goes through the ``user_password_set`` service (not ``form.save``) so the event is recorded.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)
