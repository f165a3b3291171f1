"""The fields a ledger's columns map to, the names they go by, and a batch's states."""

from __future__ import annotations

from dataclasses import dataclass


class BatchStatus:
    PREVIEW = "preview"
    QUEUED = "queued"  # a large ledger waits for the import runner (imports.jobs)
    RUNNING = "running"
    COMMITTED = "committed"
    FAILED = "failed"  # nothing was written; the mapping can be changed and the import tried again
    LABELS = {PREVIEW: "待导入", QUEUED: "排队中", RUNNING: "导入中", COMMITTED: "已导入", FAILED: "导入失败"}
    EDITABLE = (PREVIEW, FAILED)
    WAITING = (QUEUED, RUNNING)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return list(cls.LABELS.items())

    @classmethod
    def label(cls, value: str) -> str:
        return cls.LABELS.get(value, value)


DROP_CO_UNIT = "不设为配合单位（原文记入任务内容）"  # the choice in the preview's unit box


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    names: tuple[str, ...]  # what a ledger's header calls it, the most usual first


FIELDS = (
    Field("seq", "序号", ("序号", "编号", "顺序号", "排序")),
    Field(
        "title",
        "任务内容",
        (
            "任务内容",
            "工作任务",
            "重点任务",
            "任务名称",
            "工作内容",
            "具体任务",
            "主要任务",
            "目标任务",
            "工作事项",
            "重点工作",
            "任务",
            "事项",
            "内容",
        ),
    ),
    Field(
        "lead_unit",
        "牵头单位",
        (
            "牵头单位",
            "责任单位",
            "牵头处室",
            "牵头科室",
            "责任处室",
            "责任科室",
            "牵头部门",
            "牵头股室",  # a county department's sections are 股室
            "责任股室",
            "责任部门",
            "主办单位",
            "承办单位",
            "牵头",  # under a 责任单位 merged over 牵头 | 配合
            "主办",
        ),
    ),
    Field("measures", "具体措施", ("具体措施", "工作措施", "主要措施", "推进措施", "措施")),
    Field(
        "co_units",
        "配合单位",
        ("配合单位", "协办单位", "配合处室", "配合科室", "配合部门", "配合股室", "参与单位", "配合", "协办"),
    ),
    Field("owner", "责任人", ("责任人", "具体责任人", "经办人", "负责人", "联系人")),
    Field("leader", "分管领导", ("分管领导", "牵头领导", "责任领导", "分管部领导", "部领导")),
    Field(
        "due",
        "完成时限",
        ("完成时限", "时间节点", "完成时间", "时限", "时间要求", "截止时间", "完成期限", "时间安排"),
    ),
    Field("progress", "进展情况", ("进展情况", "完成情况", "推进情况", "落实情况", "工作进展", "进度")),
    # a 推进情况 headed 已完成 | 下步计划: what is still to do, kept in the task's content as 进展情况 is
    Field("plan", "下步计划", ("下步计划", "下一步计划", "下步打算", "下一步打算", "下步工作计划")),
    Field("cadence", "反馈周期", ("反馈周期", "报送频次", "报送周期", "反馈频次")),
    Field("remarks", "备注", ("备注", "说明")),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}
FIELD_LABELS = {f.key: f.label for f in FIELDS}
