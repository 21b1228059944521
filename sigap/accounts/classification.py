"""Data classification of the accounts models (registry: sigap/core/classification.py)."""

from __future__ import annotations

from sigap.core.classification import Entry, Level, plaintext

_LOGIN = "Staff account: looked up at login and in user administration, so it cannot be encrypted."
_STAFF_CONTACT = "Staff work contact, shown to colleagues and used for password links; not a client's data."
_SECURITY_LOG = "Security log of staff logins (AUTH/LOG): read in incident review; staff only, never clients."

CLASSIFICATION: dict[str, dict[str, Entry]] = {
    "Unit": {
        "id": Level.INTERNAL,
        "name": Level.PUBLIC,
        "short_name": Level.PUBLIC,
        "level": Level.PUBLIC,
        "region_code": Level.PUBLIC,
        "address": Level.PUBLIC,  # the office address of a public body
        "phone": Level.PUBLIC,
        "email": Level.PUBLIC,
        "letterhead_lines": Level.PUBLIC,
        "time_zone": Level.PUBLIC,
        "case_number_prefix": Level.INTERNAL,
        "is_active": Level.INTERNAL,
        "created_at": Level.INTERNAL,
    },
    "User": {
        "id": Level.INTERNAL,
        "password": Level.INTERNAL,  # an Argon2 hash: a credential, never shown
        "last_login": Level.INTERNAL,
        "is_superuser": Level.INTERNAL,
        "username": plaintext(Level.PERSONAL, _LOGIN),
        "email": plaintext(Level.PERSONAL, _STAFF_CONTACT),
        "is_staff": Level.INTERNAL,
        "is_active": Level.INTERNAL,
        "date_joined": Level.INTERNAL,
        "full_name": plaintext(Level.PERSONAL, _LOGIN + " Shown as author on every record."),
        "phone": plaintext(Level.PERSONAL, _STAFF_CONTACT),
        "session_generation": Level.INTERNAL,
        "password_set_at": Level.INTERNAL,
        "groups": Level.INTERNAL,
        "user_permissions": Level.INTERNAL,
    },
    "Membership": {
        "id": Level.INTERNAL,
        "user": Level.INTERNAL,
        "unit": Level.INTERNAL,
        "role": Level.INTERNAL,
        "is_active": Level.INTERNAL,
        "created_at": Level.INTERNAL,
        "updated_at": Level.INTERNAL,
    },
    "SecurityEvent": {
        "id": Level.INTERNAL,
        "created_at": Level.INTERNAL,
        "kind": Level.INTERNAL,
        "actor": Level.INTERNAL,
        "subject": Level.INTERNAL,
        "unit": Level.INTERNAL,
        "ip_address": plaintext(Level.PERSONAL, _SECURITY_LOG),
        "user_agent": plaintext(Level.PERSONAL, _SECURITY_LOG),
        "request_id": Level.INTERNAL,
        "detail": Level.INTERNAL,  # ids and event names only (model docstring)
    },
    "UserSession": {
        "id": Level.INTERNAL,
        "user": Level.INTERNAL,
        "session_key": Level.INTERNAL,  # a credential like django_session's own key column, never shown
        "started_at": Level.INTERNAL,
        "device": plaintext(Level.PERSONAL, _SECURITY_LOG + " Shown to the user to recognise their own browsers."),
        "ip_address": plaintext(Level.PERSONAL, _SECURITY_LOG + " Shown to the user to recognise their own browsers."),
        "ended_at": Level.INTERNAL,
        "end_reason": Level.INTERNAL,
    },
    # Issue #21: a form refused because its session had ended, kept 30 minutes for its author (drafts.py).
    "KeptDraft": {
        "id": Level.INTERNAL,
        "user": Level.INTERNAL,
        "token_digest": Level.INTERNAL,  # SHA-256 of the cookie's random id: useless without the cookie
        "action": Level.INTERNAL,  # paths with record ids only
        "page": Level.INTERNAL,
        "fields": Level.SPECIFIC,  # whatever was typed (a case note): encrypted
        "created_at": Level.INTERNAL,
    },
    "BackupCodeDevice": {
        "id": Level.INTERNAL,
        "user": Level.INTERNAL,
        "name": Level.INTERNAL,
        "confirmed": Level.INTERNAL,
        "throttling_failure_timestamp": Level.INTERNAL,
        "throttling_failure_count": Level.INTERNAL,
        "created_at": Level.INTERNAL,
    },
    "BackupCode": {
        "id": Level.INTERNAL,
        "device": Level.INTERNAL,
        "code_hash": Level.INTERNAL,  # a hash of a one-time credential
        "used_at": Level.INTERNAL,
    },
}
