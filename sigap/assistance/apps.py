"""The services the unit delivers on a case (issue #12): accompaniment sessions by the unit's experts, the
appointments calendar, the legal-process track, outreach, temporary shelter, mediation and attachments.

A floor above intake (it reads complaints for outreach) and below reports (which count what was delivered).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "sigap.assistance"
    label = "assistance"
    verbose_name = _("Services to victims")

    def ready(self) -> None:
        from sigap.assistance.timeline import attachment_event_text
        from sigap.cases.timeline.case import timeline_text_register

        timeline_text_register(attachment_event_text)
        # The case timeline names session events (sigap.cases stands below and cannot import this app).
        from sigap.assistance.timeline import register_timeline

        register_timeline()
        from sigap.assistance.kinds import register_legal_kinds

        register_legal_kinds()
        from sigap.assistance.kinds import register_assistance_kinds

        register_assistance_kinds()
        from sigap.assistance.kinds import register_shelter_kinds

        register_shelter_kinds()
        # The unit's shelters in the menu of those who manage them (case staff reach them from a case).
        from sigap.accounts.models import Role
        from sigap.core.navigation import entry, nav_register

        nav_register(
            entry("shelters", _("Shelters"), "assistance:shelter_list", roles=(Role.HEAD, Role.UNIT_ADMIN), order=45)
        )
