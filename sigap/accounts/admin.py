"""Django admin registrations of the accounts app (the site itself is in admin_site.py).

Case and person models are never registered in the admin. Passwords are never set here (AUTH-08):
users set their own through a one-time link. TOTP secrets are not shown either.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import Membership, SecurityEvent, Unit, User

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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


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
