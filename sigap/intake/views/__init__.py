"""Complaint pages: staff (intake queue, triage, decisions) and public (/lapor/)."""
