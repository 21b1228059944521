"""What the assistance app puts in the page shell: the unit's planned outreach visits (intake team and HEAD),
"my week" and the unit calendar, the shelters, and the unit's rooms in the menu (the menu shows an entry only to the roles its
view admits). Called from ``AssistanceConfig.ready()``.

The services the unit delivers (outreach, unit calendar, shelters, rooms) share one "Services" dropdown when a
user has two of them or more: with every entry on the bar a HEAD's menu was wider than a 1280 px laptop
(fresh-eyes walk of #12, D55). "My week" stays on the bar: it is an expert's daily page.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sigap.accounts.models import Role
from sigap.core.navigation import SERVICES_GROUP, NavGroup, entry, nav_register, nav_register_group

SERVICES = SERVICES_GROUP


def register_shell() -> None:
    nav_register_group(NavGroup(SERVICES, pgettext_lazy("menu", "Services"), order=34))
    nav_register(entry("outreach", _("Outreach"), "assistance:unit_visits", order=22, group=SERVICES))
    nav_register(entry("calendar", _("My week"), "assistance:calendar_mine", order=32))
    nav_register(entry("calendar_unit", _("Unit calendar"), "assistance:calendar_unit", order=33, group=SERVICES))
    # The unit's shelters in the menu of those who manage them (case staff reach them from a case).
    nav_register(
        entry(
            "shelters",
            _("Shelters"),
            "assistance:shelter_list",
            roles=(Role.HEAD, Role.UNIT_ADMIN),
            order=45,
            group=SERVICES,
        )
    )
    nav_register(entry("rooms", _("Rooms"), "assistance:room_list", order=85, group=SERVICES))
