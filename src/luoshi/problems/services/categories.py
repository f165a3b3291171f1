"""问题类别: the system admin keeps the category tree — adds, renames, retires (停用) and restores a
category, and deletes one only while nothing uses it (a retired one stays on the problems filed under it)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from luoshi.core.errors import Conflict, InvalidInput, NotFound
from luoshi.core.guards import attribute_history, require

from ..models import CommonProblem, Problem, ProblemCategory

NAME_CHARS = 60


def _name(name: str | None, parent: ProblemCategory | None, exclude: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput("请填写类别名称", "name_required", errors={"name": ["请填写类别名称"]})
    if len(name) > NAME_CHARS:
        raise InvalidInput(
            f"类别名称不能超过{NAME_CHARS}个字", "name_too_long", errors={"name": ["名称过长"]}
        )
    twins = ProblemCategory.objects.filter(parent=parent, name=name)
    if exclude is not None:
        twins = twins.exclude(pk=exclude)
    if twins.exists():
        where = f"“{parent.name}”下" if parent else "顶层"
        raise Conflict(f"{where}已有名为“{name}”的类别", "duplicate_name", errors={"name": ["名称重复"]})
    return name


def _locked(category: ProblemCategory | int) -> ProblemCategory:
    pk = category.pk if isinstance(category, ProblemCategory) else category
    found = ProblemCategory.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise NotFound("问题类别不存在")
    return found


@transaction.atomic
def add_category(*, actor: Any, name: str, parent: ProblemCategory | None = None) -> ProblemCategory:
    """A new category at the top or under an active one (the tree is two levels deep: 大类 and 小类)."""
    require(actor, "problems.manage_categories", message="只有系统管理员可以维护问题类别")
    if parent is not None:
        parent = _locked(parent)
        if not parent.is_active:
            raise InvalidInput("上级类别已停用，不能在其下增加类别", "parent_retired")
        if parent.parent_id is not None:
            raise InvalidInput("问题类别只分大类和小类两级", "too_deep", errors={"parent": ["只能选大类"]})
    name = _name(name, parent)
    last = ProblemCategory.objects.filter(parent=parent).order_by("-sort_order").first()
    category = ProblemCategory(name=name, parent=parent, sort_order=(last.sort_order + 1) if last else 1)
    attribute_history(actor, category)
    category.save()
    category.tree_path = f"{parent.tree_path if parent else '/'}{category.pk:010d}/"
    category.save(update_fields=["tree_path"])
    return category


@transaction.atomic
def rename_category(category: ProblemCategory | int, *, actor: Any, name: str) -> ProblemCategory:
    require(actor, "problems.manage_categories", message="只有系统管理员可以维护问题类别")
    category = _locked(category)
    category.name = _name(name, category.parent, exclude=category.pk)
    attribute_history(actor, category)
    category.save(update_fields=["name"])
    return category


@transaction.atomic
def set_category_active(category: ProblemCategory | int, *, actor: Any, active: bool) -> ProblemCategory:
    """停用 hides a category (and its 小类) from the forms; the problems filed under it keep it. 启用 again
    needs its 大类 active."""
    require(actor, "problems.manage_categories", message="只有系统管理员可以维护问题类别")
    category = _locked(category)
    if active and category.parent is not None and not category.parent.is_active:
        raise Conflict(f"上级类别“{category.parent.name}”已停用，请先启用它", "parent_retired")
    changed = ProblemCategory.objects.filter(tree_path__startswith=category.tree_path) if not active else None
    for row in changed if changed is not None else [category]:
        row.is_active = active
        attribute_history(actor, row)
        row.save(update_fields=["is_active"])
    category.is_active = active
    return category


def category_uses(category: ProblemCategory) -> int:
    """Problems and common problems filed under it or its 小类."""
    ids = ProblemCategory.objects.filter(tree_path__startswith=category.tree_path).values("pk")
    return (
        Problem.objects.filter(category__in=ids).count()
        + CommonProblem.objects.filter(category__in=ids).count()
    )


@transaction.atomic
def delete_category(category: ProblemCategory | int, *, actor: Any) -> None:
    """Only a category nothing uses, without 小类, goes; one in use is retired instead."""
    require(actor, "problems.manage_categories", message="只有系统管理员可以维护问题类别")
    category = _locked(category)
    if category.children.exists():
        raise Conflict(f"“{category.name}”下还有小类，请先删除或停用小类", "has_children")
    used = category_uses(category)
    if used:
        raise Conflict(f"“{category.name}”已有{used}个问题使用，不能删除；不再使用请停用", "category_in_use")
    attribute_history(actor, category)
    category.delete()
