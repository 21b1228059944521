"""empowerment: forms, one module per concern (import from the submodules inside the code)."""
