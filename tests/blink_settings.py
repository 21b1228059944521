"""Settings of the Sigap child processes that the "database blinks" tests run (sigap/core/testing/postgres.py).

The test profile, plus what those children need: the database task queue (the test profile runs tasks at
once, and ``db_worker`` accepts a database queue only) and a few test-only pages (tests/testapp/blink.py).
"""

from sigap.settings import *  # noqa: F403

ROOT_URLCONF = "tests.testapp.blink"
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
