"""第N条: the numbers the decomposition page gives the requirements, and a refusal over several rows that
names each row by it, once."""

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
    """One refusal for the rows refused, one line per row with all its reasons (第3条（…）：请选择牵头单位；
    交办前请先填写完成时限), in the order the rows were tried; its errors: ``row``, the requirements
    refused, and ``rows``, each reason as ``{"row": id, "code": …, "message": …}`` (the page marks the
    field a code names)."""
    numbers = page_numbers(refused[0][0].directive_id)
    lines: dict[int, tuple[str, list[str]]] = {}
    errors: dict[str, list[Any]] = {"row": [], "rows": []}
    for requirement, exc in refused:
        number = numbers.get(requirement.pk)
        where = f"第{number}条" if number else ""
        reasons = lines.setdefault(requirement.pk, (f"{where}（{_excerpt(requirement)}）", []))[1]
        if exc.message not in reasons:
            reasons.append(exc.message)
        for key, value in exc.errors.items():
            errors.setdefault(key, []).extend(value)
        errors["rows"].append({"row": requirement.pk, "code": exc.code, "message": exc.message})
    errors["row"] = list(lines)
    message = "\n".join(f"{row}：{'；'.join(reasons)}" for row, reasons in lines.values())
    first = refused[0][1]
    return type(first)(message, first.code, errors=errors)


def _excerpt(requirement: Requirement) -> str:
    return requirement.text[:12] + ("…" if len(requirement.text) > 12 else "")
