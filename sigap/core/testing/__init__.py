"""Test helpers shared by every app (importable from tests only)."""
