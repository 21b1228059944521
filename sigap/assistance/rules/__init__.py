"""assistance: pure rules (no database), one module per concern."""
