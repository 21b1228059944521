"""Forms of the login and second-factor pages. Every bad input gets a clear message, never a 500."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

# One message for an unknown user, a wrong password and a deactivated account (AUTH-09).
INVALID_LOGIN = _("The username or password is not correct.")


class LoginForm(AuthenticationForm):
    """Django's login form with one answer for every failure and bounded input sizes."""

    error_messages = {
        "invalid_login": INVALID_LOGIN,
        "inactive": INVALID_LOGIN,
    }

    # A bound on the password keeps a hostile multi-megabyte "password" away from Argon2.
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "form-control"}),
    )

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update({"class": "form-control", "autocapitalize": "none"})

    def clean(self) -> dict[str, Any]:
        # Field errors (too long, NUL bytes) are answered like a wrong password: nothing is
        # revealed, and authenticate() is not called with input that could never match.
        if self.errors:
            raise self.get_invalid_login_error()
        return super().clean()


def _digits(value: str) -> str:
    return re.sub(r"[\s-]", "", value)


class TotpCodeForm(forms.Form):
    """A six-digit code from the authenticator app (enrolment and backup-code regeneration)."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "form-control",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        code = _digits(self.cleaned_data["code"])
        if not re.fullmatch(r"[0-9]{6}", code):
            raise forms.ValidationError(_("Enter the six digits shown in the app."), code="format")
        return code


class MfaVerifyForm(forms.Form):
    """The second step of the login: an authenticator code or one backup code."""

    code = forms.CharField(
        label=_("Code from the app, or a backup code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "class": "form-control",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not re.fullmatch(r"[0-9A-Za-z \-]{6,40}", code):
            raise forms.ValidationError(
                _("Enter the six digits from the app, or one backup code such as abcde-fghjk."), code="format"
            )
        return code


class StepUpForm(MfaVerifyForm):
    """Step-up before a sensitive action (SESS-05): the password again and a second-factor code."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "form-control"}),
    )
    field_order = ["password", "code"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.pop("autofocus", None)
        self.fields["password"].widget.attrs["autofocus"] = True
        if not settings.SIGAP_REQUIRE_MFA:
            del self.fields["code"]
