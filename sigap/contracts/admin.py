"""Django admin registrations of the contracts app: the unit's rating scale, a setting like the unit's own
(superusers only, as every admin page). Contracts and decisions are never edited here: they are written by the
services, with their audit events."""

from __future__ import annotations

from django.contrib import admin

from sigap.contracts.models import EvaluationScale


@admin.register(EvaluationScale)
class EvaluationScaleAdmin(admin.ModelAdmin):
    list_display = ("unit", "lowest", "highest")
