"""Extensions of the generator for the services the unit delivers (``sigap.assistance``, issue #12 "Scale").

One module per record type, registered in ``bench.plans`` after the plan (sessions deliver its services):

- :mod:`bench.assistance.sessions`: accompaniment sessions, their bookings (experts, staff, room) and the
  reminders of the ones still to come;
- :mod:`bench.assistance.legal`: legal-process tracks, their hearings and the police-report clock;
- :mod:`bench.assistance.shelter`: shelter stays on the beds :mod:`bench.assistance.setup` makes per unit;
- :mod:`bench.assistance.mediation`: mediations, only where UU TPKS Pasal 23 allows them;
- :mod:`bench.assistance.outreach`: outreach visits before a complaint became a case.

Each draws from its own RNG seeded with the case index, as the other extensions do, so the same seed gives
the same rows whatever the batches, the workers and the interruptions.
"""

from __future__ import annotations

from typing import Any

from bench.assistance import legal, mediation, outreach, sessions, shelter


def register(extensions: list[Any], write_order: list[Any], need_ids: set[Any]) -> None:
    """Append the five extensions (sessions first: the legal track links hearings to court sessions)."""
    for module in (outreach, sessions, legal, shelter, mediation):
        module.register(extensions, write_order, need_ids)
