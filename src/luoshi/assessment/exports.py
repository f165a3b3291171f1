"""A period's results to take away: its scores and its ranking as Excel workbooks (the units the reader
may see, as on the pages), and the 考核结果通报 of a published period as a 公文 (.docx)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from luoshi.accounts.audit import record_export
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.views import require_perm
from luoshi.org.models import Unit
from luoshi.reports import results
from luoshi.reports.ledger import LEDGER_CONTENT_TYPE
from luoshi.reports.sheets import table_workbook

from .choices import Board, PeriodStatus
from .explain import Group, movement_text, ranking, share, shown_version, visible_scores
from .models import IndicatorScore, Period, UnitScore
from .services import leaves

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RANKING_COLUMNS = [
    ("比较组", 14),
    ("名次", 6),
    ("单位", 22),
    ("总分", 9),
    ("较上期", 10),
    ("榜单", 7),
    ("说明", 50),
]


def _period(request: HttpRequest, pk: int) -> Period:
    return get_visible_or_404(Period.objects.select_related("scheme"), request.user, "view", pk=pk)


def _download(
    request: HttpRequest, period: Period, body: bytes, content_type: str, name: str
) -> HttpResponse:
    """The file, its taking recorded in the security audit (导出数据) as every export is."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    record_export(request, name.rsplit(".", 1)[0], fmt=name.rsplit(".", 1)[1], period=period.pk)
    return response


def _stamp(period: Period) -> str:
    version = shown_version(period)
    state = "已审定发布" if period.is_locked else "考核中，未经审定"
    return f"第{version}版（{state}） 导出于 {timezone.localtime():%Y-%m-%d %H:%M}"


def ranking_rows(groups: list[Group], published: bool) -> Iterator[list[Any]]:
    for group in groups:
        for s in group.scores:
            yield [
                group.label,
                s.rank if s.rank is not None else "—",
                s.unit.name,
                float(s.total) if s.total is not None else "—",
                movement_text(s) or "—",
                Board.shown(s.board, published),
                s.rank_note + (f"；{s.note}" if s.note else ""),
            ]


@require_perm("assessment.view_score")
def ranking_export(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    if not period.version:
        raise Http404("本期还没有计算得分")
    body = table_workbook(
        f"{period.name}比学赶超排名",
        RANKING_COLUMNS,
        ranking_rows(ranking(period, request.user), period.is_locked),
        _stamp(period),
    )
    return _download(request, period, body, LEDGER_CONTENT_TYPE, f"{period.name}排名.xlsx")


def score_table(period: Period, scores: list[UnitScore]) -> tuple[list[tuple[str, int]], list[list[Any]]]:
    """A row per unit: each scoring indicator's points (— where it does not count), then the totals."""
    scheme = period.scheme
    scoring = leaves(list(scheme.indicators.all()), scheme.process_weight, scheme.effect_weight)
    points: dict[tuple[int, int], Any] = {
        (row.unit_score_id, row.indicator_id): row.points
        for row in IndicatorScore.objects.filter(unit_score__in=scores).only(
            "unit_score_id", "indicator_id", "points"
        )
    }
    columns = [("单位", 20), ("比较组", 12)]
    columns += [(leaf.indicator.name, 10) for leaf in scoring]
    columns += [("过程得分", 9), ("效果得分", 9), ("加分", 7), ("扣分", 7), ("总分", 9), ("名次", 6)]
    rows = []
    for s in scores:
        row: list[Any] = [s.unit.name, s.peer_label]
        for leaf in scoring:
            value = points.get((s.pk, leaf.indicator.pk))
            row.append(float(value) if value is not None else "—")
        row += [share(s.process), share(s.effect), float(s.bonus), float(s.deduction), share(s.total)]
        row.append(s.rank if s.rank is not None else "不排名")
        rows.append(row)
    return columns, rows


@require_perm("assessment.view_score")
def scores_export(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    if not period.version:
        raise Http404("本期还没有计算得分")
    scores = list(visible_scores(period, request.user).order_by("peer_group", "rank", "unit__tree_path"))
    columns, rows = score_table(period, scores)
    note = _stamp(period) + "；指标得分为百分制，“—”为本期无可考核事项、不计分"
    body = table_workbook(f"{period.name}考核得分", columns, rows, note)
    return _download(request, period, body, LEDGER_CONTENT_TYPE, f"{period.name}得分.xlsx")


def document_number(period: Period) -> str:
    """考核通报〔年〕N号: N counts the scheme's published periods up to this one, in date order."""
    serial = Period.objects.filter(
        scheme=period.scheme, status=PeriodStatus.PUBLISHED, starts_on__lte=period.starts_on
    ).count()
    return f"考核通报〔{period.scheme.year}〕{serial}号"


def results_content(period: Period, groups: list[Group]) -> results.ResultsContent:
    """The 通报 of the published version: every unit, as the published ranking shows to all."""
    root = Unit.objects.filter(parent__isnull=True, is_active=True).order_by("sort_order", "id").first()
    issuer = root.name if root else "组织部"
    scores = [s for g in groups for s in g.scores]
    ranked = [s for s in scores if s.rank is not None]
    published = timezone.localdate(period.published_at) if period.published_at else timezone.localdate()
    overview = (
        f"按照{period.scheme.name}，对{len(scores)}个单位{period.name}的工作进行了考核，"
        f"其中{len(ranked)}个单位参加排名。考核结果经部长审定，现予通报。"
    )
    columns, rows = score_table(period, scores)
    first, last = len(columns) - 6, len(columns)
    annex = [[str(n), row[0], row[1], *[str(v) for v in row[first:last]]] for n, row in enumerate(rows, 1)]
    return results.ResultsContent(
        issuer_mark=f"{issuer}文件",
        number=document_number(period),
        title=f"关于{period.name}考核结果的通报",
        addressee="各科室，各区县委组织部",
        signature=issuer,
        date=published,
        overview=overview,
        groups=[
            results.Group(
                label=g.label,
                placed=[
                    results.Placed(s.unit.name, f"第{s.rank}名", share(s.total), movement_text(s))
                    for s in g.scores
                    if s.rank is not None
                ],
                red=[s.unit.name for s in g.scores if s.board == Board.RED],
                black=[s.unit.name for s in g.scores if s.board == Board.BLACK],
                idle=[s.unit.name for s in g.scores if s.rank is None],
            )
            for g in groups
        ],
        requirements=[
            "红榜单位要总结经验、再接再厉，发挥示范带动作用",
            "黑榜单位要深入查找原因，制定整改措施，于下期考核前向分管领导报告整改情况",
            "各单位要对照考核指标，补齐短板弱项，推动各项工作落地见效",
        ],
        annex_rows=annex,
        printed_by=f"{issuer}办公室",
    )


@require_perm("assessment.manage")
def results_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The leaders' 考核结果通报, only once the head has published the period."""
    period = _period(request, pk)
    if not period.is_locked:
        raise Http404("本期考核结果尚未审定发布，不能生成通报")
    content = results_content(period, ranking(period, request.user))
    name = f"{content.number}{content.title}.docx"
    return _download(request, period, results.write_results(content), DOCX, name)
