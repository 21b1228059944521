"""Economic empowerment (issue #14): the household's needs, a plan of programmes, outcome indicators over time, and
the follow-ups of a case under monitoring until the victim is independent (domain.md §E3, §B2 PEMANTAUAN).

A floor beside contracts, above referrals and assistance: it reads the case file and the work items. The case
file never imports it: it registers a "state changed" hook (the follow-up schedule), a closure guard ("goals
achieved"), a referral-step hook (a programme moves with its referral), timeline lines, work-item kinds and an hourly step from ``ready()``.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmpowermentConfig(AppConfig):
    name = "sigap.empowerment"
    label = "empowerment"
    verbose_name = _("Economic empowerment")

    def ready(self) -> None:
        from sigap.cases.rules.guards import register_closure_guard
        from sigap.cases.services.state_hooks import register_state_changed
        from sigap.cases.timeline.case import timeline_text_register
        from sigap.empowerment.kinds import register_empowerment_kinds
        from sigap.empowerment.services.closure import goals_achieved_guard
        from sigap.empowerment.services.delivery import programme_on_referral_step
        from sigap.empowerment.services.schedule import follow_up_items_open, schedule_on_state_change
        from sigap.empowerment.shell import register_shell
        from sigap.empowerment.timeline import EMPOWERMENT_LINE
        from sigap.referrals.hooks import register_referral_step
        from sigap.work.scheduler import hourly_step_register

        register_shell()
        register_empowerment_kinds()
        register_state_changed(schedule_on_state_change)
        register_closure_guard(goals_achieved_guard)
        register_referral_step(programme_on_referral_step)  # a programme moves with its referral (D82)
        timeline_text_register(EMPOWERMENT_LINE)
        hourly_step_register("empowerment.follow_ups", follow_up_items_open)
