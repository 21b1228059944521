from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _reinstall_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # A later migration that rebuilds the table on SQLite drops its triggers: put them back.
    from sigap.audit.triggers import triggers_install

    triggers_install(connections[using])


class AuditConfig(AppConfig):
    name = "sigap.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from sigap.audit.shell import register_shell

        register_shell()  # menu entries, home capabilities (docs/architecture.md)

        post_migrate.connect(_reinstall_triggers, sender=self, dispatch_uid="sigap.audit.reinstall_triggers")
