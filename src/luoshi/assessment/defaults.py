"""The standard scheme: the process figures the execution loop, the problem ledger, study and training give,
and the four questions of effect (落实、解决、改变、提升) judged by the leaders. A year's scheme starts from
it."""

from __future__ import annotations

from typing import Any

from .choices import Aspect, Dimension, IndicatorKind

RUBRIC = [
    {"level": "好", "points": 100},
    {"level": "较好", "points": 85},
    {"level": "一般", "points": 70},
    {"level": "较差", "points": 50},
]


def standard_indicators(assessors: list[int]) -> dict[str, list[dict[str, Any]]]:
    """The indicator tree of the standard scheme, judged by ``assessors`` (person ids)."""

    def auto(name: str, weight: int, metric: str, **more: Any) -> dict[str, Any]:
        return {"name": name, "weight": weight, "kind": IndicatorKind.AUTO, "metric": metric, **more}

    def judged(name: str, weight: int, aspect: str) -> dict[str, Any]:
        return {
            "name": name,
            "weight": weight,
            "kind": IndicatorKind.JUDGED,
            "aspect": aspect,
            "rubric": RUBRIC,
            "assessors": assessors,
        }

    return {
        Dimension.PROCESS: [
            {
                "name": "任务落实",
                "weight": 60,
                "children": [
                    auto("按时签收", 15, "ack_on_time"),
                    auto("反馈及时", 25, "feedback_on_time"),
                    auto("按期销号", 30, "close_on_time"),
                    auto("逾期任务", 20, "overdue"),
                    auto("延期次数", 10, "extensions"),
                ],
            },
            {
                "name": "问题整改",
                "weight": 30,
                "children": [
                    auto("问题按期整改", 70, "problems_on_time"),
                    auto("问题反弹", 30, "recurrences"),
                ],
            },
            {
                # Quotas: one session a period and 40 hours of the unit's people (the metrics' targets).
                "name": "学习培训",
                "weight": 10,
                "children": [
                    auto("专题学习", 50, "study_sessions"),
                    auto("培训学时", 50, "training_hours"),
                ],
            },
        ],
        Dimension.EFFECT: [
            judged("部署落实了没有", 30, Aspect.CARRIED_OUT),
            judged("问题解决了没有", 30, Aspect.SOLVED),
            judged("面貌改变了没有", 20, Aspect.CHANGED),
            judged("工作提升了没有", 20, Aspect.IMPROVED),
        ],
    }
