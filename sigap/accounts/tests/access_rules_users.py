"""Access matrix of user administration: UNIT_ADMIN only, own unit only, actions POST only."""

from conftest import make_user
from sigap.accounts.models import Role, User
from sigap.core.testing.access import NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Rule, public, staff


def _own(p):
    """A Kukar user who is no persona: the admin's actions on them must not log a persona out."""
    user = User.objects.filter(username="matrix_target").first()
    if user is None:
        user = make_user("matrix_target", p.kukar, Role.INTAKE)
    return {"pk": user.pk}


def _other(p):  # a user of another unit (Samarinda): must look like it does not exist
    return {"pk": p["other_case_manager"].pk}


ADMIN_ONLY = ["UNIT_ADMIN"]
ACTIONS = [
    ("accounts:user_change_role", {"role": "EXPERT"}),
    ("accounts:user_deactivate", {}),
    ("accounts:user_reactivate", {}),
    ("accounts:user_reset_mfa", {}),
    ("accounts:user_password_link", {}),
]

RULES = [
    Rule("accounts:user_list", staff(ADMIN_ONLY)),
    Rule("accounts:user_create", staff(ADMIN_ONLY)),
    Rule(
        "accounts:user_create",
        staff(ADMIN_ONLY, ok=REDIRECT),
        method="POST",
        data=lambda p: {
            "username": "new_person",
            "full_name": "New Person",
            "email": "",
            "phone": "",
            "role": "INTAKE",
        },
    ),
    Rule("accounts:user_detail", staff(ADMIN_ONLY), kwargs=_own),
    Rule("accounts:user_detail", staff(ADMIN_ONLY, admin=NOT_FOUND), kwargs=_other),
    Rule("accounts:user_edit", staff(ADMIN_ONLY), kwargs=_own),
    Rule("accounts:user_edit", staff(ADMIN_ONLY, admin=NOT_FOUND), kwargs=_other),
    Rule(
        "accounts:user_edit",
        staff(ADMIN_ONLY, ok=REDIRECT),
        method="POST",
        kwargs=_own,
        data={"full_name": "Matrix Target", "email": "", "phone": ""},
    ),
    Rule(
        "accounts:user_edit",
        staff(ADMIN_ONLY, admin=NOT_FOUND),
        method="POST",
        kwargs=_other,
        data={"full_name": "Taken Over", "email": "x@example.org", "phone": ""},
    ),
    # A reactivation of an active user is refused with a message: still a redirect back.
    *[Rule(name, staff(ADMIN_ONLY, ok=REDIRECT), method="POST", kwargs=_own, data=data) for name, data in ACTIONS],
    *[
        Rule(name, staff(ADMIN_ONLY, admin=NOT_FOUND), method="POST", kwargs=_other, data=data)
        for name, data in ACTIONS
    ],
    # Actions change state: a GET must never run them.
    *[Rule(name, staff(ADMIN_ONLY, ok=NOT_ALLOWED), kwargs=_own) for name, _data in ACTIONS],
    # A garbled link gives the "link does not work" page to everyone, logged in or not.
    Rule("accounts:password_set", public(OK), kwargs=lambda p: {"uidb64": "xx", "token": "garbled-token"}),
]
