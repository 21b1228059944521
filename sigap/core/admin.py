"""Django admin registrations of the core app (Django imports this module; the classes live next to
the code they show)."""

from sigap.core.reference import admin as reference_admin  # noqa: F401 - registers CodeList and Code
