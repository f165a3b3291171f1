"""Large exports are written outside the request: ``services.queue_export`` leaves a job 排队中, and
``luoshi export-jobs`` (started at once when LUOSHI_EXPORT_RUNNER is "process") or ``luoshi tick`` claims
it, re-runs the list's filters as its requester (what that user may see when it runs) and writes the
file with the streamed export's own writer into the data directory. Reading is not one long write
transaction as an import is, so the rows written so far go to the job's own row, which the progress page
polls; the job ends 已完成 with its file or 导出失败 with the reason. Files expire after ``KEEP``.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.http import QueryDict
from django.utils import timezone

from luoshi.core.errors import ServiceError
from luoshi.core.jobs import JobQueue

from .choices import ExportStatus
from .models import ExportJob, folder
from .services import exportable

log = logging.getLogger(__name__)
KEEP = dt.timedelta(hours=24)
FAILED_MESSAGE = "生成文件时出错，请回到列表重新导出，或联系系统管理员查看日志"


QUEUE = JobQueue("export-jobs", ExportJob, ("requested_by",), on_claim={"done": 0})


def run_export_jobs(limit: int | None = None) -> int:
    """Run waiting exports (all of them, or ``limit``); the number run."""
    return QUEUE.run(run_job, limit)


def run_job(job: ExportJob) -> None:
    """Write the file as the requester, who must still hold the permission; a refusal or any failure
    leaves the job 导出失败 with its reason in Chinese and no file."""
    stem = f"{job.pk}-{secrets.token_hex(8)}"  # not guessable, never an earlier job's
    part = folder() / f"{stem}.part"

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(done=done)

    try:
        kind = exportable(job.kind, job.requested_by)
        prepared = kind.prepare(job.requested_by, QueryDict(job.params))
        ExportJob.objects.filter(pk=job.pk).update(total=prepared.total, note=prepared.note[:500])
        part.parent.mkdir(mode=0o700, exist_ok=True)
        prepared.write(part, progress)
        name = f"{stem}.{prepared.suffix}"
        part.replace(folder() / name)
    except ServiceError as exc:
        _failed(job, exc.message)
    except Exception:  # the job must end in a state the page can show, whatever went wrong
        log.exception("export job %s failed", job.pk)
        _failed(job, FAILED_MESSAGE)
    else:
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.DONE,
            file=name,
            size=(folder() / name).stat().st_size,
            finished_at=timezone.now(),
        )
    finally:
        part.unlink(missing_ok=True)


def _failed(job: ExportJob, message: str) -> None:
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.FAILED, error=message, finished_at=timezone.now()
    )


def purge_expired(now: dt.datetime | None = None) -> int:
    """Remove the exports asked for more than ``KEEP`` ago, rows and files; the number removed."""
    old = ExportJob.objects.filter(created_at__lt=(now or timezone.now()) - KEEP)
    removed = 0
    for job in old.only("pk", "file"):
        if job.path:
            job.path.unlink(missing_ok=True)
        removed += ExportJob.objects.filter(pk=job.pk).delete()[0]
    return removed
