"""A problem's evidence files: images and documents only, checked by content (core.uploads), stored with
their SHA-256 and served only while they still match it."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from django.core.files import File

from luoshi.core.errors import Conflict
from luoshi.core.uploads import check_files, removed_on_rollback, sha256_of
from luoshi.org.models import Person

from .models import Problem, ProblemFile

log = logging.getLogger(__name__)
# Photos and documents; archives and programs are not evidence of a problem.
EVIDENCE_SUFFIXES = frozenset(
    {
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".bmp",
        ".pdf",
        ".ofd",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".wps",
        ".et",
        ".dps",
        ".txt",
    }
)


def check_evidence(files: Sequence[Any]) -> list[Any]:
    """Every file an image or a document within the size limit, its content what its name says."""
    return check_files(files, EVIDENCE_SUFFIXES)


def attach(problem: Problem, person: Person, files: Sequence[Any]) -> list[ProblemFile]:
    """Store files already checked; a file whose transaction rolls back is deleted again."""
    stored = []
    for f in files:
        row = ProblemFile(
            problem=problem,
            name=PurePath(f.name).name[:255],
            size=f.size,
            uploaded_by=person,
            content_type=getattr(f, "content_type", "") or "application/octet-stream",
            token=secrets.token_urlsafe(24),
            sha256=sha256_of(f),
        )
        row.file.save(row.token, f, save=False)
        removed_on_rollback(row.file.storage, row.file.name)
        row.save()
        stored.append(row)
    return stored


def open_verified(row: ProblemFile) -> File:
    handle = row.file.open("rb")
    if sha256_of(handle) != row.sha256:
        handle.close()
        log.error("problem file %s (problem %s) does not match its SHA-256", row.pk, row.problem_id)
        raise Conflict(
            f"文件“{row.name}”与上传时的校验值不符，可能已被篡改，已停止下载。请联系系统管理员",
            "file_tampered",
        )
    return handle
