from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "sigap.experts"
    label = "experts"
    verbose_name = _("Experts")

    def ready(self) -> None:
        from sigap.experts.reminders import credential_reminders_open, register_credential_kinds
        from sigap.experts.shell import register_shell
        from sigap.work.scheduler import hourly_step_register

        register_shell()  # menu entries, home capabilities (docs/architecture.md)
        register_credential_kinds()
        hourly_step_register("experts.credential_reminders", credential_reminders_open)
