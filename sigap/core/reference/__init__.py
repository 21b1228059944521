"""Reference code lists (domain.md §C): definitions (single source), loader, selectors, form fields."""
