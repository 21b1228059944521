"""``manage.py user_recover``: the system superuser's recovery of an account, run on the server.

The unit admin cannot grant or take away the roles HEAD, UNIT_ADMIN and AUDITOR, nor reset the
second factor or issue a password link for their holders (two-person rule, review finding 3): this
command does it. Whoever can run it already controls the server and its database, so it asks for
no login; every change is recorded as a security event with no actor and ``"via": "cli"``, and the
user is e-mailed about it (AUTH-10).

Order: the role first, then the second-factor reset, then the link, so a fresh link is the last
thing printed. All of it is one transaction: a refused step leaves the account unchanged.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from sigap.accounts.models import Membership, Role, User
from sigap.accounts.services.users import (
    Channel,
    UserAdminError,
    role_is_privileged,
    user_change_role,
    user_password_link_issue,
    user_reset_mfa,
)


class Command(BaseCommand):
    help = (
        "Recover a user's account as the system superuser: change their role (also to or from Head of unit, "
        "Unit administrator, Auditor), reset their two-factor login and/or issue a one-time password link, "
        "which is printed (and e-mailed when the user has an address). Hand a printed link over in person."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The user's username (exact).")
        parser.add_argument("--role", choices=Role.values, help="Give the user this role in their unit.")
        parser.add_argument(
            "--reset-mfa", action="store_true", help="Delete all their two-factor devices and backup codes."
        )
        parser.add_argument(
            "--password-link", action="store_true", help="Issue a one-time password link (the old password stops)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        role: str | None = options["role"]
        if not (role or options["reset_mfa"] or options["password_link"]):
            raise CommandError("Nothing to do: give --role, --reset-mfa and/or --password-link.")
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError("No user with this username.")
        membership = Membership.objects.filter(user=user, is_active=True).select_related("unit").first()
        if membership is None:
            raise CommandError("This user has no active membership in a unit.")
        link_url = ""
        try:
            with transaction.atomic():
                if role:
                    changed = user_change_role(actor=None, membership=membership, role=role, channel=Channel.CLI)
                    self.stdout.write(f"Role: {role}" + ("" if changed else " (unchanged)"))
                if options["reset_mfa"]:
                    removed = user_reset_mfa(actor=None, membership=membership, channel=Channel.CLI)
                    self.stdout.write(f"Two-factor login reset: {removed} device(s) removed.")
                if options["password_link"]:
                    link = user_password_link_issue(actor=None, membership=membership, channel=Channel.CLI)
                    link_url = link.url
                    self.stdout.write(
                        "Password link issued"
                        + (" and e-mailed to the user." if link.emailed else " (the user has no e-mail address).")
                    )
        except UserAdminError as error:
            raise CommandError(error.message) from None
        if link_url:
            hours = settings.PASSWORD_RESET_TIMEOUT // 3600
            self.stdout.write(f"One-time link, valid for {hours} h. Hand it over in person; never open it yourself:")
            self.stdout.write(link_url)
            if link_url.startswith("/"):
                self.stdout.write("(SIGAP_BASE_URL is not set: put Sigap's address in front of this path.)")
        if role and role_is_privileged(role) and not (options["reset_mfa"] and options["password_link"]):
            # Someone else may have chosen this account's password and second factor (for instance the
            # unit admin, who holds the link of a user without e-mail): fresh credentials close that door.
            self.stderr.write(
                "Warning: a privileged role was granted without --reset-mfa --password-link. Do this only if "
                "you verified that the person alone set up this account's password and two-factor login."
            )
        self.stdout.write(self.style.SUCCESS("Done. The security events are recorded (via cli)."))
