"""An export job's states."""

from __future__ import annotations


class ExportStatus:
    QUEUED = "queued"  # waits for the export runner (exports.jobs)
    RUNNING = "running"
    DONE = "done"  # the file is in the data directory until the job expires
    FAILED = "failed"
    LABELS = {QUEUED: "排队中", RUNNING: "生成中", DONE: "已完成", FAILED: "导出失败"}
    WAITING = (QUEUED, RUNNING)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return list(cls.LABELS.items())

    @classmethod
    def label(cls, value: str) -> str:
        return cls.LABELS.get(value, value)
