"""登记问题 and 不予认定: a problem enters the list, or is set aside."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from luoshi.core.dates import check_done_on
from luoshi.core.errors import Conflict, Forbidden, InvalidInput
from luoshi.core.guards import require
from luoshi.org.models import Unit
from luoshi.org.scopes import VIEW, person_of, unit_scope

from ..choices import ProblemEventKind, ProblemSource, ProblemStatus, Severity
from ..models import Problem, ProblemCategory
from ..rules import DISMISS, review_refusal
from ..similar import SAME, similar_problems, token_text
from ..trail import fact
from ..uploads import attach, check_evidence
from .steps import begin, record_event, required, save_problem, tell, unit_heads

TITLE_CHARS = 30
MIN_CLAUSE = 10  # a first clause shorter than this ("审计发现") says too little to stand alone
# A problem is said in a few sentences (a few hundred characters; a campaign finding's note holds up to
# 5,000): longer is a document pasted in, which belongs in the evidence files, and burdens every search.
DESCRIPTION_MAX = 5000
# The same person recording the same words for the same unit within this time is a second click.
DUPLICATE_WINDOW = dt.timedelta(minutes=30)


def default_title(description: str) -> str:
    """A line for lists: the first clause when it says enough, else the first sentence, cut to a line."""
    text = " ".join(description.split())
    sentence = re.split(r"[。；;！!？?]", text, maxsplit=1)[0]
    clause = re.split(r"[，,：:]", sentence, maxsplit=1)[0]
    first = clause if len(clause) >= MIN_CLAUSE else sentence
    return first[:TITLE_CHARS] + ("…" if len(first) > TITLE_CHARS else "")


@transaction.atomic
def record_problem(
    *,
    actor: Any,
    unit: Unit | None,
    source: str,
    description: str,
    category: ProblemCategory | None = None,
    severity: str = Severity.NORMAL,
    found_on: dt.date | None = None,
    files: Sequence[Any] = (),
    title: str = "",
    origin: str = "",
    origin_label: str = "",
    vouched: bool = False,
    required_by: dt.date | None = None,
) -> Problem:
    """登记问题: anyone records a problem of a unit they can see; it waits for the unit's section head to
    confirm it. A problem like one the unit (or a unit under it) rectified and closed before is marked
    旧问题 (``previous``); when that one is of the unit itself, 反弹 (``recurring``). Only the unit's own
    past counts: 旧问题 and the ``novelty=old`` filter say "this unit had it before", and a closed problem
    of an unrelated unit would both mislabel a unit's first problem and tell the recorder of it.
    ``origin`` and ``origin_label`` say which campaign finding or visit raised it, for the app that did;
    ``required_by`` the 整改时限 it asked (the confirm form offers it for the measures).
    ``vouched``: that app has already established the actor reports on this unit (a campaign's team
    member on one of its target units), beyond the units the actor can see."""
    require(actor, "problems.add_problem", message="您没有登记问题的权限")
    description = (description or "").strip()
    missing = {"description": "请填写问题描述"} if not description else {}
    if unit is None:
        missing["unit"] = "请选择问题所在单位"
    if missing:
        code = "description_required" if "description" in missing else "unit_required"
        message = "，".join(missing.values())
        raise InvalidInput(message, code, errors={name: [text] for name, text in missing.items()})
    if len(description) > DESCRIPTION_MAX:
        raise InvalidInput(
            f"问题描述不能超过{DESCRIPTION_MAX}字（现为{len(description)}字），请精简；详细材料可作为佐证材料上传",
            "description_too_long",
            errors={"description": [f"不能超过{DESCRIPTION_MAX}字"]},
        )
    if not isinstance(unit, Unit) or not unit.is_active:
        raise InvalidInput(
            "问题所在单位不存在或已停用", "unknown_unit", errors={"unit": ["单位不存在或已停用"]}
        )
    if not vouched and unit.pk not in unit_scope(actor, VIEW):
        raise Forbidden(f"您不能登记“{unit.name}”的问题：只能登记您能查看的单位的问题", "outside_scope")
    if source not in ProblemSource.values():
        raise InvalidInput(
            f"无法识别的问题来源“{source}”", "invalid_source", errors={"source": ["请选择问题来源"]}
        )
    if severity not in Severity.values():
        raise InvalidInput(f"无法识别的严重程度“{severity}”", "invalid_severity")
    if category is not None and not category.is_active:
        raise InvalidInput("问题类别已停用，请另选", "unknown_category", errors={"category": ["类别已停用"]})
    found_on = found_on or timezone.localdate()
    check_done_on(found_on, label="发现日期", field="found_on", future="found_in_future")
    files = check_evidence(files)
    title = (title or "").strip()[:200] or default_title(description)
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one recording per unit at a time
    twin = (
        Problem.objects.filter(
            recorded_by=actor,
            unit=unit,
            description=description,
            recorded_at__gte=timezone.now() - DUPLICATE_WINDOW,
        )
        .order_by("-id")
        .first()
    )
    if twin is not None:
        raise Conflict(
            f"您刚刚已经登记过这个问题（编号{twin.pk}），请勿重复提交",
            "duplicate_submit",
            errors={"problem": [twin.pk]},
        )
    # 旧问题: like one this unit (or a unit under it) already rectified and closed; 反弹 when in the unit
    # itself. The same problem in another unit is no past of this one: an open one there is the same
    # problem now (a common-problem lead), a closed one a match the reader may or may not see.
    closed = Problem.objects.filter(
        status=ProblemStatus.CLOSED,
        unit__in=Unit.objects.filter(tree_path__startswith=unit.tree_path).values("pk"),
    )
    match = next(
        iter(
            similar_problems(description, base=closed, unit=unit, category=category, threshold=SAME, limit=1)
        ),
        None,
    )
    problem = Problem.objects.create(
        title=title,
        description=description,
        source=source,
        severity=severity,
        unit=unit,
        category=category,
        found_on=found_on,
        recorded_by=actor,
        origin=origin[:100],
        origin_label=origin_label[:200],
        required_by=required_by,
        previous=match.problem if match else None,
        recurring=bool(match and match.relation == "rebound"),
        tokens=token_text(title, description),
    )
    person = person_of(actor)
    stored = attach(problem, person, files) if files and person is not None else []
    facts = [fact("问题所在单位", unit.name), fact("问题来源", ProblemSource.label(source))]
    if match is not None:
        facts.append(
            fact(
                "反弹" if problem.recurring else "类似的既往问题",
                f"编号{match.problem.pk}",  # its title is for who may see it (the page links it)
            )
        )
    if stored:
        facts.append(fact("佐证材料", "、".join(f.name for f in stored)))
    record_event(problem, actor, ProblemEventKind.RECORDED, origin_label, facts)
    tell(
        unit_heads(unit.pk),
        problem,
        "新登记问题待确认",
        f"{unit.name}，{ProblemSource.label(source)}",
        exclude=actor,
    )
    return problem


@transaction.atomic
def dismiss_problem(problem: Problem | int, *, actor: Any, reason: str) -> Problem:
    """不予认定: a leader over the unit finds it is not a problem (or already covered); kept with the reason.
    Nothing reopens a dismissed problem, so the unit it is about never dismisses it, nor who recorded it."""
    reason = required(reason, "不予认定的理由")
    problem = begin(
        problem, actor, "problems.dismiss_problem", DISMISS, [ProblemStatus.RECORDED], why=review_refusal
    )
    save_problem(problem, actor, ProblemEventKind.DISMISSED, reason, status=ProblemStatus.DISMISSED)
    tell([problem.recorded_by], problem, "问题不予认定", reason, exclude=actor)
    return problem
