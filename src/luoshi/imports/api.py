"""Ledger import endpoints of docs/api.md: upload a file and get its preview, change the mapping or name a
unit, commit (all rows or none)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from luoshi.core import idempotency
from luoshi.core.api import UPLOAD_PARSERS, error_responses
from luoshi.core.errors import InvalidInput
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.serializers import GuardedSerializer, IdField
from luoshi.directives.choices import RequirementStatus
from luoshi.reports.ledger import LEDGER_CONTENT_TYPE

from . import services
from .export import CONTENT_TYPES, download
from .models import ImportBatch


class ImportUploadSerializer(GuardedSerializer):
    file = serializers.FileField(
        help_text="台账文件：.xlsx（Excel或WPS另存）、.csv（UTF-8或GB18030）或Word任务分解表 .docx"
    )


class ImportBatchChangeSerializer(GuardedSerializer):
    mapping = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text="整体替换列对应：{列序号（从0开始）: 字段}，字段为 seq、title、measures、lead_unit、"
        "co_units、owner、leader、due、progress、plan、cadence、remarks；空字符串表示该列不导入",
    )
    unit_overrides = serializers.DictField(
        child=IdField(allow_null=True),
        required=False,
        help_text="逐项合并：{表格中的单位名称: 单位id}；值为 null 取消此前的指定",
    )
    unit_aliases = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text="记为该单位别名：其中每个名称都记为本次或此前在 unit_overrides 中为它指定的单位的别称，"
        "今后导入的台账写这个名称时直接按该单位导入，不再询问。只能为可交办任务的单位（本单位及下级单位）记"
        "（否则 403 outside_assign_scope）；与另一单位的名称、简称或别称相同（忽略空格、繁简、全半角括号）"
        "→ 400 alias_taken；没有指定单位 → 400 alias_without_unit；有一个不能记则什么也不改",
    )
    dropped_units = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        help_text="整体替换：不设为配合单位的名称（出现在配合单位列时不设为配合单位，原文记入任务内容）；"
        "[] 全部恢复",
    )
    skip_rows = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        required=False,
        help_text="整体替换不导入的行：表格中的行号（从1开始）；[] 恢复全部行",
    )
    skip_errors = serializers.BooleanField(
        required=False,
        default=False,
        help_text="true：在 skip_rows 之外再跳过所有有错误的行（全部行，不只预览中的）",
    )


class ImportColumnSerializer(GuardedSerializer):
    index = serializers.IntegerField(help_text="列序号，从0开始")
    letter = serializers.CharField(help_text="列字母，如 A")
    name = serializers.CharField(help_text="表头文字")
    field = serializers.CharField(allow_null=True, help_text="对应的字段，null 为不导入")


class ImportFieldSerializer(GuardedSerializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field of the body, for the schema only


class ImportProblemSerializer(GuardedSerializer):
    field = serializers.CharField(help_text="涉及的字段")
    level = serializers.CharField(help_text="error 该行不能导入；warning 可导入")
    message = serializers.CharField(help_text="中文说明")


class ImportRowSerializer(GuardedSerializer):
    row = serializers.IntegerField(help_text="表格中的行号")
    parent_row = serializers.IntegerField(allow_null=True, help_text="上级行（按一、（一）1. 编号）的行号")
    level = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)
    lead_unit = serializers.IntegerField(allow_null=True)
    lead_unit_name = serializers.CharField(allow_null=True)
    co_units = serializers.ListField(child=serializers.IntegerField())
    co_unit_names = serializers.ListField(child=serializers.CharField())
    owner = serializers.IntegerField(allow_null=True)
    owner_name = serializers.CharField(allow_null=True)
    leader = serializers.IntegerField(allow_null=True)
    leader_name = serializers.CharField(allow_null=True)
    due_phrase = serializers.CharField(allow_blank=True, help_text="完成时限原文")
    due_date = serializers.DateField(allow_null=True)
    due_read = serializers.DateField(
        allow_null=True, help_text="从时限读出的日期（与 due_date 相同；已过期的按原表填入，交办前需改期）"
    )
    ongoing = serializers.BooleanField(help_text="长期坚持、持续推进等：不设完成时限")
    cadence = serializers.CharField(allow_null=True, help_text="识别出的反馈周期，如 monthly:25")
    cadence_read = serializers.CharField(
        help_text="任务将采用的反馈周期（文字），如“每月25日前报送”“每周五报送（未写明，按默认）”"
    )
    cells = serializers.DictField(
        child=serializers.CharField(allow_blank=True), help_text="字段 → 单元格原文"
    )
    merged = serializers.BooleanField(help_text="一段文字跨整行合并（如“一、干部队伍建设”）：作为标题行")
    category = serializers.BooleanField(
        help_text="未写牵头单位、下有任务行的标题（如“一、党的建设”）：分类，不导入为任务，其下各行归入上一级"
    )
    problems = ImportProblemSerializer(many=True)
    ok = serializers.BooleanField(help_text="没有 error 级问题")
    imported = serializers.BooleanField(help_text="此前已导入，提交时跳过")
    skip = serializers.BooleanField(help_text="用户选择跳过：不导入，其问题不妨碍导入其他行")


class ImportUnknownUnitSerializer(GuardedSerializer):
    mention = serializers.CharField(help_text="表格中的单位名称")
    unit = serializers.IntegerField(allow_null=True)
    unit_name = serializers.CharField(allow_null=True)
    confidence = serializers.FloatField()
    suggestion = serializers.IntegerField(allow_null=True, help_text="相近的单位id（未采用）")
    suggestion_name = serializers.CharField(allow_null=True)
    part = serializers.CharField(
        allow_blank=True, help_text="名称中含有的某单位名称（只是其中一部分，不按该单位导入）"
    )
    rows = serializers.ListField(child=serializers.IntegerField(), help_text="出现的行号")
    co = serializers.BooleanField(help_text="出现在配合单位中：可选择不设为配合单位（dropped_units）")


class ImportProgressSerializer(GuardedSerializer):
    done = serializers.IntegerField(help_text="已读入并写入的行数（表头以下）")
    total = serializers.IntegerField(
        allow_null=True, help_text="按文件记录的范围估计的总行数；不知道时为 null"
    )
    percent = serializers.IntegerField(allow_null=True, help_text="完成前最多为99")


class ImportTallySerializer(GuardedSerializer):
    blocked = serializers.IntegerField(help_text="有错误、须处理或跳过才能导入的行")
    warned = serializers.IntegerField(help_text="有提示、可导入的行")
    ready = serializers.IntegerField(help_text="没有问题的行")
    skipped = serializers.IntegerField(help_text="用户选择跳过的行")
    imported = serializers.IntegerField(help_text="此前已导入、将跳过的行")
    categories = serializers.IntegerField(help_text="分类标题行（不导入为任务）")


class ImportReferenceSerializer(GuardedSerializer):
    date = serializers.DateField(help_text="未写年份的完成时限（3月底前、第一季度）据以推算的日期")
    basis = serializers.CharField(
        help_text="filed 表中填报日期（Word 文档为正文中的日期）；"
        "title 标题中的年份（取其1月1日）；uploaded 上传日期"
    )
    note = serializers.CharField(help_text="如“按表中填报日期2026年2月28日推算”")


class ImportPreviewSerializer(GuardedSerializer):
    id = serializers.IntegerField()
    file_name = serializers.CharField()
    status = serializers.CharField(
        help_text="preview 待导入；queued 排队中；running 导入中；committed 已导入；"
        "failed 导入失败（未写入，可修改后重试）"
    )
    status_label = serializers.CharField()
    url = serializers.CharField(help_text="本导入的地址：排队导入时轮询它看进度和结果")
    progress = ImportProgressSerializer(help_text="排队导入的进度（queued、running 时）")
    error = serializers.CharField(allow_blank=True, help_text="导入失败的原因")
    sheet = serializers.CharField(allow_blank=True)
    sheets = serializers.ListField(child=serializers.CharField())
    header_row = serializers.IntegerField(help_text="表头所在行号（从1开始）")
    reference = ImportReferenceSerializer(
        allow_null=True, help_text="完成时限按哪一天推算；读不出表格时为 null"
    )
    columns = ImportColumnSerializer(many=True)
    mapping = serializers.DictField(child=serializers.CharField())
    unit_overrides = serializers.DictField(child=serializers.IntegerField())
    dropped_units = serializers.ListField(
        child=serializers.CharField(), help_text="不设为配合单位、原文记入任务内容的名称"
    )
    skip_rows = serializers.ListField(child=serializers.IntegerField(), help_text="用户选择跳过的行号")
    fields = ImportFieldSerializer(many=True)  # type: ignore[assignment]  # a field of the body, for the schema only
    problems = serializers.ListField(
        child=serializers.CharField(), help_text="整份文件的问题（如未指定任务内容列）"
    )
    rows = ImportRowSerializer(many=True, help_text="前200行")
    unknown_units = ImportUnknownUnitSerializer(many=True)
    guessed_units = ImportUnknownUnitSerializer(
        many=True,
        help_text="按相近名称推测、带提示导入的单位（unit 为推测的单位）：可用 unit_overrides 改选或确认",
    )
    shown = serializers.IntegerField(required=False)
    limit = serializers.IntegerField(required=False)
    errors = serializers.IntegerField(  # type: ignore[assignment]  # a field of the body, for the schema only
        required=False, help_text="所列行中有错误、未跳过的行数（同 tally.blocked）"
    )
    tally = ImportTallySerializer(required=False, help_text="所列行按提交时的处理分类，每行只计一次")
    counts = serializers.DictField(child=serializers.IntegerField())
    report = serializers.DictField()
    prose = serializers.CharField(
        allow_blank=True, help_text="Word文档表格以外的正文（如印发通知）；其他文件为空"
    )
    directive = serializers.IntegerField(allow_null=True, help_text="据正文录入的讲话文件id")


class ImportReportSerializer(GuardedSerializer):
    created = serializers.IntegerField(help_text="新建的任务数")
    skipped = serializers.IntegerField(help_text="此前已导入、这次跳过的行数")
    skipped_by_user = serializers.IntegerField(help_text="用户选择跳过、未导入的行数")
    refused = serializers.ListField(
        child=serializers.DictField(), help_text="成功时为空；有行不能导入时整份不导入，答复400"
    )
    skipped_rows = serializers.ListField(child=serializers.IntegerField(), help_text="此前已导入的行号")
    skipped_by_user_rows = serializers.ListField(child=serializers.IntegerField(), help_text="用户跳过的行号")
    tasks = serializers.ListField(child=serializers.IntegerField(), help_text="新建任务的id（最多1000个）")
    rows = serializers.IntegerField(help_text="读到的任务行数")


class ImportDirectiveSerializer(GuardedSerializer):
    directive = serializers.IntegerField(help_text="新录入的讲话文件id")
    title = serializers.CharField()
    url = serializers.CharField(help_text="讲话文件的地址：在那里确认分解出的要求")
    requirements = serializers.IntegerField(
        allow_null=True, help_text="分解出的要求条数；正文很长、在后台分解时为 null"
    )


class ImportViewSet(viewsets.GenericViewSet):
    parser_classes = UPLOAD_PARSERS
    serializer_class = ImportPreviewSerializer

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return ImportBatch.objects.none()
        return ImportBatch.objects.restrict(self.request.user, "view")

    def _batch(self, pk: Any) -> ImportBatch:
        return get_visible_or_404(ImportBatch.objects.all(), self.request.user, "view", pk=pk)

    @extend_schema(
        summary="上传台账，预览导入",
        tags=["imports"],
        request={"multipart/form-data": ImportUploadSerializer},
        description="识别工作表、表头行和列对应，答复前200行及每行的问题。此时不写入任何任务。",
        responses={201: ImportPreviewSerializer, **error_responses(400)},
        parameters=[idempotency.PARAMETER],
    )
    @action(detail=False, methods=["post"], url_path="tasks", parser_classes=[MultiPartParser])
    @idempotency.idempotent
    def upload(self, request: Request) -> Response:
        file = request.FILES.get("file")
        if file is None:
            raise InvalidInput(
                "请上传台账文件（字段 file）", "file_required", errors={"file": ["请选择文件"]}
            )
        batch = services.upload_ledger(actor=request.user, upload=file)
        return Response(services.preview(batch, actor=request.user), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="导入预览",
        tags=["imports"],
        responses={200: ImportPreviewSerializer, **error_responses(404)},
    )
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(services.preview(self._batch(pk), actor=request.user))

    @extend_schema(
        summary="修改列对应、指定单位（可记为该单位别名）、不设配合单位或跳过行",
        tags=["imports"],
        request=ImportBatchChangeSerializer,
        description="跳过的行不导入，提交时计入 skipped_by_user。"
        "unit_aliases 中的名称记为所指定单位的别称，今后的导入直接采用；已是该单位的名称则不再重复记入。"
        "两列对应同一字段 → 400 duplicate_mapping；未指定任务内容列 → 400 title_unmapped；"
        "已导入 → 409 already_committed。答复新的预览。",
        responses={200: ImportPreviewSerializer, **error_responses(400, 404, 409)},
    )
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        batch = self._batch(pk)
        serializer = ImportBatchChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        batch = services.update_batch(batch, actor=request.user, **serializer.validated_data)
        return Response(services.preview(batch, actor=request.user))

    @extend_schema(
        summary="导入（全部或全不）",
        tags=["imports"],
        request=None,
        description="每行经任务服务建成草稿任务，按编号成树；用户跳过的行不导入，其下的行归到更上一级。"
        "任何一行不能导入 → 400 rows_refused，"
        "errors.refused 列出每行的行号和原因，什么也不写入。"
        "此前导入过的行跳过。再次提交 → 409 already_committed；正在导入 → 409 import_running。"
        "超过 LUOSHI_IMPORT_INLINE_ROWS 行（默认2000）或文件未记录行数的台账在请求之外导入：答复 202 和"
        "本导入的预览（status queued，url、Location 为它的地址），轮询该地址看 progress，"
        "完成后 status 为 committed、report 为导入报告；"
        "失败为 failed，error 为原因、report.refused 列出各行。",
        responses={
            200: ImportReportSerializer,
            202: ImportPreviewSerializer,
            **error_responses(400, 404, 409),
        },
        parameters=[idempotency.PARAMETER],
    )
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def commit(self, request: Request, pk: Any = None) -> Response:
        batch = self._batch(pk)
        report = services.commit_or_queue(batch, actor=request.user)
        if report is not None:
            return Response(report)
        body = services.preview(self._batch(pk), actor=request.user)
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})

    @extend_schema(
        summary="把Word文档表格以外的正文录入为讲话文件",
        tags=["imports"],
        request=None,
        description="正文（如印发通知）作为“文件”类讲话文件录入，并由分解引擎分解出要求，"
        "在讲话文件中逐条确认。每次上传只录入一次：再次提交 → 409 prose_entered；"
        "没有正文 → 400 no_prose。",
        responses={201: ImportDirectiveSerializer, **error_responses(400, 404, 409)},
        parameters=[idempotency.PARAMETER],
    )
    @action(detail=True, methods=["post"])
    @idempotency.idempotent
    def directive(self, request: Request, pk: Any = None) -> Response:
        made, requirements = services.prose_to_directive(self._batch(pk), actor=request.user)
        body = {
            "directive": made.pk,
            "title": made.title,
            "url": f"/api/v1/directives/{made.pk}/",
            "requirements": None
            if requirements is None
            else sum(r.status == RequirementStatus.PROPOSED for r in requirements),
        }
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="按原表格式导出（.xlsx；Word 任务分解表为 .docx）",
        tags=["imports"],
        description="已导入的台账按上传时的格式导出：标题行、表头（含合并单元格）、列宽、样式和打印设置与原表相同，"
        "填报日期为当天；每行为该行建成的任务的当前情况"
        "（任务名称、牵头和配合单位、责任人、分管领导、完成时限、最新进展为进展情况）；"
        "未导入的列、序号、备注为原表内容。Word 文档导出为 Word：原表格及其上方的标题，不含正文。"
        "尚未导入 → 409 not_committed。",
        responses={
            (200, LEDGER_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="Excel 工作簿"),
            (200, CONTENT_TYPES["docx"]): OpenApiResponse(OpenApiTypes.BINARY, description="Word 文档"),
            **error_responses(404, 409),
        },
    )
    @action(detail=True, methods=["get"])
    def export(self, request: Request, pk: Any = None) -> HttpResponseBase:
        return download(self._batch(pk), request.user, request)
