"""Case pages, one module per concern (case, people, casework, plan); urls.py names each view."""
