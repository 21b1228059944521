"""The services the unit delivers on a case (issue #12): accompaniment sessions by the unit's experts, the
appointments calendar, the legal-process track, outreach, temporary shelter, mediation and attachments.

A floor above intake (it reads complaints for outreach) and below reports (which count what was delivered).
"""
