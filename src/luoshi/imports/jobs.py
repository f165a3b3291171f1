"""Large ledgers are imported outside the request: ``services.queue_commit`` marks a batch 排队中, and
``luoshi import-jobs`` (started at once when LUOSHI_IMPORT_RUNNER is "process") or ``luoshi tick`` claims
it and commits it as its uploader, in one transaction as any commit. The rows written so far go to the
cache after each chunk (the transaction's own writes are not seen outside it until it ends), so the page
shows a progress bar that survives a reload; the batch ends 已导入 or 导入失败 with the reason.
"""

from __future__ import annotations

import logging

from django.core.cache import cache

from luoshi.core.errors import ServiceError
from luoshi.core.jobs import JobQueue

from . import services
from .choices import BatchStatus
from .models import ImportBatch

log = logging.getLogger(__name__)
FAILED_MESSAGE = "导入时出错，什么也没有写入。请稍后在本页重试，或联系系统管理员查看日志"
PROGRESS_SECONDS = 24 * 3600


QUEUE = JobQueue("import-jobs", ImportBatch, ("uploaded_by",))


def run_import_jobs(limit: int | None = None) -> int:
    """Run waiting imports (all of them, or ``limit``); the number run."""
    return QUEUE.run(run_job, limit)


def run_job(batch: ImportBatch) -> None:
    """Commit as the uploader; a refusal or any failure leaves the batch 导入失败 with its reason, nothing
    written, its mapping open to change."""
    key = services.progress_key(batch.pk)

    def progress(row: int) -> None:
        cache.set(key, row, PROGRESS_SECONDS)

    try:
        services.commit(batch, actor=batch.uploaded_by, progress=progress)
    except ServiceError as exc:
        _failed(batch, exc.message, (exc.errors or {}).get("refused", []))
    except Exception:  # the batch must end in a state the page can show, whatever went wrong
        log.exception("import job %s failed", batch.pk)
        _failed(batch, FAILED_MESSAGE, [])
    finally:
        cache.delete(key)


def _failed(batch: ImportBatch, message: str, refused: list[dict]) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.FAILED, error=message, report={"refused": refused}
    )
