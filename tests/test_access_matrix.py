"""Every URL pattern and API route, called by every kind of caller with real and forged ids, answers as the
declared matrix in tests/access_matrix.py says. A route without a row fails the suite."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from luoshi.accounts.models import SecurityEvent, SecurityEventKind
from luoshi.assessment import services as assessment
from luoshi.assessment.defaults import standard_indicators
from luoshi.assessment.models import Accountability, UnitScore
from luoshi.directives import services as directive_services
from luoshi.exports import services as export_services
from luoshi.exports.jobs import run_export_jobs
from luoshi.imports import services as import_services
from luoshi.inspections import services as inspection_services
from luoshi.inspections.choices import DocumentKind
from luoshi.inspections.documents import bulletin_draft
from luoshi.meetings import services as meeting_services
from luoshi.notify.choices import NotificationKind
from luoshi.notify.models import OutboxMessage, Robot
from luoshi.notify.services import notify
from luoshi.org.models import Person, Unit
from luoshi.problems.models import ProblemCategory, ProblemFile
from luoshi.problems.services import record_problem
from luoshi.study import services as study_services
from luoshi.tasks import services
from luoshi.tasks.models import Attachment, Task
from luoshi.training import services as training_services

from .access_matrix import CALLERS, FIXED, FORGED, MATRIX
from .core.images import jpeg
from .core.ledgers import ledger

SPEECH = (
    "一要加强年轻干部队伍建设。干部一科牵头，6月底前完成专题调研。\n"
    "二要完善干部考核办法。干部二科负责，年底前完成。"
)

LEDGER = [[1, "开展专题调研", "干部一科", "", "", "", "2099年3月底前", "", ""]]


def routes(patterns: list | None = None, prefix: str = "") -> Iterator[str]:
    """Each URL pattern as one readable key: ``tasks/<int:pk>/``, ``api/v1/tasks/<pk>/assign/``."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        text = prefix + _readable(str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, text)
        elif isinstance(pattern, URLPattern):
            yield text


def _readable(regex: str) -> str:
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", regex).removeprefix("^").removesuffix("$")
    return text.replace(r"\.", ".")


ALL_ROUTES = list(routes())


def test_every_route_has_a_row_and_every_row_a_route():
    declared = set(MATRIX)
    served = set(ALL_ROUTES)
    missing = sorted(served - declared)
    assert not missing, f"routes without a row in tests/access_matrix.py: {missing}"
    assert not sorted(declared - served), f"rows for routes that no longer exist: {sorted(declared - served)}"


@pytest.fixture
def world(user, demo):
    """Objects of 干部一科 (“own”: the caller's unit for gb1-head and gb1-staff) and of 干部二科 (“other”)."""
    today = timezone.localdate()
    objects: dict[str, dict[str, object]] = {}
    for variant, code, leader in (("own", "gb1", "deputy1"), ("other", "gb2", "deputy1")):
        task = services.create_task(
            actor=user("bgs-staff"),
            title=f"{code}的任务",
            lead_unit=Unit.objects.get(code=code),
            due_date=today + dt.timedelta(days=30),
            leader=Person.objects.get(user__username=leader),
        )
        services.assign(task, actor=user("bgs-staff"))
        services.acknowledge(task, actor=user(f"{code}-head"))
        services.submit_feedback(
            task,
            actor=user(f"{code}-staff"),
            progress_text="进展",
            percent=30,
            files=[SimpleUploadedFile("进展.txt", b"progress"), SimpleUploadedFile("现场.jpg", jpeg())],
        )
        extension = services.request_extension(
            task,
            actor=user(f"{code}-staff"),
            reason="需补充调研",
            new_due_date=task.due_date + dt.timedelta(days=7),
        )
        directive = directive_services.create_directive(
            actor=user(f"{code}-staff"), title=f"{code}的讲话", text=SPEECH, issued_on=today
        )
        requirement = directive_services.extract_requirements(directive, actor=user(f"{code}-staff"))[0]
        unit = Unit.objects.get(code=code)
        staff = user(f"{code}-staff")
        objects.setdefault("task", {})[variant] = task.pk
        objects.setdefault("extension", {})[variant] = extension.pk
        objects.setdefault("file", {})[variant] = Attachment.objects.get(task=task, name="进展.txt").token
        objects.setdefault("taskphoto", {})[variant] = Attachment.objects.get(
            task=task, name="现场.jpg"
        ).token
        objects.setdefault("directive", {})[variant] = directive.pk
        objects.setdefault("requirement", {})[variant] = requirement.pk
        objects.setdefault("unit", {})[variant] = unit.pk
        objects.setdefault("import", {})[variant] = import_services.upload_ledger(
            actor=user(f"{code}-staff"), upload=SimpleUploadedFile("台账.xlsx", ledger(LEDGER))
        ).pk
        objects.setdefault("person", {})[variant] = staff.person.pk
        objects.setdefault("notification", {})[variant] = notify(
            [staff], NotificationKind.FEEDBACK_DUE, title="请报送进展", task=task
        )[0].pk
        _inspections(objects, variant, task, unit, user)
        problem = record_problem(
            actor=staff,
            unit=unit,
            source="inspection",
            description=f"{code}的问题",
            files=[SimpleUploadedFile("现场.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)],
        )
        objects.setdefault("problem", {})[variant] = problem.pk
        objects.setdefault("problemfile", {})[variant] = ProblemFile.objects.get(problem=problem).token
        session = study_services.record_session(
            actor=staff,
            directive=directive,
            unit=unit,
            held_on=today,
            led_by=staff.person,
            attendees=[staff.person],
            notes="学习讲话精神",
            photos=[SimpleUploadedFile("学习.jpg", jpeg(), "image/jpeg")],
        )
        objects.setdefault("study", {})[variant] = session.pk
        objects.setdefault("studyphoto", {})[variant] = session.photos.get().token
        training = training_services.plan_training(
            actor=user(f"{code}-head"),
            topic=f"{unit.name}业务培训",
            unit=unit,
            audience="本科室干部",
            audience_units=[unit],
            hours=4,
            starts_on=today,
            ends_on=today,
        )
        training_services.enrol(training, actor=user(f"{code}-head"), people=[staff.person])
        objects.setdefault("training", {})[variant] = training.pk
        objects.setdefault("export", {})[variant] = export_services.queue_export(
            "tasks-ledger", QueryDict(""), actor=staff
        ).pk
        objects.setdefault("robot", {})[variant] = Robot.objects.create(
            name=f"{code}群",
            channel="dingtalk",
            url="https://oapi.dingtalk.com/robot/send?access_token=x",
            unit=unit,
        ).pk
    objects["outbox"] = {
        "any": OutboxMessage.objects.create(
            channel="email", address="a@example.org", subject="提醒", body="提醒"
        ).pk
    }
    objects["year"] = {"any": today.year}
    objects["category"] = {"any": ProblemCategory.objects.order_by("pk").first().pk}
    head = user("head")
    scheme = assessment.create_scheme(
        actor=head,
        year=today.year,
        name="",
        process_weight=40,
        effect_weight=60,
        indicators=standard_indicators([head.person.pk, user("deputy1").person.pk]),
    )
    period = assessment.open_period(scheme, actor=head, kind="month", day=today)
    for variant, code in (("own", "gb1"), ("other", "gb2")):
        objects.setdefault("adjustment", {})[variant] = assessment.propose_adjustment(
            period,
            actor=head,
            unit=Unit.objects.get(code=code),
            kind="bonus",
            points=1,
            reason="加分",
            evidence="简报",
        ).pk
    assessment.compute_period(period, actor=head)
    for variant, code in (("own", "gb1"), ("other", "gb2")):
        late = services.create_task(
            actor=user("bgs-staff"),
            title=f"{code}的逾期任务",
            lead_unit=Unit.objects.get(code=code),
            due_date=today + dt.timedelta(days=30),
        )
        services.assign(late, actor=user("bgs-staff"))
        past = today - dt.timedelta(days=3)
        Task.objects.filter(pk=late.pk).update(due_date=past, subtree_due_date=past)
        assessment.open_matters(today)
        objects.setdefault("matter", {})[variant] = Accountability.objects.get(task=late).pk
    for variant, code in (("own", "gb1"), ("other", "gb2")):
        objects.setdefault("score", {})[variant] = UnitScore.objects.get(period=period, unit__code=code).pk
    meeting = meeting_services.create_meeting(
        actor=head,
        department=Unit.objects.get(parent__isnull=True),
        month=today,
        held_on=today + dt.timedelta(days=7),
        report_due=today + dt.timedelta(days=5),
    )
    objects["meeting"] = {"any": meeting.pk}
    objects["report"] = {
        variant: meeting.reports.get(unit__code=code).pk
        for variant, code in (("own", "gb1"), ("other", "gb2"))
    }
    objects["scheme"] = {"any": scheme.pk}
    run_export_jobs()
    objects["period"] = {"any": period.pk}
    for kind, value in FORGED.items():
        objects[kind]["forged"] = value
    objects["none"] = {"-": None}
    return objects


def _inspections(objects, variant, task, unit, user) -> None:
    """A campaign of the unit's task with its bulletin, a visit to the unit with a photo, a 督办单."""
    today = timezone.localdate()
    campaign = inspection_services.create_campaign(
        actor=user("head"),
        kind="inspection",
        topic=f"{unit.name}专项督查",
        start_date=today,
        end_date=today + dt.timedelta(days=10),
        target_units=[unit],
        tasks=[task],
        teams=[inspection_services.TeamInput("第一督查组", Person.objects.get(user__username="inspector"))],
    )
    inspection_services.issue_bulletin(
        actor=user("head"), campaign=campaign, content=bulletin_draft(campaign=campaign)
    )
    visit = inspection_services.record_visit(
        actor=user(f"{unit.code}-staff"),
        place="村党群服务中心",
        visited_at=timezone.now(),
        heard="情况",
        unit=unit,
        photos=[SimpleUploadedFile("现场.jpg", jpeg(), "image/jpeg")],
    )
    document = inspection_services.issue_notice(task, actor=user("deputy1"), kind=DocumentKind.SUPERVISION)
    objects.setdefault("campaign", {})[variant] = campaign.pk
    objects.setdefault("visit", {})[variant] = visit.pk
    objects.setdefault("photo", {})[variant] = visit.photos.get().token
    objects.setdefault("document", {})[variant] = document.pk


def url(route: str, value: object) -> str:
    path = re.sub(r"<(?:\w+:)?(pk|year|token)>", str(value), "/" + route)
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: FIXED[m.group(1)], path)


def status_class(response) -> str:
    if 300 <= response.status_code < 400:
        return "login" if response["Location"].startswith("/accounts/login/") else "3xx"
    return "2xx" if response.status_code < 300 else str(response.status_code)


@pytest.fixture
def clients(demo) -> dict[str, Client]:
    made = {}
    for caller in CALLERS:
        made[caller] = Client()
        if caller != "anon":
            made[caller].force_login(get_user_model().objects.get(username=caller))
    return made


@pytest.mark.parametrize("route", ALL_ROUTES)
def test_route_answers_each_caller_as_declared(route, world, clients):
    row = MATRIX.get(route)
    if row is None:
        pytest.fail(f"/{route} has no row in tests/access_matrix.py")
    wrong = []
    for variant, expected in row.get.items():
        value = world[row.kind][variant]
        for caller, want in zip(CALLERS, expected.split(), strict=True):
            got = status_class(clients[caller].get(url(route, value)))
            if got != want:
                wrong.append(f"GET {variant} as {caller}: {got}, declared {want}")
    if row.anonymous_post is not None:
        value = next(iter(world[row.kind].values()))
        got = status_class(clients["anon"].post(url(route, value), {}))
        if got != row.anonymous_post:
            wrong.append(f"POST as anon: {got}, declared {row.anonymous_post}")
    assert not wrong, f"/{route}:\n" + "\n".join(wrong)


NO_BUSINESS = {"403", "404"}


def test_who_may_not_read_an_object_changes_nothing_of_it_through_a_form_or_the_api(world, clients):
    """The declared GET answers say who has no business with an object (another unit's, one no unit
    owns, a forged id): each such caller's POST to the same address, a page's form or an API action, is
    refused too, never answered by the form (its errors would show the object) nor carried out."""
    wrong = []
    for route, row in MATRIX.items():
        for variant, expected in row.get.items():
            if variant == "-":
                continue
            address = url(route, world[row.kind][variant])
            for caller, want in zip(CALLERS, expected.split(), strict=True):
                if caller == "anon" or want not in NO_BUSINESS:
                    continue
                if route.startswith("api/"):
                    response = clients[caller].post(address, "{}", content_type="application/json")
                else:
                    response = clients[caller].post(address, {})
                got = status_class(response)
                if got not in {*NO_BUSINESS, "405"}:
                    wrong.append(f"POST /{route} ({variant}) as {caller}: {got}, GET declared {want}")
    assert not wrong, "\n".join(wrong)


def test_a_format_suffix_is_not_a_route(world, clients):
    """``/api/v1/tasks/1/history.json`` once reached an action that takes no format argument (500)."""
    response = clients["head"].get(f"/api/v1/tasks/{world['task']['own']}/history.json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_no_page_answers_a_browser_with_a_bare_405(world, clients):
    """A refused form is shown at its action's address; reloading it (a GET) leads to a page, never to the
    browser's own English error for an empty 405."""
    bare = []
    for route, row in MATRIX.items():
        if route.startswith("api/"):
            continue
        for variant, expected in row.get.items():
            if expected.split()[CALLERS.index("gb1-head")] != "3xx":
                continue
            response = clients["gb1-head"].get(url(route, world[row.kind][variant]), follow=True)
            if response.status_code == 405 or not response.content:
                bare.append(f"/{route} ({variant}): {response.status_code}")
    assert not bare, "\n".join(bare)


AUDITED = [SecurityEventKind.EXPORT, SecurityEventKind.FILE_DOWNLOAD]
# Files a route hands out that are no data of the organisation: the blank forms an administrator fills in.
BLANK_FORMS = {"org/manage/import/template.xlsx", "workdays/<int:year>/template.xlsx"}
# Routes that answer a file only when asked for one by a parameter.
AS_FILE = {"directives/<int:pk>/coverage/": "?format=xlsx"}


def test_every_file_a_route_hands_out_is_in_the_security_audit(world, clients):
    """导出数据与附件下载: every route answering a download (an attachment) records exactly one export or
    file_download event for it, whoever of the callers may have it; a new file route is covered by being a
    route."""
    files, unaudited = set(), []
    for route, row in MATRIX.items():
        variant, expected = next(iter(row.get.items()))
        allowed = [caller for caller, want in zip(CALLERS, expected.split(), strict=True) if want == "2xx"]
        if not allowed:
            continue
        before = SecurityEvent.objects.filter(kind__in=AUDITED).count()
        response = clients[allowed[0]].get(url(route, world[row.kind][variant]) + AS_FILE.get(route, ""))
        if not response.get("Content-Disposition", "").startswith("attachment"):
            continue
        if response.streaming:
            b"".join(response.streaming_content)
        files.add(route)
        recorded = SecurityEvent.objects.filter(kind__in=AUDITED).count() - before
        if recorded != (0 if route in BLANK_FORMS else 1):
            unaudited.append(f"/{route} as {allowed[0]}: {recorded} audit events")
    assert not unaudited, "\n".join(unaudited)
    assert BLANK_FORMS | set(AS_FILE) <= files and len(files) >= 20, sorted(files)


def test_every_printed_ledger_is_in_the_security_audit(world, clients):
    """A list's print page (…/print/ without an object) hands out the same rows as its Excel file, so it
    records one export too, in the format 打印页."""
    printed = []
    for route, row in MATRIX.items():
        if not route.endswith("print/") or "<" in route:
            continue
        variant, expected = next(iter(row.get.items()))
        caller = next(c for c, want in zip(CALLERS, expected.split(), strict=True) if want == "2xx")
        before = SecurityEvent.objects.filter(kind=SecurityEventKind.EXPORT).count()
        assert clients[caller].get(url(route, world[row.kind][variant])).status_code == 200
        event = SecurityEvent.objects.filter(kind=SecurityEventKind.EXPORT).order_by("-pk").first()
        assert SecurityEvent.objects.filter(kind=SecurityEventKind.EXPORT).count() == before + 1, route
        assert "格式：打印页" in event.detail_text, event.detail_text
        printed.append(route)
    assert sorted(printed) == ["problems/print/", "tasks/print/"]


# Who may link a task to a 讲话文件 (POST /api/v1/tasks/ with "directive"): the directive's unit (its
# registrar's: 干部一科 for "own", 干部二科 for "other") and the leaders over it. Anyone else reads the
# directive but is refused the link (``link``: 403 not_directive_owner) and a forged directive is not found;
# ``scope`` is a caller who hands work to no unit (403 outside_assign_scope). In CALLERS order.
LINKS = {
    "own": "401   2xx  2xx  2xx  2xx  scope  link  link  403   403  403",
    "other": "401   2xx  2xx  link link scope  link  2xx  403   403  403",
    "forged": "401   404  404  404  404  404    404   404  403   403  403",
}
TOKENS = {"not_directive_owner": "link", "outside_assign_scope": "scope"}


def _lead_unit(caller: str, unit: int) -> int:
    """The directive's unit when the caller hands work to it, else the caller's own: the refusal read is
    the link's, not the lead unit's."""
    from luoshi.org.scopes import ASSIGN, unit_scope

    account = get_user_model().objects.filter(username=caller).first()
    if account is None or unit in unit_scope(account, ASSIGN):
        return unit
    person = Person.objects.filter(user=account).first()
    return person.unit_id if person is not None and person.unit_id else unit


def test_linking_a_task_to_a_directive_answers_each_caller_as_declared(world, clients):
    today = timezone.localdate()
    wrong = []
    for variant, expected in LINKS.items():
        unit = world["unit"]["other" if variant == "other" else "own"]
        for caller, want in zip(CALLERS, expected.split(), strict=True):
            body = {
                "title": f"{caller}关联文件的任务",
                "lead_unit": _lead_unit(caller, unit),
                "directive": world["directive"][variant],
                "due_date": (today + dt.timedelta(days=20)).isoformat(),
            }
            response = clients[caller].post("/api/v1/tasks/", body, content_type="application/json")
            got = status_class(response)
            if got == "403":
                got = TOKENS.get(response.json().get("code"), got)
            if got != want:
                wrong.append(f"POST {variant} as {caller}: {got}, declared {want}")
    assert not wrong, "\n".join(wrong)
    linked = Task.objects.filter(title__endswith="关联文件的任务")
    assert sorted(linked.values_list("directive_id", flat=True)) == sorted(
        [world["directive"]["own"]] * 4 + [world["directive"]["other"]] * 3
    )
