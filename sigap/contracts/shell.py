"""What the contracts app puts in the page shell: the contracts and the rating scale in the HEAD's menu, "My
contract" in an expert's user menu. Called from ``ContractsConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.accounts.models.users import Role
from sigap.core.home import Capability, capabilities_register
from sigap.core.navigation import entry, nav_register
from sigap.experts.shell import EXPERTS_GROUP


def register_shell() -> None:
    nav_register(
        entry("contracts", _("Contracts"), "contracts:contract_list", roles=[Role.HEAD], order=55, group=EXPERTS_GROUP)
    )
    nav_register(
        entry(
            "evaluation_scale", _("Rating scale"), "contracts:scale", roles=[Role.HEAD], order=56, group=EXPERTS_GROUP
        )
    )
    nav_register(
        entry("my_contract", _("My contract"), "contracts:contract_list", roles=[Role.EXPERT], order=16, menu="user")
    )
    capabilities_register(
        Role.HEAD,
        Capability(
            _("Keep the experts' contracts and decide every three months, on the evidence of their work."),
            "contracts:contract_list",
            order=55,
        ),
    )
