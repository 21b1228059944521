"""Data classification of the empowerment app (DATA-01); see sigap.core.classification.

Everything written about a household (income, debts, assets, documents, notes, reasons) is personal data:
encrypted. The indicators of a follow-up are small codes and booleans the unit counts (victims who reached
independence): personal, kept in plain columns as a documented exception, never in the audit trail.
"""

from __future__ import annotations

from sigap.core.classification import Entry, Level, plaintext

_I = Level.INTERNAL
_P = Level.PERSONAL
_COUNTED = plaintext(_P, "An indicator counted by the unit's recap (a band or yes/no); never in the audit trail.")

CLASSIFICATION: dict[str, dict[str, Entry]] = {
    "EmpowermentSettings": {
        name: _I for name in ["id", "unit", "schedule_months", "independence_definition", "updated_at", "updated_by"]
    },
    "HouseholdNeeds": {
        **{name: _I for name in ["id", "case", "created_at", "updated_at", "updated_by"]},
        **{
            name: _P
            for name in [
                "income_amount",
                "income_source",
                "employment",
                "skills",
                "assets",
                "dependants",
                "housing",
                "debts",
                "documents_missing",
                "assistance_enrolled",
                "notes",
            ]
        },
    },
    "Programme": {
        **{
            name: _I
            for name in [
                "id",
                "case",
                "kind",
                "status",
                "start",
                "end",
                "partner",
                "referral",
                "created_at",
                "created_by",
                "status_changed_at",
                "status_changed_by",
            ]
        },
        "notes": _P,
        "cancel_reason": _P,
    },
    "FollowUp": {
        **{
            name: _I
            for name in [
                "id",
                "case",
                "sequence",
                "months_after",
                "due_on",
                "status",
                "post_closure",
                "mode",
                "held_on",
                "incident",
                "item_opened_at",
                "created_at",
                "recorded_at",
                "recorded_by",
            ]
        },
        "new_violence": _COUNTED,
        "wellbeing": _COUNTED,
        "goals_progress": _COUNTED,
        "notes": _P,
    },
    "OutcomeRecord": {
        **{name: _I for name in ["id", "case", "follow_up", "recorded_at", "recorded_by"]},
        **{
            name: _COUNTED
            for name in [
                "income_band",
                "business_running",
                "employed",
                "documents_complete",
                "enrolled_assistance",
                "independent",
                "suggested_independent",
            ]
        },
    },
    "GoalsOverride": {
        **{name: _I for name in ["id", "case", "recorded_at", "recorded_by"]},
        "reason": _P,
    },
}
