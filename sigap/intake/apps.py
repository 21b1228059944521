from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "sigap.intake"
    label = "intake"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from sigap.intake.shell import register_shell

        register_shell()  # menu entries, home capabilities (docs/architecture.md)

        from sigap.intake.kinds import register_intake_kinds

        register_intake_kinds()

        # The audit pages name a complaint by its ticket number (sigap/audit/naming.py).
        from sigap.audit.naming import register_object_namer
        from sigap.intake.selectors import complaint_numbers

        register_object_namer("intake.complaint", complaint_numbers)

        from sigap.intake.case_source import register_case_source_provider

        register_case_source_provider()  # the case page shows the complaint's account (cases < intake)
