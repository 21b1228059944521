"""What the services app puts in the page shell: the unit's planned outreach visits in the menu (intake team and
HEAD; the menu shows an entry only to the roles its view admits). Called from ``AssistanceConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.core.navigation import entry, nav_register


def register_shell() -> None:
    nav_register(entry("outreach", _("Outreach"), "assistance:unit_visits", order=22))
