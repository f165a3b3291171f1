"""A simulated clock for replaying history (the demo's weeks of work), through Django's own `now`."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from unittest import mock

from django.utils import timezone


@contextlib.contextmanager
def frozen_at(moment: dt.datetime) -> Iterator[None]:
    """Services, auto_now fields and localdate() all read ``timezone.now``; point it at ``moment``."""
    with mock.patch.object(timezone, "now", lambda: moment):
        yield
