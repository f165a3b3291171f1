"""A task's attachments: stored with their SHA-256 and served only while they still match it
(``luoshi.core.uploads``); a camera photo stored as the site visits' are, without its location."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from luoshi.core import photos
from luoshi.core.uploads import store_files
from luoshi.org.models import Person

from .models import Attachment, Task


def attach(task: Task, person: Person, files: Sequence[Any], **owner: Any) -> list[Attachment]:
    """Store files already passed by ``luoshi.core.uploads.check_files`` on ``task`` (``owner``: the report
    or request they came with); a file whose transaction rolls back is deleted again."""
    return store_files(
        photos.stripped(files), person, lambda **fields: Attachment(task=task, **owner, **fields)
    )
