"""Attachments stored under the data dir with their SHA-256, and served only while they still match it."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from django.core.files import File

from luoshi.core.errors import Conflict
from luoshi.core.uploads import removed_on_rollback, sha256_of
from luoshi.org.models import Person

from .models import Attachment, Task

log = logging.getLogger(__name__)


def attach(task: Task, person: Person, files: Sequence[Any], **owner: Any) -> list[Attachment]:
    """Store files already passed by ``luoshi.core.uploads.check_files`` (owner-only on disk, by
    FILE_UPLOAD_PERMISSIONS); a file whose transaction rolls back is deleted again."""
    stored = []
    for f in files:
        attachment = Attachment(
            task=task,
            name=PurePath(f.name).name[:255],
            size=f.size,
            uploaded_by=person,
            content_type=getattr(f, "content_type", "") or "application/octet-stream",
            token=secrets.token_urlsafe(24),
            sha256=sha256_of(f),
            **owner,
        )
        attachment.file.save(attachment.token, f, save=False)
        removed_on_rollback(attachment.file.storage, attachment.file.name)
        attachment.save()
        stored.append(attachment)
    return stored


def open_verified(attachment: Attachment) -> File:
    """The stored file, open, once its content still hashes to what was recorded at upload: a file changed
    or replaced on disk is refused (and logged), never handed out as the original."""
    handle = attachment.file.open("rb")
    if sha256_of(handle) != attachment.sha256:
        handle.close()
        log.error(
            "attachment %s (task %s, %s) does not match its SHA-256 recorded at upload",
            attachment.pk,
            attachment.task_id,
            attachment.file.name,
        )
        raise Conflict(
            f"文件“{attachment.name}”与上传时的校验值不符，可能已被篡改，已停止下载。请联系系统管理员",
            "file_tampered",
        )
    return handle
