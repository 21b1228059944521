"""Extensions of the generator for issue #14: referrals to the unit's partners and the follow-ups of monitoring.

- :mod:`bench.partnership.referrals`: ~30 % of cases referred once to one of the unit's partners (the directory
  the unit was seeded with), under a sharing consent naming it, with the steps a real referral takes (answered
  in days, declined now and then, service given, done; unanswered past its due day with the reminder open);
- :mod:`bench.partnership.follow_ups`: the follow-up schedule of every case that reached monitoring (1, 3, 6 and
  12 months), the follow-ups held (or not reached) with their indicator rows, the rest scheduled with their work
  items or cancelled when the case was closed, and a post-closure follow-up now and then.

Each draws from its own RNG seeded with the case index, as the other extensions do, so the same seed gives the
same rows whatever the batches, the workers and the interruptions.
"""

from __future__ import annotations

from typing import Any

from bench.partnership import follow_ups, referrals


def register(extensions: list[Any], write_order: list[Any], need_ids: set[Any]) -> None:
    for module in (referrals, follow_ups):
        module.register(extensions, write_order, need_ids)
