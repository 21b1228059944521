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
        from sigap.assistance.shell import register_shell

        register_shell()  # outreach, calendar, shelters and rooms in the menu
        # The case timeline names this app's events (sigap.cases stands below and cannot import this app).
        from sigap.assistance.timeline import register_timeline

        register_timeline()
        from sigap.assistance.kinds import register_legal_kinds

        register_legal_kinds()
        from sigap.assistance.kinds import register_assistance_kinds

        register_assistance_kinds()
        from sigap.assistance.kinds import register_outreach_kinds

        register_outreach_kinds()
        # The intake decision "outreach first" plans the visit (sigap.intake cannot import this app; D43).
        from sigap.assistance.services.outreach import outreach_plan_for_decision
        from sigap.intake.hooks import register_outreach_decided

        register_outreach_decided(outreach_plan_for_decision)
        # ... and leaving outreach for identification cancels the visits still planned.
        from sigap.assistance.services.outreach import outreach_cancel_for_complaint
        from sigap.intake.hooks import register_outreach_ended

        register_outreach_ended(outreach_cancel_for_complaint)
        from sigap.assistance.services.reminder import register_session_reminders

        register_session_reminders()
        from sigap.assistance.kinds import register_shelter_kinds

        register_shelter_kinds()
        # A person merge moves the tracks and stays of a link that gave way (sigap.cases cannot import this app).
        # An incident changed to sexual violence after a legal track started opens its police-report clock.
        from sigap.assistance.services.legal import police_clocks_for_incidents
        from sigap.cases.services.incident import register_incident_changed

        register_incident_changed(police_clocks_for_incidents)
        from sigap.assistance.services.merge import register_merge

        register_merge()
        # A person added to a case found by an outreach visit starts with the visit's village (and address).
        from sigap.assistance.selectors.outreach import outreach_person_defaults
        from sigap.cases.selectors.carry import register_person_defaults

        register_person_defaults(outreach_person_defaults)
