"""The problem API's bodies: what a problem, a match and a measure look like, and what a client sends."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from luoshi.core.serializers import GuardedModelSerializer, GuardedSerializer, IdField
from luoshi.org.models import Person, Unit

from ..choices import MeasureKind, ProblemSource, Severity
from ..models import Measure, Problem, ProblemCategory, ProblemEvent, ProblemFile
from ..similar import Match


class ProblemFileSerializer(GuardedModelSerializer):
    url = serializers.SerializerMethodField(help_text="下载地址（仅对能查看该问题的人有效，页面登录）")

    class Meta:
        model = ProblemFile
        fields = ["id", "name", "size", "content_type", "uploaded_at", "url"]
        read_only_fields = fields

    def get_url(self, row: ProblemFile) -> str:
        return f"/problems/files/{row.token}/"


class ProblemEventSerializer(GuardedModelSerializer):
    action = serializers.CharField(
        source="kind",
        help_text="recorded、confirmed、dismissed、measure_added、grouped、closed、rechecked、rebounded",
    )
    action_label = serializers.CharField(source="kind_label")
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = ProblemEvent
        fields = ["id", "at", "action", "action_label", "actor_name", "note", "changes"]
        read_only_fields = fields

    def get_actor_name(self, event: ProblemEvent) -> str:
        actor = event.actor
        if actor is None:
            return "系统"
        person = getattr(actor, "person", None)
        return person.name if person else actor.get_username()


class ProblemSerializer(GuardedModelSerializer):
    source_label = serializers.CharField(read_only=True)
    severity_label = serializers.CharField(read_only=True)
    status_label = serializers.CharField(read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True, default=None)
    responsible_unit_name = serializers.CharField(
        source="responsible_unit.name", read_only=True, default=None
    )
    leader_name = serializers.CharField(source="leader.name", read_only=True, default=None)
    common_title = serializers.CharField(source="common.title", read_only=True, default=None)
    previous = serializers.IntegerField(
        source="shown_previous",
        read_only=True,
        allow_null=True,
        help_text="类似的本单位（或下属单位）已销号问题id（旧问题）；您无权查看那个问题时为空",
    )
    is_old = serializers.BooleanField(
        read_only=True, help_text="旧问题：与本单位（或下属单位）已销号的问题相似，或反弹"
    )
    measure_count = serializers.IntegerField(
        read_only=True, help_text="整改措施数（含所属共性问题的治本措施）"
    )
    open_measure_count = serializers.IntegerField(read_only=True, help_text="未完成的整改措施数")
    next_due = serializers.DateField(read_only=True, allow_null=True, help_text="未完成措施中最早的完成时限")
    light = serializers.CharField(
        read_only=True, help_text="red：有措施逾期；yellow：3个工作日内到期；green；none"
    )

    class Meta:
        model = Problem
        fields = [
            "id",
            "title",
            "source",
            "source_label",
            "severity",
            "severity_label",
            "status",
            "status_label",
            "unit",
            "unit_name",
            "category",
            "category_name",
            "found_on",
            "recorded_at",
            "origin",
            "origin_label",
            "responsible_unit",
            "responsible_unit_name",
            "leader",
            "leader_name",
            "confirmed_at",
            "closed_at",
            "recheck_on",
            "previous",
            "recurring",
            "is_old",
            "common",
            "common_title",
            "measure_count",
            "open_measure_count",
            "next_due",
            "light",
        ]
        read_only_fields = fields


class ProblemDetailSerializer(ProblemSerializer):
    files = ProblemFileSerializer(many=True, read_only=True)
    events = ProblemEventSerializer(many=True, read_only=True, help_text="问题的办理记录（全程留痕）")

    class Meta(ProblemSerializer.Meta):
        fields = [
            *ProblemSerializer.Meta.fields,
            "description",
            "root_cause",
            "close_note",
            "files",
            "events",
        ]
        read_only_fields = fields


class MatchSerializer(GuardedSerializer):
    id = serializers.IntegerField(source="problem.pk")
    title = serializers.CharField(source="problem.title")
    unit = serializers.IntegerField(source="problem.unit_id")
    unit_name = serializers.CharField(source="problem.unit.name")
    category_name = serializers.CharField(source="problem.category.name", default=None)
    status = serializers.CharField(source="problem.status")
    status_label = serializers.CharField(source="problem.status_label")
    found_on = serializers.DateField(source="problem.found_on")
    score = serializers.FloatField(help_text="相似度（0–1，TF-IDF余弦）")
    relation = serializers.CharField(
        help_text="rebound：本单位已销号问题反弹；duplicate：本单位已登记；other_unit：其他单位"
    )
    relation_label = serializers.CharField()
    words = serializers.ListField(child=serializers.CharField(), help_text="共同的关键词")


class SimilarSerializer(GuardedSerializer):
    results = MatchSerializer(many=True)
    common_proposal = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="与本单位一起构成三个及以上单位的同类问题（建议归为共性问题）的问题id；不足时为空",
    )


def similar_found(matches: list[Match], proposal: list[Match]) -> dict[str, Any]:
    """What ``SimilarSerializer`` reads: the matches themselves (it serializes them), the proposal's ids."""
    return {"results": matches, "common_proposal": [m.problem.pk for m in proposal]}


class ProblemCreatedSerializer(ProblemDetailSerializer):
    similar = SimilarSerializer(read_only=True, help_text="登记时找到的相似问题")

    class Meta(ProblemDetailSerializer.Meta):
        fields = [*ProblemDetailSerializer.Meta.fields, "similar"]
        read_only_fields = fields


class ProblemCreateSerializer(GuardedSerializer):
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True, help_text="问题所在单位id（必填）"
    )
    source = serializers.ChoiceField(  # type: ignore[assignment]  # a field of the body named like Field.source
        choices=ProblemSource.choices(), help_text="问题来源"
    )
    description = serializers.CharField(allow_blank=True, help_text="问题描述")
    title = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="省略时取描述的第一句"
    )
    category = serializers.PrimaryKeyRelatedField(
        queryset=ProblemCategory.objects.all(), required=False, allow_null=True, help_text="问题类别id"
    )
    severity = serializers.ChoiceField(choices=Severity.choices(), default=Severity.NORMAL)
    found_on = serializers.DateField(required=False, allow_null=True, help_text="发现日期，省略为今天")


class ProblemUploadSerializer(ProblemCreateSerializer):
    files = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="佐证材料：图片或文档（可多个）"
    )


class MeasureInputSerializer(GuardedSerializer):
    kind = serializers.ChoiceField(choices=MeasureKind.choices(), help_text="quick 治标；lasting 治本")
    title = serializers.CharField(max_length=480, allow_blank=True, help_text="措施内容")
    due_date = serializers.DateField(allow_null=True, help_text="完成时限（不早于问题发现日期，不早于今天）")
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.filter(user__is_active=True),
        required=False,
        allow_null=True,
        help_text="责任人",
    )
    description = serializers.CharField(required=False, allow_blank=True)
    finish_standard = serializers.CharField(required=False, allow_blank=True, help_text="完成标准")


class ConfirmSerializer(GuardedSerializer):
    root_cause = serializers.CharField(allow_blank=True, help_text="问题根源")
    responsible_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True, help_text="责任单位，省略为问题所在单位"
    )
    leader = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.filter(user__is_active=True),
        required=False,
        allow_null=True,
        help_text="分管领导，省略为分管责任单位的领导",
    )
    measures = MeasureInputSerializer(many=True, help_text="整改措施（治标、治本），至少一项")


class MeasureSerializer(GuardedModelSerializer):
    kind_label = serializers.CharField(read_only=True)
    title = serializers.CharField(source="task.title", read_only=True)
    status = serializers.CharField(source="task.status", read_only=True, help_text="任务的状态")
    status_label = serializers.CharField(source="task.status_label", read_only=True)
    due_date = serializers.DateField(source="task.due_date", read_only=True)
    lead_unit = serializers.IntegerField(source="task.lead_unit_id", read_only=True)
    upstream = serializers.SerializerMethodField(help_text="true：所属共性问题的上游治本措施")

    class Meta:
        model = Measure
        fields = [
            "id",
            "kind",
            "kind_label",
            "task",
            "title",
            "status",
            "status_label",
            "due_date",
            "lead_unit",
            "upstream",
        ]
        read_only_fields = fields

    def get_upstream(self, measure: Measure) -> bool:
        return measure.common_id is not None


class CloseSerializer(GuardedSerializer):
    note = serializers.CharField(allow_blank=True, help_text="对整改佐证的审核意见")
    recheck_on = serializers.DateField(required=False, allow_null=True, help_text="回头看日期，省略为90天后")


class DismissReasonSerializer(GuardedSerializer):
    reason = serializers.CharField(allow_blank=True)


class RecheckSerializer(GuardedSerializer):
    rebounded = serializers.BooleanField(help_text="true：发现反弹（重新打开）；false：未反弹")
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="发现的情况（反弹时必填）"
    )


class CommonSerializer(GuardedSerializer):
    problems = serializers.ListField(
        child=IdField(),
        help_text="问题id，须涉及三个及以上单位",
    )
    title = serializers.CharField(max_length=200, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    lead_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), help_text="上游治本措施的牵头单位"
    )
    measure = MeasureInputSerializer(help_text="上游治本措施（kind 忽略，均为治本）")


class CommonProblemSerializer(GuardedSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    problems = serializers.ListField(child=serializers.IntegerField())
    measures = MeasureSerializer(many=True)


class CategorySerializer(GuardedModelSerializer):
    class Meta:
        model = ProblemCategory
        fields = ["id", "name", "parent", "is_active"]
        read_only_fields = fields


class SimilarQuerySerializer(GuardedSerializer):
    text = serializers.CharField(help_text="问题描述")
    unit = IdField(required=False, help_text="问题所在单位id")
    category = IdField(required=False, help_text="问题类别id")
