"""Data classification of the contracts app (DATA-01); see sigap.core.classification.

A contract is the unit's procurement of a service: its terms (number, post, prices, dates, duties) are the
unit's business records, shown to the finance office. What the HEAD writes about the expert's work (notes,
conditions, the reason for ending) is personal data about the expert: encrypted, never in the audit trail.
"""

from __future__ import annotations

from sigap.core.classification import Entry, Level, plaintext

_I = Level.INTERNAL

CLASSIFICATION: dict[str, dict[str, Entry]] = {
    "Contract": {
        **{
            name: _I
            for name in [
                "id",
                "unit",
                "expert",
                "number",
                "post",
                "profession",
                "fiscal_year",
                "funding_source",
                "fee_basis",
                "unit_price",
                "amount",
                "start",
                "end",
                "duties",
                "state",
                "previous",
                "document_type",
                "document_storage",
                "created_at",
                "created_by",
                "ended_at",
            ]
        },
        "document_name": Level.PERSONAL,
        "document_key": Level.PERSONAL,
    },
    "ContractPeriod": {
        name: _I for name in ["id", "contract", "number", "start", "end", "is_last", "state", "opened_at"]
    },
    "PeriodDecision": {
        **{name: _I for name in ["id", "period", "decision", "supersedes", "decided_at", "decided_by"]},
        # Scores about a named expert's work are personal; small integers the page and the record print, kept in
        # plain JSON (nothing to search or leak by themselves), and never written into the audit trail.
        "scale": _I,  # the unit's rating scale as it was when decided: bounds, words, criteria (nobody's data)
        "ratings": plaintext(Level.PERSONAL, "Scores 1-5 per criterion: shown and printed, never in the audit trail."),
        "notes": Level.PERSONAL,
        "conditions": Level.PERSONAL,
        "reason": Level.PERSONAL,
        "supersede_reason": Level.PERSONAL,
    },
    "EvaluationScale": {name: _I for name in ["id", "unit", "lowest", "highest", "words", "criteria"]},
}
