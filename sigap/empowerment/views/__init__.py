"""empowerment: views, one module per concern."""
