"""A problem's evidence files: images and documents only, checked by content (core.uploads), stored with
their SHA-256 and served only while they still match it; a camera photo stored without its location."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from luoshi.core import photos
from luoshi.core.uploads import check_files, store_files
from luoshi.org.models import Person

from .models import Problem, ProblemFile

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
    """Store files already checked, a camera photo without its location as a task's are; a file whose
    transaction rolls back is deleted again."""
    return store_files(
        photos.stripped(files), person, lambda **fields: ProblemFile(problem=problem, **fields)
    )
