"""Test-only models."""
