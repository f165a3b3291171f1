"""The notify tests craft tasks with the task fixtures."""

from tests.tasks.conftest import craft, sent_to  # noqa: F401  (shared task fixtures)
