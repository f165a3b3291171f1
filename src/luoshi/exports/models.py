"""A list's Excel file (or an imported ledger in its own layout) written outside the request: which
list, with which filters, for whom, how far."""

from __future__ import annotations

from pathlib import Path, PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone

from luoshi.core.querysets import RestrictedManager
from luoshi.reports.ledger import LEDGER_CONTENT_TYPE

from .choices import ExportStatus

CONTENT_TYPES = {
    ".xlsx": LEDGER_CONTENT_TYPE,
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def folder() -> Path:
    """Where finished exports live: the data directory (read at each call), never a served folder."""
    return Path(settings.DATA_DIR) / "exports"


class ExportJob(models.Model):
    kind = models.CharField("导出内容", max_length=50, help_text="exports.registry 中登记的名称")
    title = models.CharField("标题", max_length=100)
    params = models.TextField("筛选条件", blank=True, help_text="列表页的查询字符串，运行时按申请人重新筛选")
    note = models.CharField("筛选说明", max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=20, choices=ExportStatus.choices(), default=ExportStatus.QUEUED, db_index=True
    )
    total = models.PositiveIntegerField("总行数", null=True, blank=True)
    done = models.PositiveIntegerField("已写行数", default=0)
    file = models.CharField("文件", max_length=100, blank=True, help_text="数据目录 exports/ 下的文件名")
    size = models.PositiveBigIntegerField("文件大小", null=True, blank=True)
    error = models.TextField("失败原因", blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True, db_index=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "导出"
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="export_requester_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self) -> str:
        return ExportStatus.label(self.status)

    @property
    def waiting(self) -> bool:
        return self.status in ExportStatus.WAITING

    @property
    def path(self) -> Path | None:
        return folder() / self.file if self.file else None

    @property
    def suffix(self) -> str:
        """The written file's: a workbook's, or a Word document's for a Word ledger in its own layout."""
        return PurePath(self.file).suffix or ".xlsx"

    @property
    def file_name(self) -> str:
        return f"{self.title}-{timezone.localtime(self.created_at):%Y%m%d-%H%M}{self.suffix}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.suffix, "application/octet-stream")

    @property
    def percent(self) -> int | None:
        if self.status == ExportStatus.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else None
