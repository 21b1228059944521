"""The reference lists in the Django admin: superusers only, and read-only.

definitions.py is the single source of the codes (reviewed in code, versioned by load_reference);
an edit made in the admin would silently disagree with it, so the admin shows the lists and their
codes, retired ones included, but changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sigap.core.models import Code, CodeList


class _ReadOnlyForSuperusers:
    """View permission for active superusers; no add, change or delete for anyone."""

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CodeInline(_ReadOnlyForSuperusers, admin.TabularInline):
    model = Code
    fk_name = "code_list"
    extra = 0
    fields = ("code", "label_id", "label_en", "parent", "order", "is_active", "is_selectable", "note")
    readonly_fields = fields
    ordering = ["order", "code"]


@admin.register(CodeList)
class CodeListAdmin(_ReadOnlyForSuperusers, admin.ModelAdmin):
    list_display = ["key", "name_id", "name_en", "version", "updated_at"]
    search_fields = ["key", "name_id", "name_en"]
    readonly_fields = ["key", "name_id", "name_en", "description", "version", "updated_at"]
    inlines = [CodeInline]


@admin.register(Code)
class CodeAdmin(_ReadOnlyForSuperusers, admin.ModelAdmin):
    list_display = ["code", "label_id", "label_en", "code_list", "parent", "is_active", "is_selectable"]
    list_filter = ["code_list", "is_active"]
    search_fields = ["code", "label_id", "label_en"]
    list_select_related = ["code_list", "parent"]
    readonly_fields = [
        "code_list",
        "code",
        "label_id",
        "label_en",
        "parent",
        "order",
        "is_active",
        "is_selectable",
        "note",
    ]
