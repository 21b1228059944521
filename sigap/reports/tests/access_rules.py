"""Access rules of the report pages (AC-01). Each page shows the user's own unit (or the units a leader
oversees): there is no object id in the URL, so another unit's staff get their own unit's figures."""

from __future__ import annotations

from sigap.core.testing.access import Rule, staff

RULES = [
    Rule("reports:index", staff(["HEAD", "DATA_OFFICER", "LEADERSHIP"])),
    Rule("reports:unit_recap", staff(["HEAD", "DATA_OFFICER"])),
    Rule("reports:simfoni_export", staff(["HEAD", "DATA_OFFICER"])),
    Rule("reports:leadership_recap", staff(["LEADERSHIP"])),
]
