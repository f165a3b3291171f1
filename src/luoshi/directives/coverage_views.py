"""The 对标对表 page of a directive and its Excel export."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from luoshi.accounts.audit import record_export
from luoshi.core.errors import ServiceError
from luoshi.core.filters import whole_number
from luoshi.core.views import require_perm

from . import services
from .coverage import coverage, export_rows
from .models import Directive, Requirement

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_perm("directives.view_directive")
def directive_coverage(request: HttpRequest, pk: int) -> HttpResponse:
    """Each requirement with its tasks, lights, progress; ?format=xlsx the sheet; POST sets 落实的上级部署."""
    directive = Directive.objects.restrict(request.user).filter(pk=pk).first()
    if directive is None:
        raise Http404("文件不存在或您无权访问")
    can_change = request.user.has_perm("directives.change_directive", directive)
    if request.method == "POST":
        chosen = [pk for pk in map(whole_number, request.POST.getlist("answers")) if pk is not None]
        lower = (
            Requirement.objects.restrict(request.user)
            .filter(pk=request.POST.get("requirement") or 0, directive__answers=directive)
            .first()
        )
        try:
            if lower is not None:
                services.set_requirement_answers(
                    lower,
                    actor=request.user,
                    uppers=list(
                        Requirement.objects.restrict(request.user).filter(pk__in=chosen, directive=directive)
                    ),
                )
            else:
                services.set_answers(
                    directive,
                    actor=request.user,
                    uppers=list(Directive.objects.restrict(request.user).filter(pk__in=chosen)),
                )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已保存落实的上级要求。" if lower else "已保存落实的上级部署。")
        return redirect("directives:coverage", pk=pk)
    matrix = coverage(directive, request.user)
    if request.GET.get("format") == "xlsx":
        from luoshi.reports.coverage import write_coverage

        title = f"{directive.title}对标对表"
        response = HttpResponse(
            write_coverage(export_rows(matrix), title, timezone.localtime()), content_type=XLSX
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title)}.xlsx"
        record_export(request, title, directive=directive.pk)
        return response
    return render(
        request,
        "directives/coverage.html",
        {
            "directive": directive,
            "matrix": matrix,
            "totals": matrix.totals,
            "can_change": can_change,
            # the directives whose requirements' links this reader may set (each row's own directive)
            "changeable": {
                d.pk
                for d in {row.directive for row in matrix.rows}
                if request.user.has_perm("directives.change_directive", d)
            },
            "answers": set(directive.answers.values_list("pk", flat=True)),
            "answered_by": list(directive.answered_by.all()),
            "own_requirements": [r.requirement for r in matrix.rows if r.directive.pk == directive.pk],
            "links": {r.requirement.pk: {a.pk for a in r.requirement.answers.all()} for r in matrix.rows},
            "candidates": Directive.objects.restrict(request.user).exclude(pk=pk).defer("text")[:200],
        },
    )
