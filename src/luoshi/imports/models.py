"""An uploaded ledger waiting to be imported (its file, the header and mapping chosen, the units named by
hand) and the key of every source row already imported, so importing it again creates nothing twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from luoshi.core.querysets import RestrictedManager

from .choices import BatchStatus


class ImportBatch(models.Model):
    file_name = models.CharField("文件名", max_length=255)
    file_hash = models.CharField("文件SHA-256", max_length=64, db_index=True)
    content = models.BinaryField("文件内容")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    sheet = models.CharField("工作表", max_length=100, blank=True)
    sheets = models.JSONField("全部工作表", default=list)
    header_row = models.PositiveIntegerField("表头行", help_text="从1开始，与表格中的行号相同")
    columns = models.JSONField("表头", default=list, help_text="各列表头文字")
    mapping = models.JSONField("列对应", default=dict, help_text="列序号（从0开始）→ 字段")
    unit_overrides = models.JSONField("单位指定", default=dict, help_text="表格中的单位名称 → 单位id")
    dropped_units = models.JSONField(
        "不设为配合单位", default=list, help_text="表格中的配合单位名称：不设为配合单位，原文记入任务内容"
    )
    skip_rows = models.JSONField("跳过的行", default=list, help_text="用户选择不导入的行号（从1开始）")
    status = models.CharField(
        "状态", max_length=20, choices=BatchStatus.choices(), default=BatchStatus.PREVIEW, db_index=True
    )
    counts = models.JSONField("计数", default=dict)
    report = models.JSONField("导入报告", default=dict)
    committed_at = models.DateTimeField("导入时间", null=True, blank=True)
    rows_hint = models.PositiveIntegerField(
        "表头以下行数", null=True, blank=True, help_text="按工作表记录的范围估计，用于进度"
    )
    started_at = models.DateTimeField("开始导入", null=True, blank=True)
    error = models.TextField("失败原因", blank=True)
    prose = models.TextField("表格以外的正文", blank=True, help_text="Word文档中表格以外的文字，如印发通知")
    directive = models.ForeignKey(
        "directives.Directive",
        verbose_name="据正文录入的讲话文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "台账导入"

    def __str__(self) -> str:
        return self.file_name

    @property
    def status_label(self) -> str:
        return BatchStatus.label(self.status)

    @property
    def suffix(self) -> str:
        return "." + self.file_name.rsplit(".", 1)[-1].lower() if "." in self.file_name else ""


class ImportedRow(models.Model):
    """A source row already made into a task: its key is the row's text and lead unit under its
    headings' numbers, in its ledger's year (plan._key), so the same ledger imported again by whom may
    know of that task is skipped (preview.imported_tasks); one unknown to another unit is imported
    again as that unit's own, so a key recurs across batches, once in each."""

    key = models.CharField(max_length=64, db_index=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField()
    task = models.ForeignKey("tasks.Task", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "key"], name="uniq_imported_row")]
