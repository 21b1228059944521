"""Writes of a transfer: ``send`` (propose, send back, carry out) and ``receive`` (import a package)."""
