"""What a heading or the sentence before a list says about the list: the document's parts, a notice's
own arrangements and specifications, the words that introduce tasks, a transmittal, a plan's calendar."""

from __future__ import annotations

import re

from .classifier import _INTRO_DIRECTIVE, _NARRATIVE, _REVIEW
from .weeks import WEEK_LINE

# 考核对象, 选派范围, 工作步骤: a heading that names a part of the document, not a task
_NOMINAL_TITLE = re.compile(
    r"(?:对象|内容|范围|条件|程序|方式|方法|时间|要求|原则|目标|意义|背景|步骤|安排|措施|职责|分工|标准|依据|办法|流程|纪律|保障)$"
)


# 参加对象, 活动地点, 联系方式: a heading of the notice's own arrangements
_ARRANGEMENT = re.compile(r"[^，。；：]{0,6}(?:对象|人员|地点|联系人|联系方式)$")
# 统计时间：…, 统计范围：…, 活动地点：…: a list item that specifies, not one that directs
_SPEC = re.compile(r"[^，。；：\n]{0,10}(?:时间|范围|对象|地点|方式|主题)\s*：")

# 现就有关事宜通知如下：, 特重新规定如下：: what follows is what the text requires
_EXPLAINS = re.compile(r"(?:解读|说明|介绍)如下[：:]?\s*$")
# 从以下几个方面切入, 制定本实施意见, 现就有关事项通知如下: what introduces the list after it
_LEADS = re.compile(r"以下|如下|下列|几点|几个方面|这样几|制定本|特制定|现就|现将")
_BY = re.compile(r"(?:^|[，：])由(?=[^，。；]{2,20}?(?:进行|负责|牵头|组织))")
_CONTENTS = re.compile(r"包括|包含|分为|涵盖|主要有")
# 二、工作重点, 四、行事历: a heading whose list is the plan's tasks, element by element
_TASKS_TITLE = re.compile(
    r"\s*(?:主要|重点|具体|年度|本学期|本年度)?(?:工作重点|重点工作|工作任务|主要任务|重点任务|工作安排|"
    r"具体安排|行事历|工作日程|工作要点)\s*(?:\n|$|[。：])"
)
# 《方案》已经市政府同意，现印发给你们，并就有关事项通知如下: a transmittal, not a review of what was done
_TRANSMITS = re.compile(r"现(?:印发|转发|下发)给你们|(?:有关|相关)?事项通知如下")
_ANNOUNCES = re.compile(r"(?:规定|通知|要求|安排|部署|明确)如下[：:]?\s*$")
_NOTICE_OPENING = re.compile(r"(?:事项|事宜|安排|工作|要求)(?:[^，。；\n]{0,4})?通知如下[：:]")
# 一月份：, 2026年3月上旬：, 全年主要工作安排：, 第三周（9.15-9.21）: a plan's calendar introduces the
# month's or the week's tasks
CALENDAR_INTRO = re.compile(
    r"\s*(?:(?:\d{4}年)?[一二三四五六七八九十\d]{1,3}月份?(?:上旬|中旬|下旬)?|[^，。；\n]{0,6}?工作安排"
    rf"|{WEEK_LINE.pattern})\s*[：:]?\s*"
)
# 今天召开…全体会议，主要任务是：…: the meeting's agenda, not tasks
_AGENDA = re.compile(r"(?:召开|会议)[^。]{0,60}主要(?:目的|任务|议程|内容)(?:之一)?，?就?是[：:]$")


def list_intro(intro: str) -> str | None:
    """What the clause before a sentence's colon makes of the ``；``-clauses after it: ``directs``
    (学校要求…开展一系列活动：如…；…: each is a task), ``done`` (今年…一些工作走在了全市前边：…；建立的…: the
    speaker lists what was done, or a meeting's agenda: only a clause with its own modal directs), or
    None."""
    if _AGENDA.search(intro) or _NARRATIVE.search(intro) and not _INTRO_DIRECTIVE.search(intro):
        return "done"
    if (_ANNOUNCES.search(intro) or re.search(r"要求|以下|下列", intro)) and not (
        _NARRATIVE.search(intro) or _REVIEW.search(intro) or re.search(r"我[^，。；]{0,6}[讲谈说]", intro)
    ):
        return "directs"  # never 我主要讲以下二个事情：the speaker's points, not a list of tasks
    return None
