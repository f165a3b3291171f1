"""Long directives are decomposed outside the request: a job row per directive, claimed and run by
``luoshi extract-jobs`` (started at once when LUOSHI_EXTRACT_RUNNER is "process") or by ``luoshi tick``.

No queue server: the database is the queue. Claiming is one conditional UPDATE, so several runners
(the started process, the tick, a second server) never run the same job twice; a job left running by a
process that died is taken again after ``STALE``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from luoshi.core.errors import ServiceError
from luoshi.core.jobs import JobQueue, start_command

from .choices import JobStatus
from .models import Directive, ExtractionJob

log = logging.getLogger(__name__)
FAILED_MESSAGE = "分解时出错，请稍后在本页重试，或联系系统管理员查看日志"


def queue_extraction(directive: Directive, *, actor: Any) -> ExtractionJob:
    """The directive's extraction as a job; with the "process" runner a runner starts when the
    directive is committed, so the answer does not wait for the next tick."""
    job, _ = ExtractionJob.objects.update_or_create(
        directive=directive,
        defaults={
            "status": JobStatus.QUEUED,
            "chars": len(directive.text),
            "error": "",
            "found": 0,
            "created_by": actor,
            "started_at": None,
            "finished_at": None,
        },
    )
    if settings.LUOSHI_EXTRACT_RUNNER == "process":
        transaction.on_commit(start_runner)
    return job


def start_runner() -> None:
    """A detached ``luoshi extract-jobs``: it runs every queued job, then exits."""
    start_command("extract-jobs")


QUEUE = JobQueue("extract-jobs", ExtractionJob, ("directive", "created_by"))


def run_extraction_jobs(limit: int | None = None) -> int:
    """Run waiting jobs one after another (all of them, or ``limit``); the number run.

    One runner at a time per data directory: a megabyte's requirements are written in one transaction,
    and SQLite takes one writer, so two at once would fail on a locked database. A second runner leaves
    at once; the first looks again after letting go, so a job queued meanwhile is not left for the tick.
    """
    return QUEUE.run(run_job, limit)


def run_job(job: ExtractionJob) -> None:
    """Extract as the person who entered the directive; any failure is kept on the job in Chinese."""
    from .services import extract_requirements

    fields: dict[str, Any] = {"status": JobStatus.DONE, "error": "", "found": 0}
    try:
        fields["found"] = len(extract_requirements(job.directive, actor=job.created_by))
    except ServiceError as exc:
        fields.update(status=JobStatus.FAILED, error=exc.message)
    except Exception:  # the job must end in a state the page can show, whatever went wrong
        log.exception("extraction job %s failed", job.pk)
        fields.update(status=JobStatus.FAILED, error=FAILED_MESSAGE)
    ExtractionJob.objects.filter(pk=job.pk).update(finished_at=timezone.now(), **fields)
