from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """Models that exist only in tests (exercising encrypted fields before real personal models exist)."""

    name = "tests.testapp"
    label = "testapp"
