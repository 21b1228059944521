from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sigap.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from sigap.accounts.shell import register_shell

        register_shell()  # menu entries, home capabilities (docs/architecture.md)

        from sigap.accounts import signals  # noqa: F401
