"""Following a task up by hand: 催办 (urge its people), and 回头看 (check a closed task's result held)."""

from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from luoshi.core.errors import Forbidden, ServiceError
from luoshi.notify.choices import NotificationKind
from luoshi.notify.services import notify, settle
from luoshi.org.choices import Role
from luoshi.org.models import Membership, Person
from luoshi.org.scopes import person_of

from ..choices import EventKind
from ..models import Task
from ..recipients import MANAGER_ROLES
from ..trail import fact
from .lifecycle import back_to_work
from .steps import REOPEN_REFUSED, S, begin, local_today, record_event, required_text, save_task

URGE_MESSAGE_MAX = 500
RECHECK_EARLY = (
    "回头看日期（{day:%Y-%m-%d}）未到：到期后由本单位回头看；"
    "提前回头看须由有权审批其销号的领导（分管领导或上级负责人）进行"
)


def urged_people(task: Task, actor: Any) -> list[Any]:
    """Who a 催办 reaches, never the one who urges: the first of these ranks that holds someone else.
    A task its owner has taken up (签收 done): the owner, else the lead unit's staff (the head urging
    the work he owns asks the people who do it). A task still waiting for sign-off, or without an owner:
    the lead unit's heads, else the owner, else its staff."""
    in_unit = Membership.objects.filter(person=OuterRef("pk"), unit_id=task.lead_unit_id)
    people = list(
        Person.objects.annotate(
            owner=Q(pk=task.owner_id),
            heads=Exists(in_unit.filter(role__in=MANAGER_ROLES)),
            staff=Exists(in_unit.filter(role=Role.STAFF)),
        )
        .filter(Q(owner=True) | Q(heads=True) | Q(staff=True))
        .exclude(user=actor)
        .select_related("user")
        .order_by("pk")
    )
    taken_up = task.status != S.ASSIGNED and task.owner_id is not None
    ranks = ("owner", "staff") if taken_up else ("heads", "owner", "staff")
    for rank in ranks:
        if found := [person.user for person in people if getattr(person, rank)]:
            return found
    return []


@transaction.atomic
def urge_task(task: Task | int, *, actor: Any, message: str = "") -> Task:
    """催办: ask the people of an open task to move, with a message; on the task's trail and in the outbox.

    Sent at once (not held for the day's digest): a person asked it on purpose."""
    task = begin(task, actor, "urge")
    message = " ".join(message.split())[:URGE_MESSAGE_MAX]
    people = urged_people(task, actor)
    body = message or ("请尽快签收。" if task.status == S.ASSIGNED else "请抓紧推进并及时报送进展。")
    person = person_of(actor)
    name = person.name if person else actor.get_username()
    notify(people, NotificationKind.URGED, task=task, title=f"催办：{task.title}", body=f"{name}催办：{body}")
    told = [person.name if (person := person_of(user)) else user.get_username() for user in people]
    record_event(task, actor, EventKind.REMINDED, body, [fact("已通知", told)])
    return task


def recheck_refusal(task: Task, actor: Any, rebounded: bool) -> ServiceError | None:
    """Why ``actor`` may not give this 回头看's result now, beyond the right to recheck: the task page asks
    the same question to decide whether to show the form.

    The 回头看 the approved close-out set is the unit's once its day has come. Before it, 未反弹 would skip
    the check the decider asked for and 发现反弹 would reopen the task past him; without a date the unit
    has no check of its own to find a rebound at. Those are the decider's (tasks.reopen_task)."""
    if actor.has_perm("tasks.reopen_task", task):
        return None
    if task.recheck_on is not None and task.recheck_on > local_today():
        return Forbidden(RECHECK_EARLY.format(day=task.recheck_on))
    if task.recheck_on is None and rebounded:
        return Forbidden(REOPEN_REFUSED)
    return None


@transaction.atomic
def recheck_task(task: Task | int, *, actor: Any, rebounded: bool, note: str = "") -> Task:
    """回头看: 问题未反弹 keeps the task closed; 发现反弹 reopens it. Either way its 回头看 is done (the date
    cleared, so it leaves 我的待办 and the tick's reminders) and the result stays on the task's trail."""
    task = begin(task, actor, "recheck")
    note = " ".join(note.split())
    if (refusal := recheck_refusal(task, actor, rebounded)) is not None:
        raise refusal
    if rebounded:
        note = required_text(note, "发现的反弹问题")
        back_to_work(
            task,
            actor,
            f"回头看发现反弹：{note}",
            title=f"回头看发现反弹，任务重新打开：{task.title}",
            body=note,
        )
    else:
        save_task(
            task, actor, EventKind.RECHECKED, f"问题未反弹{'：' + note if note else ''}", recheck_on=None
        )
    settle(task, [NotificationKind.RECHECK_DUE])
    return task
