"""The bodies of the 督查调研 API (docs/api.md: Campaigns, Visits, Documents)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from luoshi.core.serializers import GuardedModelSerializer, GuardedSerializer, IdField

from ..choices import CampaignKind, DocumentKind, FindingResult
from ..models import Campaign, Finding, IssuedDocument, Team, Visit, VisitPhoto
from ..services.problems import problem_of


class TeamSerializer(GuardedModelSerializer):
    leader_name = serializers.CharField(source="leader.name", read_only=True)
    member_names = serializers.SerializerMethodField()

    class Meta:
        model = Team
        fields = ["id", "name", "leader", "leader_name", "members", "member_names"]
        read_only_fields = fields

    def get_member_names(self, team: Team) -> list[str]:
        return [m.name for m in team.members.all()]


class ProgressSerializer(GuardedSerializer):
    units = serializers.IntegerField(help_text="检查对象单位数")
    units_visited = serializers.IntegerField(help_text="已有检查结果的单位数")
    points = serializers.IntegerField(help_text="应查要点数（要点 × 单位）")
    points_checked = serializers.IntegerField()
    problems_found = serializers.IntegerField()
    problems_rectified = serializers.IntegerField(help_text="问题清单中已销号的")


class PointSerializer(GuardedSerializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    task = serializers.IntegerField(allow_null=True, source="task_id")


class CampaignSerializer(GuardedModelSerializer):
    kind_label = serializers.CharField(read_only=True)
    teams = TeamSerializer(many=True, read_only=True)
    checklist = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "id",
            "kind",
            "kind_label",
            "topic",
            "directive",
            "tasks",
            "start_date",
            "end_date",
            "target_units",
            "teams",
            "checklist",
            "progress",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_checklist(self, campaign: Campaign) -> list[dict[str, Any]]:
        """Every point (the progress counts them all); a point's task only if it is among ``tasks``, the
        linked tasks the reader may open."""
        seen = {task.pk for task in campaign.tasks.all()}
        points = PointSerializer(campaign.points.all(), many=True).data
        return [{**point, "task": point["task"] if point["task"] in seen else None} for point in points]

    def get_progress(self, campaign: Campaign) -> dict[str, int]:
        from ..checklist import progress

        figures = progress(campaign)
        return ProgressSerializer(figures).data  # type: ignore[return-value]


class TeamInputSerializer(GuardedSerializer):
    name = serializers.CharField(max_length=50)
    leader = IdField(help_text="组长（人员id）")
    members = serializers.ListField(child=IdField(), required=False, default=list)


class CampaignCreateSerializer(GuardedSerializer):
    kind = serializers.ChoiceField(choices=CampaignKind.choices())
    topic = serializers.CharField(max_length=200)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    target_units = serializers.ListField(child=IdField(), help_text="检查对象单位id")
    teams = TeamInputSerializer(many=True)
    tasks = serializers.ListField(
        child=IdField(),
        required=False,
        default=list,
        help_text="关联任务id：检查清单按其完成标准生成",
    )
    directive = IdField(required=False, allow_null=True, default=None)
    extra_points = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, default=list, help_text="补充检查要点"
    )


class FindingSerializer(GuardedModelSerializer):
    point_text = serializers.CharField(source="point.text", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    result_label = serializers.CharField(read_only=True)
    recorded_by_name = serializers.CharField(source="recorded_by.name", read_only=True)
    problem = serializers.SerializerMethodField(help_text="转入问题清单后的问题id")

    class Meta:
        model = Finding
        fields = [
            "id",
            "point",
            "point_text",
            "unit",
            "unit_name",
            "result",
            "result_label",
            "note",
            "deadline",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
            "problem",
        ]
        read_only_fields = fields

    def get_problem(self, finding: Finding) -> int | None:
        problem = problem_of(finding)
        return problem.pk if problem is not None else None


class FindingInputSerializer(GuardedSerializer):
    point = IdField()
    unit = IdField()
    result = serializers.ChoiceField(choices=FindingResult.choices())
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    deadline = serializers.DateField(required=False, allow_null=True, default=None)


class EvidenceSerializer(GuardedSerializer):
    task = serializers.IntegerField(source="task_id")
    task_title = serializers.CharField()
    what = serializers.CharField(help_text="复命 / 协办报送 / 已销号")
    text = serializers.CharField()
    percent = serializers.IntegerField(allow_null=True)
    at = serializers.DateField(allow_null=True)
    files = serializers.IntegerField()
    done = serializers.BooleanField()


class AnswerSerializer(GuardedSerializer):
    point = serializers.IntegerField(source="point.pk")
    point_text = serializers.CharField(source="point.text")
    unit = serializers.IntegerField(source="unit_id")
    missing = serializers.BooleanField(help_text="系统中没有该单位的相关情况：需向单位了解")
    evidence = EvidenceSerializer(many=True)
    finding = FindingSerializer(allow_null=True)


class PhotoSerializer(GuardedModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = VisitPhoto
        fields = ["id", "name", "width", "height", "size", "latitude", "longitude", "url"]
        read_only_fields = fields

    def get_url(self, photo: VisitPhoto) -> str:
        return reverse("inspections:visit_photo", args=[photo.token])


class VisitSerializer(GuardedModelSerializer):
    author_name = serializers.CharField(source="author.name", read_only=True)
    unit_name = serializers.SerializerMethodField()
    photos = PhotoSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField(help_text="走访记录页面")

    class Meta:
        model = Visit
        fields = [
            "id",
            "place",
            "unit",
            "unit_name",
            "campaign",
            "visited_at",
            "people_met",
            "heard",
            "raised",
            "author",
            "author_name",
            "photos",
            "created_at",
            "url",
        ]
        read_only_fields = fields

    def get_unit_name(self, visit: Visit) -> str | None:
        return visit.unit.name if visit.unit else None

    def get_url(self, visit: Visit) -> str:
        return reverse("inspections:visit", args=[visit.pk])


class VisitInputSerializer(GuardedSerializer):
    place = serializers.CharField(max_length=200)
    visited_at = serializers.DateTimeField()
    heard = serializers.CharField(max_length=20000)
    people_met = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    unit = IdField(required=False, allow_null=True, default=None)
    campaign = IdField(required=False, allow_null=True, default=None)
    raised = serializers.ListField(
        child=serializers.CharField(max_length=2000),
        required=False,
        default=list,
        help_text="当场发现的问题，每条一个",
    )
    keep_location = serializers.BooleanField(required=False, default=False, help_text="保留照片中的位置信息")
    client_key = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)


class VisitUploadSerializer(VisitInputSerializer):
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="现场照片（可多张）"
    )


class DocumentSerializer(GuardedModelSerializer):
    kind_label = serializers.CharField(read_only=True)
    number = serializers.CharField(read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = IssuedDocument
        fields = [
            "id",
            "kind",
            "kind_label",
            "number",
            "year",
            "serial",
            "title",
            "task",
            "problem",
            "campaign",
            "period_start",
            "period_end",
            "issued_by",
            "issued_at",
            "revised_by",
            "updated_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, document: IssuedDocument) -> str:
        return reverse("api:document-download", args=[document.pk])


class NoticeInputSerializer(GuardedSerializer):
    kind = serializers.ChoiceField(
        choices=[c for c in DocumentKind.choices() if c[0] != DocumentKind.BULLETIN]
    )
    task = IdField(required=False, help_text="任务（与 problem 二选一）")
    problem = IdField(required=False, help_text="问题（与 task 二选一）")
    request = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    reply_by = serializers.DateField(required=False, allow_null=True, default=None)
