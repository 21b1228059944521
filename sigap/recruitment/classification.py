"""Data classification of the recruitment app (DATA-01); see sigap.core.classification.

What identifies an applicant (name, contacts, date of birth, sex, education, experience, credential number,
the names of their files) is personal and encrypted; the reference number is random and names nobody.
"""

from __future__ import annotations

from sigap.core.classification import Entry, Level

CLASSIFICATION: dict[str, dict[str, Entry]] = {
    "RecruitmentSettings": {"id": Level.INTERNAL, "unit": Level.INTERNAL, "retention_days": Level.INTERNAL},
    "Vacancy": {
        # A vacancy is published on the public page: nothing personal in it.
        "id": Level.PUBLIC,
        "unit": Level.PUBLIC,
        "post": Level.PUBLIC,
        "profession": Level.PUBLIC,
        "description": Level.PUBLIC,
        "requirements": Level.PUBLIC,
        "documents_required": Level.PUBLIC,
        "posts": Level.PUBLIC,
        "fiscal_year": Level.PUBLIC,
        "published_on": Level.PUBLIC,
        "closes_on": Level.PUBLIC,
        "state": Level.INTERNAL,
        "panel": Level.INTERNAL,
        "created_at": Level.INTERNAL,
        "created_by": Level.INTERNAL,
    },
    "PanelMember": {"id": Level.INTERNAL, "vacancy": Level.INTERNAL, "user": Level.INTERNAL},
    "Application": {
        "id": Level.INTERNAL,
        "vacancy": Level.INTERNAL,
        "reference": Level.INTERNAL,
        "full_name": Level.PERSONAL,
        "email": Level.PERSONAL,
        "phone": Level.PERSONAL,
        "sex": Level.PERSONAL,
        "birth_date": Level.PERSONAL,
        "education": Level.PERSONAL,
        "experience": Level.PERSONAL,
        "credential_kind": Level.INTERNAL,
        "credential_number": Level.PERSONAL,
        "credential_issuer": Level.PERSONAL,
        "credential_valid_from": Level.INTERNAL,
        "credential_valid_until": Level.INTERNAL,
        "consent_at": Level.INTERNAL,
        "submitted_at": Level.INTERNAL,
        "state": Level.INTERNAL,
        "checks": Level.INTERNAL,
        "check_note": Level.PERSONAL,
        "checked_at": Level.INTERNAL,
        "checked_by": Level.INTERNAL,
        "chosen_user": Level.INTERNAL,
        "anonymised_at": Level.INTERNAL,
        "submission_digest": Level.INTERNAL,
    },
    "ApplicationDocument": {
        "id": Level.INTERNAL,
        "application": Level.INTERNAL,
        "kind": Level.INTERNAL,
        "original_name": Level.PERSONAL,
        "content_type": Level.INTERNAL,
        "size": Level.INTERNAL,
        "sha256": Level.INTERNAL,
        "storage_name": Level.INTERNAL,
        "file_key": Level.SPECIFIC,
        "uploaded_at": Level.INTERNAL,
    },
    "Score": {
        "id": Level.INTERNAL,
        "application": Level.INTERNAL,
        "scorer": Level.INTERNAL,
        "test_score": Level.INTERNAL,
        "interview_score": Level.INTERNAL,
        "note": Level.PERSONAL,
        "scored_at": Level.INTERNAL,
    },
}
