"""Writes of the contracts app: contracts (``contract``), the periods' decisions (``evaluation``), and the
hourly step opening the evaluations (``schedule``)."""
