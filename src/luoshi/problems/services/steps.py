"""What every problem change shares: the locked start, the event, the save, who hears of it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from luoshi.core.errors import Conflict, Forbidden, NotFound
from luoshi.notify.choices import NotificationKind
from luoshi.notify.services import notify
from luoshi.org.choices import Role
from luoshi.org.models import Membership

from ..models import Problem, ProblemEvent
from ..trail import changes_of


def begin(
    problem: Problem | int,
    actor: Any,
    perm: str,
    verb: str,
    states: Iterable[str],
    why: Callable[[Any, Problem, str], str] | None = None,
) -> Problem:
    """Invisible → 404, asked before the lock (who may not see the problem neither waits on its row nor
    holds it up), and again of the locked row; then no right → 403 (saying ``why`` when given), wrong
    state → 409."""
    pk = problem.pk if isinstance(problem, Problem) else problem
    seen = Problem.objects.filter(pk=pk).first()
    if seen is None or not actor.has_perm("problems.see_problem", seen):
        raise NotFound("问题不存在或您无权访问")
    locked = Problem.objects.select_for_update().filter(pk=pk).first()
    if locked is None or not actor.has_perm("problems.see_problem", locked):
        raise NotFound("问题不存在或您无权访问")
    if not actor.has_perm(perm, locked):
        reason = why(actor, locked, verb) if why is not None else ""
        raise Forbidden(reason or f"您无权对这个问题进行“{verb}”操作", "not_reviewer" if reason else None)
    if locked.status not in set(states):
        raise Conflict(
            f"问题当前状态为“{locked.status_label}”，不能{verb}。请刷新页面查看最新情况。", "wrong_state"
        )
    return locked


def record_event(
    problem: Problem, actor: Any, kind: str, note: str = "", changes: Sequence[dict[str, Any]] = ()
) -> ProblemEvent:
    return ProblemEvent.objects.create(
        problem=problem,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        note=note,
        changes=list(changes),
    )


def save_problem(
    problem: Problem,
    actor: Any,
    kind: str,
    note: str = "",
    *,
    more: Sequence[dict[str, Any]] = (),
    **values: Any,
) -> ProblemEvent:
    """Set ``values`` on the locked problem, save them, and record the event carrying what changed."""
    changes = [*changes_of(problem, values), *more]
    for name, value in values.items():
        setattr(problem, name, value)
    problem.save(update_fields=[*values, "updated_at"])
    return record_event(problem, actor, kind, note, changes)


def unit_heads(*unit_ids: int | None) -> list[Any]:
    """The section heads (or a county department's head) of the units."""
    members = Membership.objects.filter(
        unit_id__in=[pk for pk in unit_ids if pk], role__in=[Role.SECTION_HEAD, Role.HEAD]
    ).select_related("person__user")
    return [m.person.user for m in members]


def tell(people: Iterable[Any], problem: Problem, title: str, body: str = "", *, exclude: Any = None) -> None:
    """In-app notice and outbox for a problem's people (never the one who acted)."""
    notify(
        [u for u in people if u is not None and u != exclude],
        NotificationKind.PROBLEM,
        title=f"{title}：{problem.title}",
        body=body,
        url=f"/problems/{problem.pk}/",
    )


def required(text: str | None, what: str, code: str = "reason_required") -> str:
    from luoshi.core.errors import InvalidInput

    text = (text or "").strip()
    if not text:
        raise InvalidInput(f"请填写{what}", code)
    return text
