"""Django admin registrations of the accounts app (the site itself is in admin_site.py).

Case and person models are never registered in the admin. Passwords are never set here (AUTH-08):
users set their own through a one-time link. TOTP secrets are not shown either. The superuser is the
second person of the two-person rule: role changes, MFA resets and password links made here go through
the services of ``services_users`` (``Channel.DJANGO_ADMIN``), so they are recorded and e-mailed.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import Membership, SecurityEvent, Unit, User
from sigap.accounts.services.users import (
    Channel,
    UserAdminError,
    memberships_changed,
    user_change_role,
    user_password_link_issue,
    user_reset_mfa,
)

# django-otp's TOTP admin shows each device's secret as a QR code: nobody but its owner may see it.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "region_code", "level", "case_number_prefix", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "short_name", "region_code"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["unit", "role", "is_active"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Users without the password field: accounts are made by user administration or the CLI."""

    list_display = ["username", "full_name", "email", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email"]
    fields = ["username", "full_name", "email", "phone", "is_active", "is_staff", "is_superuser", "last_login"]
    readonly_fields = ["last_login"]
    inlines = [MembershipInline]
    actions = ["reset_mfa", "issue_password_link"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: BaseModelFormSet, change: bool) -> None:
        """A role changed in the membership inline goes through ``user_change_role`` (the second person of
        the two-person rule): security event, end of the user's sessions and e-mail notice (AUTH-10)."""
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        pending: list[tuple[int, str]] = []
        for inline_form in formset.initial_forms:
            membership = inline_form.instance
            deleted = formset.can_delete and inline_form.cleaned_data.get("DELETE", False)
            if "role" in inline_form.changed_data and not deleted:
                pending.append((membership.pk, membership.role))
                membership.role = inline_form.initial["role"]  # saved unchanged here; the service changes it
        super().save_formset(request, form, formset, change)
        for pk, role in pending:
            user_change_role(
                actor=cast(User, request.user),
                membership=Membership.objects.get(pk=pk),
                role=role,
                request=request,
                channel=Channel.DJANGO_ADMIN,
            )

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        """After the memberships are saved: a membership added or switched off here, or the user switched
        off, changes who holds which role, so the apps that keep work per role hear of it (as after the
        user-administration services)."""
        super().save_related(request, form, formsets, change)
        units = {membership.unit for membership in Membership.objects.filter(user=form.instance).select_related("unit")}
        for unit in sorted(units, key=lambda unit: unit.pk):
            memberships_changed(unit)

    def _each_member(self, request: HttpRequest, queryset: QuerySet[User], action: Any) -> None:
        for user in queryset:
            membership = Membership.objects.filter(user=user, is_active=True).first()
            if membership is None:
                self.message_user(request, _("%(user)s has no active membership.") % {"user": user}, messages.WARNING)
                continue
            try:
                action(user, membership)
            except UserAdminError as error:
                self.message_user(request, f"{user}: {error.message}", messages.ERROR)

    @admin.action(description=gettext_lazy("Reset two-factor login (the user is e-mailed)"))
    def reset_mfa(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        def act(user: User, membership: Membership) -> None:
            user_reset_mfa(
                actor=cast(User, request.user),
                membership=membership,
                request=request,
                channel=Channel.DJANGO_ADMIN,
            )
            self.message_user(request, _("Two-factor login reset for %(user)s.") % {"user": user}, messages.SUCCESS)

        self._each_member(request, queryset, act)

    @admin.action(description=gettext_lazy("E-mail a one-time password link"))
    def issue_password_link(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        # The page never shows a link: a user without e-mail gets theirs from `manage.py user_recover`,
        # which prints it on the server for a hand-over in person.
        def act(user: User, membership: Membership) -> None:
            if not user.email:
                message = _("%(user)s has no e-mail address: run manage.py user_recover --password-link on the server.")
                self.message_user(request, message % {"user": user}, messages.WARNING)
                return
            user_password_link_issue(
                actor=cast(User, request.user),
                membership=membership,
                request=request,
                channel=Channel.DJANGO_ADMIN,
            )
            self.message_user(request, _("A password link was e-mailed to %(user)s.") % {"user": user})

        self._each_member(request, queryset, act)


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only: security events are appended by the application, never edited."""

    list_display = ["created_at", "kind", "subject", "actor", "unit", "ip_address"]
    list_filter = ["kind", "unit"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
