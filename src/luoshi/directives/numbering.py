"""第N条: the numbers the decomposition page gives the requirements, and a refusal over several rows that
names each row by it."""

from __future__ import annotations

from typing import Any

from luoshi.core.errors import ServiceError

from .choices import RequirementStatus
from .models import Requirement


def page_numbers(directive_id: int) -> dict[int, int]:
    """第N条: each requirement's number on its directive's page, its place in the text among those not
    set aside."""
    kept = Requirement.objects.filter(directive_id=directive_id).exclude(status=RequirementStatus.REJECTED)
    return {pk: n for n, pk in enumerate(kept.order_by("start", "id").values_list("pk", flat=True), 1)}


def rows_refused(refused: list[tuple[Requirement, ServiceError]]) -> ServiceError:
    """One refusal for the rows refused, the rows of one reason named together (第2条（…）、第5条（…）：
    交办前请先填写完成时限); its errors: ``row``, the requirements refused, and ``rows``, each one's
    ``{"row": id, "code": …, "message": …}`` (the page marks the field a code names)."""
    numbers = page_numbers(refused[0][0].directive_id)
    by_reason: dict[str, list[str]] = {}
    errors: dict[str, list[Any]] = {"row": [], "rows": []}
    for requirement, exc in refused:
        number = numbers.get(requirement.pk)
        where = f"第{number}条" if number else ""
        by_reason.setdefault(exc.message, []).append(f"{where}（{_excerpt(requirement)}）")
        for key, value in exc.errors.items():
            errors.setdefault(key, []).extend(value)
        errors["row"].append(requirement.pk)
        errors["rows"].append({"row": requirement.pk, "code": exc.code, "message": exc.message})
    message = "；".join(f"{'、'.join(rows)}：{reason}" for reason, rows in by_reason.items())
    first = refused[0][1]
    return type(first)(message, first.code, errors=errors)


def _excerpt(requirement: Requirement) -> str:
    return requirement.text[:12] + ("…" if len(requirement.text) > 12 else "")
