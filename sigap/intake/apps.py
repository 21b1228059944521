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

        from sigap.intake.case_source import register_case_source_provider

        register_case_source_provider()  # the case page shows the complaint's account (cases < intake)
