"""The notify tests craft tasks with the task fixtures."""

from tests.tasks.conftest import craft, make_task, sent_to, today  # noqa: F401  (shared task fixtures)
