"""Export endpoints of docs/api.md: ask for a list's Excel file as a job (202 and a status URL), poll it,
download the file."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from luoshi.core import idempotency
from luoshi.core.api import error_responses
from luoshi.core.errors import Conflict
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.serializers import GuardedModelSerializer, GuardedSerializer

from . import services
from .models import CONTENT_TYPES, ExportJob
from .views import file_response


class ExportRequestSerializer(GuardedSerializer):
    kind = serializers.CharField(
        help_text=(
            "导出哪个列表：tasks-ledger 任务台账；problems-ledger 问题清单；inspections-visits 一线走访；"
            "study-sessions 专题学习；training-people 年度培训学时；"
            'imports-layout 已导入的台账按原表格式（filters 为 {"pk": 导入记录id}，Word 任务分解表为 .docx）'
        )
    )
    filters = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text='列表的筛选条件，与列表接口和页面的查询参数相同，如 {"is_key": "true"}',
    )


class ExportJobSerializer(GuardedModelSerializer):
    status_label = serializers.CharField(read_only=True)
    percent = serializers.IntegerField(read_only=True, allow_null=True, help_text="完成前最多为99")
    url = serializers.SerializerMethodField(help_text="本导出的地址：轮询它看进度和结果")
    download_url = serializers.SerializerMethodField(help_text="完成后下载文件的地址；之前为 null")

    class Meta:
        model = ExportJob
        fields = [
            *("id", "kind", "title", "params", "note", "status", "status_label"),
            *("total", "done", "percent", "size", "error", "created_at", "started_at", "finished_at"),
            *("url", "download_url"),
        ]
        extra_kwargs = {
            "status": {
                "help_text": "queued 排队中；running 生成中；done 已完成；failed 导出失败（error 为原因）"
            },
            "total": {"help_text": "按申请人运行时可见的数据计的总行数"},
            "done": {"help_text": "已写入的行数"},
        }

    def get_url(self, job: ExportJob) -> str:
        return f"/api/v1/exports/{job.pk}/"

    def get_download_url(self, job: ExportJob) -> str | None:
        return f"/api/v1/exports/{job.pk}/download/" if job.status == "done" else None


class ExportViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ExportJobSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return ExportJob.objects.none()
        return ExportJob.objects.restrict(self.request.user, "view")[: services.RECENT]

    def _job(self, pk: Any) -> ExportJob:
        return get_visible_or_404(ExportJob.objects.all(), self.request.user, "view", pk=pk)

    @extend_schema(summary="我的导出（最近20个）", tags=["exports"])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="导出列表为Excel（后台生成）",
        tags=["exports"],
        request=ExportRequestSerializer,
        description="按申请人的可见范围和筛选条件在请求之外生成 Excel 文件：答复 202 和本导出"
        "（url、Location 为它的地址），轮询该地址看 done/total，status 为 done 后从 download_url 下载。"
        "kind：tasks-ledger 任务台账，problems-ledger 问题清单，inspections-visits 一线走访，"
        "study-sessions 专题学习，training-people 年度培训学时，"
        'imports-layout 已导入的台账按原表格式（filters 为 {"pk": 导入记录id}；只有上传人能导出，'
        "Word 任务分解表生成 .docx）。"
        "没有该列表的权限 → 403；筛选条件有误 → 400 bad_filter；没有这种导出 → 404 unknown_export；"
        "导入记录不存在或无权访问 → 404 not_found；台账尚未导入 → 409 not_committed。"
        "小的列表也可以直接下载各列表的 export.xlsx。",
        responses={202: ExportJobSerializer, **error_responses(400, 404)},
        parameters=[idempotency.PARAMETER],
    )
    @idempotency.idempotent
    def create(self, request: Request) -> Response:
        given = ExportRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        params = QueryDict(mutable=True)
        params.update(given.validated_data["filters"])
        job = services.queue_export(given.validated_data["kind"], params, actor=request.user)
        assert job is not None  # noqa: S101 (no inline_rows: always a job)
        body = ExportJobSerializer(job).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})

    @extend_schema(
        summary="导出的进度和结果",
        tags=["exports"],
        responses={200: ExportJobSerializer, **error_responses(404)},
    )
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(ExportJobSerializer(self._job(pk)).data)

    @extend_schema(
        summary="下载导出的文件（.xlsx；Word 任务分解表按原表格式为 .docx）",
        tags=["exports"],
        description="只有申请人能下载；尚未生成或导出失败 → 409 not_ready；已过期（24小时）→ 404。",
        responses={
            (200, CONTENT_TYPES[".xlsx"]): OpenApiResponse(OpenApiTypes.BINARY, description="Excel 工作簿"),
            (200, CONTENT_TYPES[".docx"]): OpenApiResponse(OpenApiTypes.BINARY, description="Word 文档"),
            **error_responses(404, 409),
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: Any = None) -> HttpResponseBase:
        job = self._job(pk)
        response = file_response(job, request)
        if response is None:
            raise Conflict(f"文件尚未生成（{job.status_label}）", "not_ready")
        return response
