"""The system admin's page of 问题类别: the tree with how many problems use each, and add, rename, 停用/启用
and delete (refused, with the reason, for a category in use)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from luoshi.core.errors import ServiceError
from luoshi.core.filters import whole_number
from luoshi.core.views import require_perm

from . import services
from .models import ProblemCategory

OPS = {
    "rename": lambda c, r: services.rename_category(c, actor=r.user, name=r.POST.get("name", "")),
    "retire": lambda c, r: services.set_category_active(c, actor=r.user, active=False),
    "restore": lambda c, r: services.set_category_active(c, actor=r.user, active=True),
    "delete": lambda c, r: services.delete_category(c, actor=r.user),
}
DONE = {"rename": "已改名。", "retire": "已停用。", "restore": "已启用。", "delete": "已删除。"}


@require_perm("problems.manage_categories")
def categories(request: HttpRequest) -> HttpResponse:
    typed: dict[str, Any] = {}
    if request.method == "POST":
        typed = {"name": request.POST.get("name", ""), "parent": request.POST.get("parent", "")}
        parent_pk = whole_number(typed["parent"])
        parent = ProblemCategory.objects.filter(pk=parent_pk).first() if parent_pk is not None else None
        try:
            made = services.add_category(actor=request.user, name=typed["name"], parent=parent)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已增加类别“{made.name}”。")
            return redirect("problems:categories")
    rows = list(
        ProblemCategory.objects.annotate(used=Count("problems")).order_by("tree_path", "sort_order", "id")
    )
    parents = {row.parent_id for row in rows if row.parent_id}
    return render(
        request,
        "problems/categories.html",
        {
            "rows": rows,
            "parents": parents,
            "tops": [r for r in rows if r.parent_id is None and r.is_active],
            "typed": typed,
        },
        status=400 if typed else 200,
    )


@require_POST
@require_perm("problems.manage_categories")
def category_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in OPS:
        raise Http404("未知的操作")
    category = ProblemCategory.objects.filter(pk=pk).first()
    if category is None:
        raise Http404("问题类别不存在")
    try:
        OPS[action](category, request)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"“{category.name}”{DONE[action]}")
    return redirect(f"/problems/categories/#c{pk}")
