"""Units (UPTD PPA), users, roles and memberships, and the security-event log."""

from __future__ import annotations

import zoneinfo

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone."))


class Unit(models.Model):
    """A UPTD PPA: the regional unit that owns every case-related row (the tenant of Sigap).

    A regency/city unit (``level=REGENCY``) serves one kabupaten/kota; a province unit serves the
    province and sees its regencies only in aggregate (LEADERSHIP). A NATIONAL unit (KemenPPPA) has no
    cases of its own: its LEADERSHIP sees every unit in aggregate (``sigap.reports``). ``region_code`` is
    the Kemendagri code of the area it serves (``64.02`` = Kutai Kartanegara); ``00`` for the national
    unit, and only for it (no Kemendagri area has that code).
    """

    class Level(models.TextChoices):
        REGENCY = "REGENCY", _("Regency / city")
        PROVINCE = "PROVINCE", _("Province")
        NATIONAL = "NATIONAL", _("National")

    NATIONAL_REGION_CODE = "00"

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.REGENCY)
    region_code = models.CharField(
        _("region code"),
        max_length=13,
        validators=[RegexValidator(r"^\d{2}(\.\d{2})?$", _("Use a province (64) or regency code (64.02)."))],
        help_text=_("Kemendagri code of the area the unit serves, e.g. 64.02."),
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    letterhead_lines = models.TextField(
        _("letterhead lines"), blank=True, help_text=_("One line per row, printed at the top of letters.")
    )
    time_zone = models.CharField(
        _("time zone"), max_length=40, default="Asia/Makassar", validators=[validate_time_zone]
    )
    case_number_prefix = models.CharField(
        _("case-number prefix"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9-]{2,20}$", _("Capital letters, digits and hyphens only."))],
        help_text=_("Case numbers read <prefix>/<year>/<sequence>, e.g. PPA-KKR/2026/0001."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            # The national unit, and only it, uses "00" (region_code stays required and keeps its format).
            models.CheckConstraint(
                condition=(Q(level="NATIONAL") & Q(region_code="00")) | (~Q(level="NATIONAL") & ~Q(region_code="00")),
                name="unit_national_region_code",
                violation_error_message=_("The national unit, and only it, has the region code 00."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def letterhead(self) -> list[str]:
        return [line for line in self.letterhead_lines.splitlines() if line.strip()]

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Role(models.TextChoices):
    """The roles of ARCHITECTURE §3. Views ask the predicates below, never compare strings."""

    UNIT_ADMIN = "UNIT_ADMIN", _("Unit administrator")
    HEAD = "HEAD", _("Head of unit")
    INTAKE = "INTAKE", _("Intake officer")
    CASE_MANAGER = "CASE_MANAGER", _("Case manager")
    EXPERT = "EXPERT", _("Expert")
    DATA_OFFICER = "DATA_OFFICER", _("Data officer")
    PARTNER = "PARTNER", _("Partner agency officer")
    LEADERSHIP = "LEADERSHIP", _("Leadership (aggregates)")
    AUDITOR = "AUDITOR", _("Auditor")


class User(AbstractUser):
    """A person who logs in to Sigap. Named individual accounts only (AUTH-01).

    ``session_generation`` is copied into each session at login; raising it ends every open session
    of the user at their next request (deactivation, role change, MFA reset).
    """

    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    password_set_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()  # type: ignore[misc]

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.username

    @property
    def membership(self) -> Membership | None:
        """The user's active membership, cached on the instance for the request."""
        cached = self.__dict__.get("_active_membership", False)
        if cached is not False:
            return cached
        found = (
            Membership.objects.select_related("unit").filter(user=self, is_active=True, unit__is_active=True).first()
        )
        self.__dict__["_active_membership"] = found
        return found


class Membership(models.Model):
    """A user's role in one unit. A user has at most one active membership (constraint below)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit"), db_index=False
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(is_active=True), name="membership_one_active_per_user"
            ),
        ]
        indexes = [models.Index(fields=["unit", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"

    # Named predicates: templates and views ask these, never compare role strings.
    @property
    def is_staff_role(self) -> bool:
        return self.role != Role.PARTNER

    @property
    def can_manage_users(self) -> bool:
        return self.role == Role.UNIT_ADMIN

    @property
    def can_see_unit_cases(self) -> bool:
        return self.role == Role.HEAD

    @property
    def can_read_audit(self) -> bool:
        return self.role in {Role.HEAD, Role.AUDITOR}

    @property
    def sees_aggregates_only(self) -> bool:
        return self.role in {Role.LEADERSHIP, Role.DATA_OFFICER}


class SecurityEvent(models.Model):
    """A login, failed login, lockout, MFA change, role change or deactivation (append-only in use).

    Holds ids and event names only: never a password, an OTP, a session key or the attempted
    username of a failed login beyond what is needed to count attempts (it is stored hashed).
    """

    class Kind(models.TextChoices):
        LOGIN = "LOGIN", _("Login")
        LOGIN_FAILED = "LOGIN_FAILED", _("Failed login")
        LOCKOUT = "LOCKOUT", _("Lockout")
        LOGOUT = "LOGOUT", _("Logout")
        MFA_VERIFIED = "MFA_VERIFIED", _("Second factor passed")
        MFA_FAILED = "MFA_FAILED", _("Second factor failed")
        MFA_ENROLLED = "MFA_ENROLLED", _("MFA enrolled")
        MFA_RESET = "MFA_RESET", _("MFA reset")
        BACKUP_CODE_USED = "BACKUP_CODE_USED", _("Backup code used")
        BACKUP_CODES_REGENERATED = "BACKUP_CODES_REGENERATED", _("Backup codes regenerated")
        USER_CREATED = "USER_CREATED", _("User created")
        USER_UPDATED = "USER_UPDATED", _("Name or contact details corrected")
        ROLE_CHANGED = "ROLE_CHANGED", _("Role changed")
        USER_DEACTIVATED = "USER_DEACTIVATED", _("User deactivated")
        USER_REACTIVATED = "USER_REACTIVATED", _("User reactivated")
        PASSWORD_LINK_SENT = "PASSWORD_LINK_SENT", _("Password link issued")
        PASSWORD_SET = "PASSWORD_SET", _("Password set")
        SESSION_ENDED = "SESSION_ENDED", _("Session ended by policy")
        STEP_UP = "STEP_UP", _("Identity confirmed again (step-up)")
        STEP_UP_FAILED = "STEP_UP_FAILED", _("Step-up failed")

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="security_events_done"
    )
    subject = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="security_events")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, db_index=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["unit", "kind", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind}"
