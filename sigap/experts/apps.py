from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "sigap.experts"
    label = "experts"
    verbose_name = _("Experts")

    def ready(self) -> None:
        from sigap.experts.shell import register_shell

        register_shell()  # menu entries, home capabilities (docs/architecture.md)
