"""Which sentences direct someone: the directive test, imperative openings, parallel clauses.

Pure functions over the normalised text; the engine decides spans, this module decides kinds.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator

from . import owners as own
from .clauses import second_actor
from .deadlines import parse_times
from .lexicon import VERBS
from .soft import ORGANISED

# 要紧 (important) is no modal, 要紧密配合 / 要紧扣 / 要紧盯 are
_YAO = (
    r"(?<![重主必只首纲概摘提纪简扼想将快紧显机政需])要"
    r"(?![求点素义害件闻务事领职地道塞么]|紧(?![紧密扣盯跟抓贴]))"
)
MODAL = re.compile(
    # 现实需要, 工作需要, 发展的需要: a need named, not a modal
    rf"{_YAO}|必须|务必|确保|应当|应该|(?<![的实作展])需要?(?!求)|力争|严禁|不得|禁止|希望|务求|"
    # 须按时参加, 应于3月底前报送: the notice's short modals, only where nothing else can be meant
    r"(?<![必务无毋莫])须(?![知臾])|必需(?="
    + "|".join(sorted(VERBS))
    + r")|(?<![相适对响反供答回效呼顺])应(?=于|在|按|及时|严格|认真|主动|积极|做好|加强|确保|结合|根据)|"
    # 2021年计划投资…, 计划于下半年举办…: what a plan schedules
    r"(?<![的度作])计划(?=于|在|投资|新建|建设|完成|实施|申报|开展|举办|打造|引进|招引|争取|推出|组织)|"
    r"负责(?!人|同志|单位|部门|处室|科室|领导|制|的)|牵头(?!领导|单位|部门|处室|科室|人)|争取(?=在|于|[^，。；]{0,12}(?:前|底|内)[，完])"
)
STRONG = re.compile(r"必须|务必|确保|一定要|严禁|不得|禁止")
_NARRATIVE = re.compile(
    r"了(?!解)|已经|已(?!于)|取得|刚才|过去一年|以来|曾经|表示衷心|讲得|负责解释|之日起(?:施行|执行)"
)
_REVIEW = re.compile(
    r"情况如下|完成情况|附件|值得肯定|肯定成绩|成绩|成效|取得|总体上|亮点|做法|经验|不足|短板|差距|需要改进|存在|问题"
)
_INTRO_DIRECTIVE = re.compile(r"要求|意见|任务|措施|抓好|做到|部署|安排|几点|以下|工作重点")
_COPULA = re.compile(r"(?<![就而还要凡总但或只正不也更都即于一二三四五六七八九十])是(?!否|要)")
_DESCRIPTIVE = re.compile(r"[^，。]{1,12}?(?:一般|原则上|主要)?(?:为|是|包括)(?!了)")
_LATE_COPULA = re.compile(r"，(?:这|也|更|都|正|才)?是(?!否)")
_COGNITIVE = re.compile(r"(?:清醒|充分)?(?:看到|认识到|意识到)")
# 请各单位…; 望各单位… in the older style of a notice (never 希望, a hope)
_PLEASE = re.compile(r"请(?=[\u4e00-\u9fffXx])|(?<!希)望(?=各|全体|有关|相关)")
_COMRADES = re.compile(r"[\u4e00-\u9fff]{2,3}(?:、[\u4e00-\u9fff]{2,3})*等?同志")  # 请仇珂静、刘亚亮等同志…
_ASKS = re.compile(
    r"(?:(?:[^，。；]{0,30}，){1,3}|《[^》]{1,12}》"
    r"|[^，。；]{0,12}?(?:会议|研讨会|会|主任|书记|部长|领导|通知|意见|办|局|委|部|组|中心))?"
    r"(?:要求|责成|督促|提醒)"
    r"(?=各|全体|有关|相关|广大|[^，。；]{1,12}(?:单位|部门|科室|处室|局|委|办))"
)
# …，市创卫办要求各单位…: a body's request inside a report, the task it sets
_BODY_ASKS = re.compile(
    r"[^，。；]{2,12}?(?:办|局|委|部|组|中心|会议)(?:要求|责成)(?=各|全体|有关|相关|广大)"
)
# 妥否，请…阅示: a submission to a leader for reading, not a task
_SUBMIT = re.compile(r"(?:阅示|审示|审阅|审定|审批|批示|阅研)[。；]?$")
_PURPOSE = re.compile(r"(?:^|[，；])(?:为了?|以)确保$")
_ASK_FOR = re.compile(r"向[^，。；]{1,8}(?:[、，]?要[^，。；]{1,6})*要$")
_RELATIVE = re.compile(r"[\u4e00-\u9fff]{1,3}的")
# 深刻阐述了教育强国建设要正确处理好的五个重大关系: a modal inside the object of a verb narrated with 了,
# closed by the 的 of that object in the same clause
_NARRATED = re.compile(r"[\u4e00-\u9fff]了(?!解)[^，。；：]*$")
_OBJECT_END = re.compile(r"[^，。；：]*的")
_TASK_IS = re.compile(
    r"(?:主要|重点|核心)?(?:任务|工作)(?:是|为)[：，]?(?:在[^，。；]{2,30}?基础上，)?(?:由)?"
)
_SIGNIFICANCE = re.compile(r"^[^，。；]{2,24}，(?:有利于|有助于|事关|关系到|关乎)")
_SPEAKER = re.compile(r"我(?:还|再|就)?要$")  # 所以我要说，…: the speaker's own words, no task
# 今天召开这次会议的主要任务是…, 本次培训的目的就是…: what the meeting is for, not a task it sets
_OCCASION = re.compile(
    r"^[^，。；]{0,12}?(?:这次|本次|此次|今天的?|今天召开的?|这个)\s*(?:召开)?(?:这次|本次)?\s*"
    r"(?:会议|大会|座谈会|培训班?|动员会|推进会|部署会|讲座|活动)的?\s*(?:主要)?\s*(?:任务|目的|主题|目标|意义)"
    r"(?:之一)?\s*，?\s*(?:就)?是"
)
# 会议同意区发改局提出的…，作进一步修改完善后提请区委常委会审议; 原则同意…，要求…后，依法依规组织实施
_APPROVAL = re.compile(
    r"(?:会议)?(?:原则)?同意[^。；]{2,120}?，(?:要求|请|由)?[^。；]{0,24}?(?:修改完善|提请|印发|组织实施|签约)"
)
# 开展…活动是…的重要举措, 制定好…，对于…具有重要指导意义: what a task means, not the task
_MEANING = re.compile(
    r"(?:是|为)[^。；]{0,50}(?:举措|抓手|途径|手段|保障|基础|前提|关键|根本|必然要求)$|具有[^。；]{0,10}意义$"
)
_QUESTION = re.compile(r"[？?]|^(?:如何|怎样|怎么|为什么|为何)")  # a question asks, never directs
_TOPIC_MODAL = re.compile(rf"(?:在|对于|对|针对)[^，；。]{{1,25}}?{_YAO}")
_TOPIC_SHORT = re.compile(rf"(?:在|对)[^，、；。]{{1,15}}?{_YAO}")
_BARE = re.compile(r"(?:要|必须|务必)(?![求点])")
_LINKED_BARE = re.compile(r"(?:同时|此外|另外|也|还|更)(?:要|必须|务必)(?![求点])")
_ADVERB_CLAUSE = re.compile(r"^(?:(?:从|自)[^，；。]{1,14}(?:开始|起)|同时|此外|另外|今后|下一步|其中|为此)$")
_SECTION_WIDE = re.compile(r"^(?:以上|上述)(?:各项)?(?:工作|任务)")
_TARGET = re.compile(
    r"(?<![第\d.])(?P<v>\d+(?:\.\d+)?)\s*(?P<u>%|％|万人次|人次|万元|亿元|个百分点|个|项|名|人|期|次|场|家|篇|件|"
    r"条|批|所|户|轮|门|课时|学时|小时|分钟|天|元|份|村)(?!工作日|月|日|内|前|以内|之内|星期|周)|百分之(?P<v2>\d+(?:\.\d+)?)"
)
_VAGUE = re.compile(
    r"高度重视|进一步|切实|认真|深入|不断|大力|积极|努力|加强|强化|提高|提升|注重|营造|弘扬|有效|扎实|全面|"
    r"着力|持续|充分|笼统|相关"
)
_TERMS = "。！？"
_BREAK = re.compile(f"[{_TERMS}\n]")  # where a sentence or a line may end
_WEAK = {"需", "需要", "希望", "负责", "牵头", "应该"}
_REPORTING = re.compile(
    r"(?:(?:针对|对于|关于|就|对)[^，。；]{1,30}，)?[^，。；]{0,30}(?:指出|强调|要求|提出|号召|表示|说)，"
    # …强调，大气污染防治形势依然严峻，要…: the background the speaker states before the directive
    r"(?:[^，。；要]{2,24}(?:严峻|复杂|繁重|艰巨|紧迫|关键|重要|突出)，)?"
    r"(?=[^，。；]{0,30}?(?:要|必须|务必|一定要))"
)
# 会议要求，按照…修改完善方案后，尽快印发实施: the reported requirement in the imperative, no modal
REPORTED = re.compile(r"[^，。；]{0,12}?(?:要求|强调)，")
_TIME_START = re.compile(r"[\d〇零一二两三四五六七八九十XxX×本下上年今明第月元国当次从自每]")
_BACKGROUND_TITLE = re.compile(
    r"(?:指导思想|基本原则|总体思路|工作原则|总体要求|背景|意义"
    r"|主要特点|主要做法|基本情况|开展情况|主要成效|工作成效|存在的?问题)\s*(?:\n|$|[。：])"
)
# 今年工作的总体要求是：深入贯彻…: the creed of a plan, whatever follows the colon
_CREED_LEAD = re.compile(
    r"(?:总体要求|指导思想|总体思路|工作思路|基本原则|(?:主要|总体|工作|发展)?预期目标|主要目标|总体目标|工作目标)"
    r"(?:是|为)?："
)
# 主要目标, 工作目标: the goals of a plan, not its tasks, unless a goal names who answers for it
GOAL_TITLE = re.compile(r"(?:主要|总体|工作|发展|行动)?(?:预期)?目标\s*(?:\n|$|[。：])")
_MIN_ITEM = 6  # shorter spans are phase labels (组织实施), never a task of their own
_ITEM_KINDS = {"cn", "pcn", "num", "pnum", "circ", "lat", "tiao", "stage"}
_TRIM = " \t\n。；，、：！？"


def _trim(t: str, s: int, e: int) -> tuple[int, int]:
    while s < e and t[s] in " \t\n":
        s += 1
    while e > s and t[e - 1] in _TRIM:
        e -= 1
    return s, e


# 镇党委、政府高度重视,立即组织安排整改,镇主要领导、\n分管领导…: a line broken at a fixed width (a
# PDF's text) goes on in the next line
_WRAPPED = re.compile(
    r"[^\n]{17}[\u4e00-\u9fff，、“（]\n(?=[\u4e00-\u9fff，、。；”’）》])(?![一二三四五六七八九十]+[、是要]|第[一二三四五六七八九十])"
)


def _wrapped(t: str, i: int) -> bool:
    """The newline at ``i`` only wraps a long line."""
    if i < 18 or not _WRAPPED.match(t, i - 18):
        return False
    line = t[t.rfind("\n", 0, i) + 1 : i]
    return "\t" not in line and "|" not in line  # a table row ends at its line


def _sentences(t: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Sentences (terminator included) and lines inside [lo, hi)."""
    return list(sentences(t, lo, hi))


def sentences(t: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """The sentences of ``_sentences`` one by one, read only as far as they are asked for."""
    s = lo
    for m in _BREAK.finditer(t, lo, hi):
        i = m.start()
        if t[i] == "\n" and _wrapped(t, i):
            continue
        j = i + 1
        while j < hi and t[j] in "”’）":
            j += 1
        if t[s:j].strip():
            yield s, j
        s = j
    if s < hi and t[s:hi].strip():
        yield s, hi


def _clause_starts(t: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """Starts of clauses after ， or 、 outside quotes and brackets, with the separator."""
    out, depth = [], 0
    for i in range(lo, hi):
        c = t[i]
        if c in "“（《‘":
            depth += 1
        elif c in "”）》’":
            depth = max(0, depth - 1)
        elif depth == 0 and c in "，、" and i + 1 < hi:
            out.append((i + 1, c))
    return out


def _strip_lead(t: str) -> str:
    """Drop the marker-free leading adverbials (同时，今年，) and the subject before judging a clause."""
    s = re.sub(r"^(?:同时|此外|另外|今年|今后|当前|下一步|为此)[，]?", "", t.strip(" \t\n"))
    s = re.sub(r"^[^，。；]{2,12}(?:过程中|期间)，", "", s)  # 三年行动过程中，每季度报送…
    s = re.sub(r"^[\u4e00-\u9fff]{1,4}地(?=[\u4e00-\u9fff]{2})", "", s)  # 有计划地组织…
    return re.sub(r"^(?:进一步|继续|不断|更加|要)(?=[\u4e00-\u9fff]{2})", "", s)


# 结合学雷锋纪念日开展…, 依据教学需求，本着…的原则，制订…: a leading adverbial, then the imperative verb
_PREP_LEAD = re.compile(
    r"^(?:结合|按照|根据|依据|围绕|对照|依托|立足|针对|本着|通过|利用|借助|紧扣|紧贴|以(?=[^，。；]{1,30}为))"
    rf"(?:(?!我们|今天|大家|本次)[^。；！？]){{1,50}}?(?<![的之])(?:{'|'.join(sorted(VERBS))})"
)


# 12月26日（周五）前, 4月20日（星期五）上午11点前: a notice's date names its weekday and hour
_WEEKDAY = (
    r"(?:（(?:周|星期)[一二三四五六日天]）)?(?:[上下]午|中午|晚上)?"
    r"(?:\d{1,2}[:：]\d{2}|\d{1,2}[点时](?:\d{1,2}分|半)?)?"
)
_DUE_FIRST = re.compile(rf"^(?:\d{{4}}年)?\d{{1,2}}月\d{{1,2}}[日号]{_WEEKDAY}(?:前|之前|以前)，")
_DUE_TAIL = re.compile(rf"^{_WEEKDAY}(?:前|之前|以前)，?")
_NEXT_STEP = re.compile(r"^(?:下一步|下步|今后|接下来)，?")


def starts_imperative(t: str, base: dt.date) -> bool:
    s = _strip_lead(t)
    times = parse_times(s[:20], base) if _TIME_START.match(s) else None
    if times and times[0].start == 0:
        s = s[times[0].end :]
        s = _DUE_TAIL.sub("", s, count=1).lstrip("，")
    return (
        s[:2] in VERBS
        or (s[:1] in ("把", "将") and s[:2] not in ("将来", "将近"))
        or bool(_PREP_LEAD.match(s))
    )


def is_directive(t: str, base: dt.date) -> bool:
    """The item test: the clause directs someone to act (modal or imperative), not narrates or reviews."""
    s = t.strip(_TRIM)
    if len(s) < 4 or _QUESTION.search(s) or t.rstrip(" \t\n”’").endswith(("？", "?")):
        return False
    if _OCCASION.match(_strip_marker(s)):
        return False
    lead = _strip_marker(s)
    if _PLEASE.match(lead) and (own.longest_actor(lead, 1) or _COMRADES.match(lead, 1)):
        return True
    asks = _ASKS.match(lead)
    if asks and own.addressee(lead, asks.end()) and not _NARRATIVE.search(lead):
        return True  # 要求各责任单位认真落实…: the requirement reported, addressed to its actor
    modal = MODAL.search(s)
    while modal and (
        _ASK_FOR.search(s, 0, modal.end())
        or _PURPOSE.search(s, 0, modal.end())
        or _SPEAKER.search(s, 0, modal.end())
        and s[modal.end() : modal.end() + 1] in "说讲谈"
        or _NARRATIVE.search(s)
        and _RELATIVE.match(s, modal.end())
        or _NARRATED.search(s, 0, modal.start())
        and _OBJECT_END.match(s, modal.end())
    ):
        # 向领导要职务: 要 asks for something; 为确保…，: a purpose; 对近期要抓好的工作作了安排: a modal
        # inside the attribute of a report's object; none of them directs anyone
        modal = MODAL.search(s, modal.end())
    if modal and _COGNITIVE.match(s, modal.end()):
        return False  # 也要看到…: a review, not a task
    if modal and "了" in re.split(r"[，；]", s[modal.start() :], maxsplit=1)[0]:
        return False  # 确保了万无一失: a report
    if modal:
        if _NARRATIVE.search(s) and (
            modal.group(0) in _WEAK
            or _NARRATIVE.search(s[: modal.start()])
            and not modal.group(0).startswith("要")
        ):
            return False
        first = re.split(r"[，；]", s, maxsplit=1)[0]
        if (  # noqa: SIM103
            len(first) < modal.start()
            and _COPULA.search(first)
            and not STRONG.search(s)
            and not own.subject_owners(re.split(r"[，；]", s[: modal.start()])[-1])
        ):
            return False  # background: "组织部门是…，都要讲政治"
        return True
    if _APPROVAL.match(lead):
        return True  # 原则同意…，要求…修改完善后印发实施: a meeting's decision and what follows from it
    task = _TASK_IS.match(lead)
    if task and not _NARRATIVE.search(s):  # 主要任务是制定实施方案，层层宣传动员: a stage's task
        return starts_imperative(lead[task.end() :], base) or own.ACTOR.match(lead, task.end()) is not None
    if (
        _NARRATIVE.search(s)
        or _LATE_COPULA.search(s)
        or _DESCRIPTIVE.match(s)
        or _SIGNIFICANCE.search(s)
        or _MEANING.search(s)
    ):
        return False  # 开好“两会”，有利于…，事关…: what a task means, not the task
    lead = _NEXT_STEP.sub("", lead, count=1)  # 下一步，督导组将…: the commitment after its time adverb
    actor = own.longest_actor(lead, 0)
    if actor and lead[len(actor) : len(actor) + 1] == "将":
        return starts_imperative(lead[len(actor) + 1 :], base)  # 县政府办公室将定期开展…: a commitment
    return starts_imperative(s, base)


def actor_statement(t: str) -> bool:
    """``干部一科按照…修改后，提交…``: a list item led by its actor states a task without a modal
    (``12月4日前，支部完成互评打分``: after the date it is due by)."""
    s = re.sub(r"^(?:由|请)", "", _strip_lead(t))
    s = _DUE_FIRST.sub("", s, count=1)
    return (
        bool(own.longest_actor(s, 0))
        and not _NARRATIVE.search(s)
        and not re.match(rf"{re.escape(own.longest_actor(s, 0))}(?:是|作为|在[^，]*?(?:发现|反映))", s)
    )


def split_units(t: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Parallel directive clauses of one sentence (``在A上要…、在B上要…``, ``…，对C要…``) as units."""
    starts = _clause_starts(t, lo, hi)
    cuts: list[int] = []
    series = asked = False
    # 领导小组下设办公室，…，各成员要…: after how the work is organised, an actor's clause is a task
    organised = bool(ORGANISED.match(t[lo:hi]))
    first_topic = None
    for k, (c, sep) in enumerate(starts):
        rest = t[c:hi]
        clause_end = t.find("，", c, hi)
        clause_end = hi if clause_end < 0 else clause_end
        before = t[lo:c]
        if (
            sep == "，"
            and _PLEASE.match(rest)
            and own.longest_actor(rest, 1)
            and not _SUBMIT.search(t, c, hi)
        ):
            cuts.append(c)  # 21项任务已完成20项，请交通局尽快销号: the request is the task
            asked = True
            continue
        if sep == "，" and not asked and _BODY_ASKS.match(rest):
            cuts.append(c)
            asked = True
            continue
        if sep == "，" and not asked and second_actor(t, lo, c, hi):
            cuts.append(c)  # …要指导好…，驻村干部需下村督查…: a different actor's own requirement
            continue
        # …，望各党组织书记…，同时要…: 望 directed too
        if not MODAL.search(before) and not asked and not organised:
            if (
                sep == "、"
                and _TOPIC_SHORT.match(rest)
                and _TOPIC_SHORT.match(t[_prev_clause(starts, k, lo) : hi])
            ):
                first_topic = _prev_clause(starts, k, lo)
                cuts.append(c)
                series = True
            continue
        if sep == "、":
            if _TOPIC_SHORT.match(rest):
                if first_topic is None and _TOPIC_SHORT.match(t[_prev_clause(starts, k, lo) : hi]):
                    first_topic = _prev_clause(starts, k, lo)
                cuts.append(c)
                series = True
            continue
        m = MODAL.search(t, c, clause_end)
        kind = None
        if _TOPIC_MODAL.match(rest) and m:
            kind = "topic"
        elif _BARE.match(rest) or _LINKED_BARE.match(rest):  # …，同时要…: a connective, then the modal
            kind = "bare"
        elif (
            m
            and m.group(0) in ("要", "必须", "务必")
            and own.subject_owners(t[c : m.start()])
            and (organised or _has_actor(t, lo, c))
        ):
            kind = "subject"
        if kind is None:
            continue
        if kind == "bare" and k > 0:
            pc = starts[k - 1][0]
            if _ADVERB_CLAUSE.match(t[pc : c - 1]) and pc > lo:
                c = pc
        cuts.append(c)
    if cuts and not series and _HEADING_ONLY.fullmatch(t[lo : cuts[0]].strip()):
        cuts = cuts[1:]  # 三是要抓落实，对布置的工作要逐项研究…: a short heading stays with what explains it
    if not cuts:
        return [(lo, hi)]
    s0 = first_topic if (series and first_topic is not None) else lo
    bounds = [s0, *cuts, hi]
    units = []
    for a, b in itertools.pairwise(bounds):
        if series:
            comma = t.find("，", a, b)
            if comma >= 0 and _TOPIC_SHORT.match(t, a):
                b = comma
        units.append((a, b))
    return units


# 三是要抓落实，/ 第三，要突显先进性，: an element's marker and its few words of heading
_HEADING_ONLY = re.compile(
    r"(?:[一二三四五六七八九十]+[是要]|第[一二三四五六七八九十]+，?)要?[\u4e00-\u9fff]{2,6}[，、]?"
)


def _has_actor(t: str, lo: int, hi: int) -> bool:
    m = MODAL.search(t, lo, hi)
    return bool(m and own.subject_owners(re.split(r"[，；]", t[lo : m.start()])[-1]))


def _prev_clause(starts: list[tuple[int, str]], k: int, lo: int) -> int:
    return starts[k - 1][0] if k > 0 else lo


def _strip_marker(s: str) -> str:
    return re.sub(
        r"^\s*(?:[一二三四五六七八九十]+[要是、]|第[一二三四五六七八九十]+|首先|其次|最后|\d+[.、]|（[一二三四五六七八九十\d]+）)",
        "",
        s,
    )
