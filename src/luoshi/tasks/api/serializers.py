"""Task API serializers: a task as the API lists it, each transition's input, reports, events, extensions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from luoshi.core.serializers import GuardedModelSerializer, GuardedSerializer, IdField
from luoshi.org.models import Person, Unit

from ..choices import Light
from ..models import Attachment, ExtensionRequest, Feedback, Task, TaskEvent, TaskPart
from ..queries import TaskRow


class TaskSerializer(GuardedModelSerializer):
    """A task as docs/api.md lists its fields, with readable ``*_name`` fields beside the ids."""

    co_units: serializers.PrimaryKeyRelatedField[Unit] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    light = serializers.ChoiceField(
        choices=Light.choices(),
        read_only=True,
        help_text="含下级任务的灯（docs/figures.md）：red 本项或下级逾期；yellow 临近时限、"
        "复命逾期或落后序时进度；green；none（未交办或已结束）",
    )
    children_count = serializers.IntegerField(read_only=True)
    open_children_count = serializers.IntegerField(read_only=True)
    status_label = serializers.CharField(read_only=True)
    parent_title = serializers.CharField(read_only=True, allow_null=True)
    directive_title = serializers.CharField(read_only=True, allow_null=True)
    lead_unit_name = serializers.CharField(source="lead_unit.name", read_only=True)
    co_unit_names = serializers.SerializerMethodField()
    owner_name = serializers.CharField(read_only=True, allow_null=True)
    leader_name = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "title",
            "description",
            "parent",
            "parent_title",
            "directive",
            "directive_title",
            "requirement",
            "is_key",
            "lead_unit",
            "lead_unit_name",
            "co_units",
            "co_unit_names",
            "owner",
            "owner_name",
            "leader",
            "leader_name",
            "start_date",
            "due_date",
            "cadence",
            "finish_standard",
            "weight",
            "status",
            "status_label",
            "light",
            "progress",
            "next_report_due",
            "recheck_on",
            "children_count",
            "open_children_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_co_unit_names(self, task: Task) -> list[str]:
        return [u.name for u in task.co_units.all()]

    def to_representation(self, task: TaskRow) -> dict[str, Any]:
        """The same dictionary DRF's fields build from an annotated Task (a test compares the two on every
        kind of task), read straight from a list row: 50 tasks × 33 fields through DRF's field objects
        cost more than the queries behind the whole list."""
        return {
            "id": task.id,
            "title": task.title,
            "description": task.description,
            "parent": task.parent_id,
            "parent_title": task.parent_title,
            "directive": task.directive_id,
            "directive_title": task.directive_title,
            "requirement": task.requirement_id,
            "is_key": task.is_key,
            "lead_unit": task.lead_unit_id,
            "lead_unit_name": task.lead_unit.name,
            "co_units": task.co_units,
            "co_unit_names": task.co_unit_names,
            "owner": task.owner_id,
            "owner_name": task.owner_name,
            "leader": task.leader_id,
            "leader_name": task.leader_name,
            "start_date": _date(task.start_date),
            "due_date": _date(task.due_date),
            "cadence": task.cadence,
            "finish_standard": task.finish_standard,
            "weight": task.weight,
            "status": task.status,
            "status_label": task.status_label,
            "light": task.light,
            "progress": task.progress,
            "next_report_due": _date(task.next_report_due),
            "recheck_on": _date(task.recheck_on),
            "children_count": task.children_count,
            "open_children_count": task.open_children_count,
            "created_at": _datetime(task.created_at),
            "updated_at": _datetime(task.updated_at),
        }


def _datetime(value: dt.datetime | None) -> str | None:
    """DRF's ISO 8601 text in the current time zone, without its per-value field machinery."""
    if not value:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


class TaskWriteSerializer(GuardedSerializer):
    """Fields a client may set; ``services.create_task`` / ``update_task`` check the rest."""

    title = serializers.CharField(max_length=500, required=False, help_text="任务名称（新建时必填）")
    description = serializers.CharField(required=False, allow_blank=True)
    # The serializer's metaclass takes declared fields off the class, so this does not hide Field.parent
    # (the enclosing serializer); the DRF stubs cannot tell a declared field from a class attribute.
    parent = IdField(  # type: ignore[assignment]
        required=False, allow_null=True, help_text="上级任务id（只在新建时）"
    )
    directive = IdField(required=False, allow_null=True, help_text="来源文件id（只在新建时）")
    is_key = serializers.BooleanField(required=False)
    lead_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True), required=False
    )
    co_units = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True), many=True, required=False
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.filter(user__is_active=True), required=False, allow_null=True
    )
    leader = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.filter(user__is_active=True), required=False, allow_null=True
    )
    start_date = serializers.DateField(required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    cadence = serializers.CharField(
        required=False,
        max_length=20,
        help_text="once、weekly:N（1=周一）、monthly:D、quarterly（每季度末）、workdays:N、none",
    )
    finish_standard = serializers.CharField(required=False, allow_blank=True)
    weight = serializers.IntegerField(required=False, min_value=1, max_value=100)


class TaskCreateSerializer(TaskWriteSerializer):
    title = serializers.CharField(max_length=500, help_text="任务名称")
    lead_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True), help_text="牵头单位id"
    )


class TaskUpdateSerializer(TaskWriteSerializer):
    # None drops an inherited declared field (DRF's way); the stubs know only the field's type.
    parent = None  # type: ignore[assignment]
    directive = IdField(
        required=False, allow_null=True, help_text="来源文件id：新建后不能修改，只能是任务原有的来源文件"
    )


class ReasonSerializer(GuardedSerializer):
    reason = serializers.CharField(allow_blank=True, help_text="理由（必填）")


class NoteSerializer(GuardedSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="审批意见（可选）")


class FeedbackInputSerializer(GuardedSerializer):
    progress_text = serializers.CharField(allow_blank=True, help_text="工作进展")
    percent = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="完成百分比 0–100；有子任务的任务由子任务按权重汇总，此项忽略，可不填",
    )
    difficulties = serializers.CharField(required=False, allow_blank=True, default="")
    next_steps = serializers.CharField(required=False, allow_blank=True, default="")


class FeedbackUploadSerializer(FeedbackInputSerializer):
    """The same report with files: a body of its own so a generated client sends one or the other."""

    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="附件（可多个；类型与大小限制见 docs/api.md）",
    )


class ExtensionInputSerializer(GuardedSerializer):
    new_due_date = serializers.DateField(help_text="申请的新完成时限")
    reason = serializers.CharField(allow_blank=True, help_text="延期理由")


class CloseInputSerializer(GuardedSerializer):
    evidence_text = serializers.CharField(
        allow_blank=True, help_text="完成情况与佐证说明；申请即报送完成情况复命（进度记为100%）"
    )
    recheck_on = serializers.DateField(
        required=False, allow_null=True, help_text="回头看日期（可选，须在今天之后）"
    )


class CloseUploadSerializer(CloseInputSerializer):
    files = serializers.ListField(child=serializers.FileField(), required=False, help_text="佐证材料")


class AttachmentSerializer(GuardedModelSerializer):
    url = serializers.SerializerMethodField(help_text="下载地址（仅对能查看该任务的人有效）")

    class Meta:
        model = Attachment
        fields = ["id", "name", "size", "content_type", "uploaded_at", "url"]

    def get_url(self, attachment: Attachment) -> str:
        return reverse("tasks:download", args=[attachment.token])


class FeedbackSerializer(GuardedModelSerializer):
    author_name = serializers.CharField(source="author.name", read_only=True)
    files = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Feedback
        fields = [
            "id",
            "task",
            "author",
            "author_name",
            "progress_text",
            "percent",
            "difficulties",
            "next_steps",
            "submitted_at",
            "period_due",
            "late",
            "files",
        ]


class PartInputSerializer(GuardedSerializer):
    unit = IdField(
        required=False,
        allow_null=True,
        default=None,
        help_text="报送哪个配合单位的部分（单位id）；本人只属于一个配合单位时可不填",
    )
    progress_text = serializers.CharField(allow_blank=True, help_text="本单位承担部分的工作进展")
    percent = serializers.IntegerField(allow_null=True, help_text="本单位承担部分的完成百分比 0–100")
    done = serializers.BooleanField(required=False, default=False, help_text="本单位承担的部分已完成")


class PartSerializer(GuardedModelSerializer):
    """A co-unit's part (协办); one not yet reported has ``status`` pending and no ``reported_at``."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status_label = serializers.CharField(read_only=True)
    reported_by_name = serializers.SerializerMethodField()

    class Meta:
        model = TaskPart
        fields = [
            "unit",
            "unit_name",
            "status",
            "status_label",
            "progress",
            "last_report",
            "reported_by",
            "reported_by_name",
            "reported_at",
        ]

    def get_reported_by_name(self, part: TaskPart) -> str | None:
        reported_by = part.reported_by  # no query when nobody has reported
        return reported_by.name if reported_by is not None else None


class PartsSerializer(GuardedSerializer):
    """A task's parts, all of them (one per co-unit, never paged), and which the reader may report on."""

    results = PartSerializer(many=True)
    may_report = serializers.ListField(child=serializers.IntegerField(), help_text="可由您报送的配合单位id")


class EventSerializer(GuardedModelSerializer):
    action = serializers.CharField(
        source="kind", help_text="created、assigned、acknowledged、feedback、reopened…"
    )
    action_label = serializers.CharField(source="kind_label")
    actor = serializers.SerializerMethodField(help_text="操作人（人员id；系统操作为 null）")
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = TaskEvent
        fields = ["id", "at", "actor", "actor_name", "action", "action_label", "note", "changes"]

    def _person(self, event: TaskEvent) -> Person | None:
        return getattr(event.actor, "person", None) if event.actor_id else None

    def get_actor(self, event: TaskEvent) -> int | None:
        person = self._person(event)
        return person.pk if person else None

    def get_actor_name(self, event: TaskEvent) -> str | None:
        person = self._person(event)
        if person is not None:
            return person.name
        actor = event.actor  # no query for a step of the system's
        return actor.username if actor is not None else "系统"


class ExtensionSerializer(GuardedModelSerializer):
    task_title = serializers.CharField(source="task.title", read_only=True)
    requested_by_name = serializers.CharField(source="requested_by.name", read_only=True)
    decided_by_name = serializers.CharField(
        source="decided_by.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = ExtensionRequest
        fields = [
            "id",
            "task",
            "task_title",
            "requested_by",
            "requested_by_name",
            "old_due_date",
            "new_due_date",
            "reason",
            "status",
            "decided_by",
            "decided_by_name",
            "decided_at",
            "decision_note",
            "created_at",
        ]
        read_only_fields = fields
