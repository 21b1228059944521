"""The request as a view sees it once its access policy has let it through.

django-stubs types ``request.user`` as ``User | AnonymousUser`` and knows nothing of what our
middleware adds. The access decorators (``sigap.core.access``) decide what a view may rely on, and
these types say the same to mypy: a view marked ``staff_view`` takes a ``StaffRequest``, one marked
``login_only_view`` an ``AuthenticatedRequest``, a ``public_view`` a plain ``HttpRequest``.
``SigapRequest`` is what the middleware itself adds to every request.

They are annotations only: at run time the request is Django's own, with the attributes that
``RequestIdMiddleware`` and ``MembershipMiddleware`` put on it, and ``AccessPolicyMiddleware``
refuses the request before the view runs when they would not hold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from sigap.accounts.models import Membership, User
    from sigap.accounts.models.drafts import KeptDraft


class SigapRequest(HttpRequest):
    """Any request once our middleware has run: what the middleware itself adds."""

    # Set by RequestIdMiddleware.
    request_id: str
    # Set by MembershipMiddleware; None when logged out or without an active membership in an active unit.
    membership: Membership | None
    # Set by the session policy when it ends a session during this request (whose it was), and by the
    # drafts module once it looked for this page's kept draft (sigap.accounts.drafts).
    sigap_ended_user_id: int
    sigap_kept_draft: KeptDraft | None
    # The draft ids the cookie still names once this page's draft was taken (the other forms' drafts).
    sigap_draft_tokens_left: list[str]
    # Set as the user logs out (the session key that ends), for the signed-out cookie (sigap.accounts.drafts).
    sigap_signed_out_key: str


class AuthenticatedRequest(SigapRequest):
    """A logged-in user (``login_only_view``): the second factor may still be missing."""

    user: User


class StaffRequest(AuthenticatedRequest):
    """A logged-in user past the second factor, with an active membership whose role the view
    allows (``staff_view``). The unit is ``request.membership.unit``."""

    membership: Membership
