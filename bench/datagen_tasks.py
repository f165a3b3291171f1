"""The generated province's tasks for bench/datagen.py: trees up to four levels deep over a year, in
every state and light, with the feedback and timeline the services would have written."""

from __future__ import annotations

import datetime as dt
import random

from bench.datagen_org import Org, Writer, stamp

VERBS = ["开展", "推进", "落实", "组织", "完善", "深化", "加强", "建立健全", "全面推行", "持续抓好"]
SUBJECTS = [
    "年轻干部选育管用",
    "基层党组织标准化规范化建设",
    "干部队伍建设规划",
    "公务员平时考核",
    "人才引进政策",
    "党员教育培训",
    "软弱涣散党组织整顿",
    "干部监督信息沟通",
    "选调生跟踪培养",
    "村级后备力量培育",
    "机关党建质量提升",
    "组工干部能力培训",
    "干部档案专项审核",
    "领导班子运行评估",
    "两新组织党建覆盖",
]
OBJECTS = [
    "专项行动",
    "调研",
    "工作机制",
    "试点",
    "督查",
    "集中培训",
    "排查整改",
    "台账管理",
    "考核评估",
    "经验总结",
]
PROGRESS = [
    "已完成阶段性任务{p}%，召开专题会议{n}次",
    "已走访基层单位{n}个，形成问题清单{m}项",
    "制定工作方案并印发，完成{p}%",
    "组织集中培训{n}场，覆盖{m}人次",
    "完成摸底排查，建立台账{m}条",
    "按计划推进，已整改问题{n}个",
]
DIFFICULTIES = ["", "", "", "部分单位报送材料不及时", "基层人手紧张", "经费尚未落实"]
NEXT_STEPS = ["继续推进，按期完成", "下步开展回头看", "加强督促指导", "形成总结报告"]
CADENCES = [
    ("weekly:5", 7, 0.55),
    ("workdays:10", 14, 0.15),
    ("monthly:25", 30, 0.15),
    ("once", 0, 0.08),
    ("none", 14, 0.07),
]
CLOSE_EVIDENCE = "任务已完成，佐证材料见附件清单"
OPEN_STATES = ("assigned", "acknowledged", "in_progress", "close_requested", "returned")


class TaskMaker:
    """Trees of tasks with their feedback and timeline, as the services would have left them."""

    def __init__(self, writer: Writer, rng: random.Random, org: Org, today: dt.date, target: int):
        from luoshi.tasks.models import (
            CloseRequest,
            ExtensionRequest,
            Feedback,
            Task,
            TaskAncestor,
            TaskEvent,
        )

        self.writer, self.rng, self.org, self.today, self.target = writer, rng, org, today, target
        self.Task, self.Feedback, self.Event = Task, Feedback, TaskEvent
        self.Extension, self.Close, self.Ancestor = ExtensionRequest, CloseRequest, TaskAncestor
        self.co_table = Task.co_units.through
        self.count = self.feedback_id = self.event_id = 0
        self.max_depth = 0
        self.directives: dict[int, list[int]] = {}

    def run(self) -> None:
        org, rng = self.org, self.rng
        province, cities = org.departments[0], [d for d in org.departments if "counties" in d]
        counties = [c for city in cities for c in city["counties"]]
        self._directives(province, cities, counties)
        while self.count < self.target:
            roll = rng.random()
            if roll < 0.04:
                self._province_tree(province, cities)
            elif roll < 0.35:
                self._city_tree(rng.choice(cities))
            else:
                self._county_tree(rng.choice(counties), None, None)
        self.writer.flush()

    def _directives(self, province: dict, cities: list[dict], counties: list[dict]) -> None:
        from luoshi.directives.models import Directive

        pk = 0
        for dept in [province, *cities, *counties]:
            self.directives[dept["id"]] = []
            for month in range(0, 12, 3 if dept in counties else 1):
                pk += 1
                issued = self.today - dt.timedelta(days=330 - month * 28)
                self.writer.add(
                    Directive,
                    {
                        "id": pk,
                        "title": f"{dept['short_name']}{issued.month}月工作部署会议讲话",
                        "kind": "speech",
                        "level": "internal",
                        "issuer": dept["name"],
                        "issued_on": issued.isoformat(),
                        "text": "（讲话全文略）",
                        "instruction_date": None,
                        "proposed_handling": "",
                        "handling_result": "",
                        "created_by_id": self.org.heads[dept["id"]],
                        "created_at": stamp(issued, self.rng),
                    },
                )
                self.directives[dept["id"]].append((pk, issued))

    # -- tree shapes: province → cities → counties → county section; city → counties → section; county

    def _province_tree(self, province: dict, cities: list[dict]) -> None:
        section = self.rng.randrange(10)
        root = self._task(province, province["sections"][section], None, 1)
        for city in self.rng.sample(cities, self.rng.randint(4, 14)):
            if self.count >= self.target:
                return
            child = self._task(province, city["sections"][section], root, 2)
            for county in self.rng.sample(city["counties"], self.rng.randint(0, 3)):
                self._county_tree(county, city, child, depth=3)

    def _city_tree(self, city: dict) -> None:
        section = self.rng.randrange(10)
        root = self._task(city, city["sections"][section], None, 1)
        for county in self.rng.sample(city["counties"], self.rng.randint(0, 5)):
            self._county_tree(county, city, root, depth=2)

    def _county_tree(self, county: dict, issuer: dict | None, parent: dict | None, depth: int = 1) -> None:
        if self.count >= self.target:
            return
        lead = self.rng.choice(county["sections"])
        node = self._task(issuer or county, lead, parent, depth)
        if depth < 4 and self.rng.random() < 0.3:
            for _ in range(self.rng.randint(1, 2)):
                if self.count < self.target:
                    self._task(county, lead, node, depth + 1)

    # -- one task and everything written about it

    def _task(self, issuer: dict, lead: dict, parent: dict | None, depth: int) -> dict:
        from luoshi.core.trees import child_path, path_ids

        rng, today = self.rng, self.today
        self.count += 1
        self.max_depth = max(self.max_depth, depth)
        pk = self.count
        if parent is None:
            directive, issued = rng.choice(self.directives[issuer["id"]])
            start = issued + dt.timedelta(days=rng.randint(1, 10))
            due = start + dt.timedelta(days=rng.choice((30, 60, 90, 120, 180, 240, 300)))
        else:
            directive = parent["directive_id"]
            start = dt.date.fromisoformat(parent["start_date"]) + dt.timedelta(days=rng.randint(0, 5))
            parent_due = dt.date.fromisoformat(parent["due_date"])
            due = max(start + dt.timedelta(days=10), parent_due - dt.timedelta(days=rng.randint(0, 20)))
        status = self._status(start, due, parent)
        cadence, period = self._cadence()
        owners = self.org.people[lead["id"]]
        owner = owners[1] if len(owners) > 1 and rng.random() < 0.5 else rng.choice(owners)
        dept_id = lead["parent_id"]
        leader = self.org.charge.get(lead["id"]) or self.org.heads.get(dept_id)
        created_by = self.org.users[self.org.people[issuer["sections"][0]["id"]][1]]
        assigned = status != "draft"
        acked = status not in ("draft", "assigned", "returned")
        ack_day = start + dt.timedelta(days=rng.randint(0, 2))
        closed_day = min(today, due - dt.timedelta(days=rng.randint(0, 10))) if status == "closed" else None
        end = closed_day or today
        progress = (
            100
            if status in ("closed", "close_requested")
            else (
                min(
                    95,
                    max(
                        0, round(100 * (end - start).days / max((due - start).days, 1)) + rng.randint(-20, 10)
                    ),
                )
                if acked
                else 0
            )
        )
        report_due = self._next_report(status, cadence, period, due)
        row = {
            "id": pk,
            "title": self._title(lead),
            "description": "",
            "parent_id": parent["id"] if parent else None,
            "tree_path": child_path(parent["tree_path"] if parent else None, pk),
            "directive_id": directive,
            "requirement_id": None,
            "is_key": rng.random() < 0.15,
            "lead_unit_id": lead["id"],
            "owner_id": owner,
            "leader_id": leader,
            "start_date": start.isoformat(),
            "due_date": due.isoformat(),
            "cadence": cadence,
            "finish_standard": "形成工作总结，问题整改到位，有关制度印发实施",
            "weight": 1,
            "status": status,
            "progress": progress,
            "next_report_due": report_due.isoformat() if report_due else None,
            "recheck_on": None,
            "assigned_at": stamp(start, rng) if assigned else None,
            "assigned_by_id": created_by if assigned else None,
            "acknowledged_at": stamp(ack_day, rng) if acked else None,
            "closed_at": stamp(closed_day, rng) if closed_day else None,
            "created_by_id": created_by,
            "created_at": stamp(start - dt.timedelta(days=1), rng),
            "updated_at": stamp(min(end, due), rng),
            "subtree_due_date": None,
            "subtree_report_due": None,
            "children_count": 0,
            "open_children_count": 0,
        }
        self.writer.add(self.Task, row)
        for above in path_ids(row["tree_path"])[:-1]:
            self.writer.add(
                self.Ancestor, {"task_id": pk, "ancestor_id": above, "task_due_date": row["due_date"]}
            )
        if rng.random() < 0.2:
            siblings = [s for s in self._siblings(lead) if s["id"] != lead["id"]]
            for co in rng.sample(siblings, min(len(siblings), rng.randint(1, 2))):
                self.writer.add(self.co_table, {"task_id": pk, "unit_id": co["id"]})
        self._story(row, start, ack_day if acked else None, closed_day, due, period, owner, created_by)
        return row

    def _siblings(self, lead: dict) -> list[dict]:
        dept = self.org.units[lead["parent_id"] - 1]
        return dept.get("sections", [])

    def _title(self, lead: dict) -> str:
        rng = self.rng
        return f"{rng.choice(VERBS)}{rng.choice(SUBJECTS)}{rng.choice(OBJECTS)}（{lead['short_name']}）"

    def _status(self, start: dt.date, due: dt.date, parent: dict | None) -> str:
        rng, today = self.rng, self.today
        # A task asks to close only once nothing below it is open (services.request_close).
        if parent is not None and parent["status"] in ("closed", "cancelled", "close_requested"):
            return "closed" if rng.random() < 0.95 else "cancelled"
        if parent is not None and parent["status"] in ("draft", "assigned"):
            return "draft"
        if start > today:
            return "draft" if rng.random() < 0.6 else "assigned"
        roll = rng.random()
        if due < today:  # past its deadline: mostly closed; the rest is red
            return (
                "closed"
                if roll < 0.86
                else "cancelled"
                if roll < 0.88
                else "close_requested"
                if roll < 0.9
                else rng.choice(("in_progress", "in_progress", "acknowledged", "returned"))
            )
        return (
            "in_progress"
            if roll < 0.62
            else "acknowledged"
            if roll < 0.74
            else "assigned"
            if roll < 0.78
            else "close_requested"
            if roll < 0.83
            else "closed"
            if roll < 0.96
            else "returned"
            if roll < 0.97
            else "cancelled"
        )

    def _cadence(self) -> tuple[str, int]:
        roll, acc = self.rng.random(), 0.0
        for cadence, period, share in CADENCES:
            acc += share
            if roll < acc:
                return cadence, period
        return CADENCES[-1][:2]

    def _next_report(self, status: str, cadence: str, period: int, due: dt.date) -> dt.date | None:
        if status not in ("acknowledged", "in_progress", "close_requested", "returned") or cadence == "none":
            return None
        if cadence == "once":
            return due
        if self.rng.random() < 0.08:  # a report is late: yellow
            return self.today - dt.timedelta(days=self.rng.randint(1, 10))
        return min(due, self.today + dt.timedelta(days=self.rng.randint(0, period)))

    def _story(
        self,
        row: dict,
        start: dt.date,
        acked: dt.date | None,
        closed: dt.date | None,
        due: dt.date,
        period: int,
        owner: int,
        created_by: int,
    ) -> None:
        """Feedback at the task's cadence and the timeline, in the order they happened."""
        rng, pk = self.rng, row["id"]
        owner_user = self.org.users[owner]
        self._event(pk, start - dt.timedelta(days=1), created_by, "created")
        if row["status"] == "draft":
            return
        self._event(pk, start, created_by, "assigned")
        if row["status"] == "returned":
            self._event(
                pk, start + dt.timedelta(days=1), owner_user, "returned", "不属于本单位职责，请重新交办"
            )
        if acked is None:
            return
        self._event(pk, acked, owner_user, "acknowledged")
        # A close-out is the completion report (services.request_close): no report after it.
        asked = (
            closed or max(acked, self.today - dt.timedelta(days=rng.randint(0, 5)))
            if row["status"] in ("close_requested", "closed")
            else None
        )
        end = asked or self.today
        span = (end - acked).days
        reports = (
            50
            if pk % 2000 == 7 and span > 0
            else (max(1, span // period) if period else (1 if closed else 0))
        )
        for n in range(1, reports + 1):
            day = acked + dt.timedelta(days=max(1, span * n // (reports + 1)))
            if asked is not None and day >= asked:
                break
            percent = (
                min(99, row["progress"] * n // reports)
                if row["status"] != "closed"
                else 100 * n // (reports + 1)
            )
            late = rng.random() < 0.07
            text = rng.choice(PROGRESS).format(p=percent, n=rng.randint(1, 9), m=rng.randint(5, 60))
            report = self._feedback(pk, owner, day, text, percent, late)
            self._event(pk, day, owner_user, "feedback", f"进度 {percent}%", report)
        if row["status"] in ("in_progress", "acknowledged") and due < self.today and rng.random() < 0.5:
            self._event(pk, self.today - dt.timedelta(days=1), None, "escalated", "逾期未完成，已报分管领导")
        if rng.random() < 0.03 and row["status"] in OPEN_STATES:
            self._extension(row, due, owner, end)
        if asked is not None:
            report = self._feedback(pk, owner, asked, CLOSE_EVIDENCE, 100, False, period=False)
            self.writer.add(
                self.Close,
                {
                    "task_id": pk,
                    "requested_by_id": owner,
                    "evidence_text": CLOSE_EVIDENCE,
                    "recheck_on": None,
                    "approved": True if closed else None,
                    "reviewed_by_id": None,
                    "reviewed_at": None,
                    "review_note": "",
                    "decided_by_id": row["leader_id"] if closed else None,
                    "decided_at": stamp(closed, rng) if closed else None,
                    "decision_note": "",
                    "created_at": stamp(asked, rng),
                },
            )
            self._event(pk, asked, owner_user, "close_requested", CLOSE_EVIDENCE, report)
        if closed:
            self._event(pk, closed, self.org.users[row["leader_id"]], "close_approved")
        elif row["status"] == "cancelled":
            self._event(pk, end, created_by, "cancelled", "任务调整，不再执行")

    def _extension(self, row: dict, due: dt.date, owner: int, end: dt.date) -> None:
        pending = self.rng.random() < 0.4
        self.writer.add(
            self.Extension,
            {
                "task_id": row["id"],
                "requested_by_id": owner,
                "old_due_date": due.isoformat(),
                "new_due_date": (due + dt.timedelta(days=30)).isoformat(),
                "reason": "涉及多个部门协调，需延长时限",
                "status": "pending" if pending else "approved",
                "decided_by_id": None if pending else row["leader_id"],
                "decided_at": None if pending else stamp(end, self.rng),
                "decision_note": "",
                "created_at": stamp(end, self.rng),
            },
        )

    def _feedback(
        self, task: int, author: int, day: dt.date, text: str, percent: int, late: bool, period: bool = True
    ) -> int:
        """A 复命; ``period``: it answers a report period (a close-out's completion report here does not)."""
        rng = self.rng
        self.feedback_id += 1
        self.writer.add(
            self.Feedback,
            {
                "id": self.feedback_id,
                "task_id": task,
                "author_id": author,
                "progress_text": text,
                "percent": percent,
                "difficulties": rng.choice(DIFFICULTIES) if period else "",
                "next_steps": rng.choice(NEXT_STEPS) if period else "",
                "submitted_at": stamp(day, rng),
                "period_due": (day - dt.timedelta(days=3 if late else 0)).isoformat() if period else None,
                "late": late,
            },
        )
        return self.feedback_id

    def _event(
        self,
        task: int,
        day: dt.date,
        actor: int | None,
        kind: str,
        note: str = "",
        feedback: int | None = None,
    ) -> None:
        self.event_id += 1
        self.writer.add(
            self.Event,
            {
                "id": self.event_id,
                "task_id": task,
                "at": stamp(day, self.rng),
                "actor_id": actor,
                "kind": kind,
                "note": note,
                "changes": "[]",
                "feedback_id": feedback,
            },
        )
