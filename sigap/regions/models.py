"""Indonesian administrative areas (filled in by the regions work)."""
