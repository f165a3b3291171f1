"""A short, clean task title from a requirement's text.

A requirement reads "（一）干部一科要在明年1月底前完成干部档案专项审核，确保……"; its task is named
"完成干部档案专项审核": the work the item requires, never who does it or by when. The title is the first
clause that names work once its list marker, its owner (X牵头, 由X负责, 请X会同Y…), its time phrase
(6月底前, 年内, 每月5日前) and its 要/必须/务必 lead-in are dropped; a clause holding only those is
skipped. An enumerated item whose marker opens a topic heading (三、加强自身建设。…要…) is named by the
work its body requires, as the items under a heading that is their parent are. The title is always one
piece of the text (whitespace collapsed), at most ``TITLE_LENGTH`` characters, cut at a word boundary
and never ending in punctuation.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from .classifier import MODAL
from .deadlines import parse_times
from .owners import ACTOR, ATTR
from .suggest import segmenter

TITLE_LENGTH = 30
NUM = "一二三四五六七八九十"
# what a number counts or dates (2022年, 24小时, 3个, 10余人): after it, the number is no list marker
_UNIT = "年月日号时点分秒个项条名人次万千百亿元周天期批届季级岁倍位家所户台辆套份件场轮节班余多小公平立米%％"
MARKER = re.compile(
    rf"^\s*(?:[（(][{NUM}\d]{{1,3}}[）)]|[{NUM}]{{1,3}}[、.．]|\d{{1,3}}(?:、|[.．](?!\d)|[）)])|[①-⑳]"
    rf"|第[{NUM}\d]{{1,3}}(?:[，、,：:]|(?![阶批步轮次项条期周天个]))|[{NUM}]{{1,3}}(?:是|要|来)|(?:首先|其次|再次|最后|同时)[，,]"
    r"|\d{1,3}(?: ?\|)?(?=\s)"  # a table row's number cell (1\t…, 1 |\n…), which its item's span holds
    rf"|\d{{1,2}}(?=[\u4e00-\u9fff])(?![{_UNIT}]))\s*"  # 1加强…: a number glued to what it numbers
)
# a clause ends at a stop, never at the colon of a clock time (17:00)
CLAUSE = re.compile(r"(?:[^。；;，,：:！!？?\n]|(?<=\d)[：:](?=\d))+")
_SENTENCE_END = re.compile(r"[。！!？?\n]")
_PUNCT = "，,。；;：:、！!？?“”‘’\"'（）() "
# what opens a clause before its work: a modal, a connective, the 在/于 that introduces a time phrase
_MODAL_LEAD = re.compile(
    r"^(?:我们|大家|同志们)?(?:并且?|同时|另外|此外|还|也|都|均|一律|就是|一定)*"
    r"(?:要求|必须|务必|需要|应当|应该|须|需|要(?![求素点件闻务领])|力争|争取)*"
)
_TIME_LEAD = re.compile(r"^(?:确保|力争|争取|务必|要|必须)?(?:在|于|到|至|从|自)?")
_ROLE = r"(?:牵头|负责|主抓|抓总|配合|协助|参与|落实)"
_WITH = r"(?:会同|协同|联合|配合|和|及|与|、)"
# 基层党建科牵头 / 由干部二科负责 / 请组织科会同宣传科 / 牵头单位：干部一科 / 干部一科要
_OWNER = re.compile(
    rf"^(?P<by>由|请)?(?:{ACTOR.pattern})(?:{_WITH}(?:{ACTOR.pattern}))*"
    rf"(?P<tail>{_ROLE}+|(?=(?:必须|务必|需要|应当|应该|要(?!求)|须|都要|也要|还要|均要|要在|于|会同|协同)))"
)
_ATTRIBUTE = re.compile(r"^(?:牵头|责任|配合|协办|主办|承办|负责)(?:单位|部门|科室|处室|领导|人)")
# 牵头单位：干部一科；完成时限：6月底前 — who and by when, never the work
_ATTRIBUTES = re.compile(rf"{ATTR.pattern}|(?:完成时限|完成时间|时间节点|时限要求)\s*[：:][^；;。\n）)]*")
_STOPS = "，,。；;：:、！!？? "
_REPORTER = re.compile(r"^.{0,12}(?:强调|指出|要求|提出|表示|说)$")
# 同志们，…: whom the speaker addresses, never the work
_VOCATIVE = re.compile(r"^(?:同志们|同学们|老师们|朋友们|各位(?:同志|同事|领导)?|大家)$")
# 作为市委的重要职能部门 / 在具体工作实践中: who the actor is or where, not the work
_SETTING = re.compile(
    r"^(?:[^把将让使]{0,12}(?<!担当)(?<!有所)(?<!不)作为.+|(?:在|从|对|按照|根据|围绕|针对|结合)[^，]{0,14}(?:中|上|下|里|方面|期间|基础上)"
    r"|(?:按照|根据|对照|依照|依据|围绕|遵照|结合)[^，]{0,16}(?:要求|部署|精神|分工|规定|安排|实际|指示)"
    r"|以.{1,20}为(?:重点|抓手|目标|核心|主线|导向|契机|载体|引领|统领)"
    r"|针对[^，]+|其中|下一步|同时|此外|另外|为此|因此|总之|对此|一方面|另一方面|会[前后上]|目前|当前|近期|借此机会|[^，]{2,10}是[^，]+)$"
)
# 县教育局和前进小学要…: a name the engine did not read, joined to one it did, before the modal
_NAMED = re.compile(r"[\u4e00-\u9fff]{2,8}?(?=要(?!求)|必须|务必|需要|应当)")
# who hands the work to the owner named next (督查组要求X…, 配合X做好…), or a short time before it
_HANDOVER = re.compile(
    r"^(?:.{0,12}(?:要求|督促|责成)|.{0,4}(?:请|望|由|安排|配合|会同|协助|协同)|.{0,6}(?:期间|前|后|时)"
    r"|.{0,6}(?:须|要|必须|务必|应|请)[在于]|[在于])$"
)
_WITH_CHARS = "、和及与等"
# verbs that say who or what a name is, or quote a proposal, never the work (X提出的…, X是…)
_NOT_WORK = {"提出", "提交", "是", "为", "有", "举办", "组成"}
_STAGE = re.compile(rf"第[{NUM}\d]{{1,3}}(?:阶段|批|步|轮)")
_CLOSE = {"”": "“", "’": "‘", "）": "（", ")": "(", "》": "《", "】": "【", "〕": "〔"}
_OPEN = {v: k for k, v in _CLOSE.items()}
_BREAK = "、和及与并"
# 切实/认真 before the verb: how, not what (kept when only a two-character verb would be left)
_MANNER = re.compile(r"^(?:切实|认真|扎实|积极|全力|着力|努力)(?=.{4})")
# 全面整治阶段（7月16日至8月31日）: a time in brackets after the work is the deadline's, not the task's
_TIME_ASIDE = re.compile(r"[（(][^（()）]*(?:\d|[年月日周]|前|后|期间)[^（()）]*[）)]$")
# 下午4:30 / 周三上午8:30至10:00 / 17:00前: a time of day, which the deadline's date carries
_CLOCK = re.compile(
    r"^(?:(?:周|星期)[一二三四五六日天])?(?:上午|下午|晚上|中午|早上)?\d{1,2}[:：]\d{2}(?:[:：]\d{2})?"
    r"(?:[至到—-]+\d{1,2}[:：]\d{2})?(?:之?前|以?后|起)?"
)
# a page's byline and counters (本报讯(记者…), 编辑：, 阅读次数：), never the work
_PAGE = re.compile(
    r"本报讯|[（(]记者|(?:来源|编辑|审核人?|作者|摄影)\s*[：:]|(?:阅读|浏览|点击)次数|分享到|打印本页|关闭窗口|发布时间"
)
_DAY = dt.date(2026, 1, 1)  # any day: only where a time phrase lies is asked, never its date


def _drop_time(s: str, deadline_phrase: str) -> str:
    """The clause without the time phrase it opens with (and the 在/于/确保 that introduces it)."""
    lead = _TIME_LEAD.match(s)
    rest = s[lead.end() :] if lead else s
    clock = _CLOCK.match(rest)
    if clock:
        return rest[clock.end() :]
    if deadline_phrase and rest.startswith(deadline_phrase):
        return rest[len(deadline_phrase) :]
    times = parse_times(rest[:24], _DAY)
    if times and times[0].start == 0:
        return rest[times[0].end :].lstrip("以之")
    return s


_PARTNER = ("会同", "协同", "联合")
_BY_ACTOR = re.compile(rf"^(?:由|请)((?:{ACTOR.pattern})(?:{_WITH}(?:{ACTOR.pattern}))*)")


def _drop_partner(s: str, mentions: Iterable[str]) -> str:
    """The clause without the 会同X/协同X that follows its dropped owner: the partners, not the work."""
    if not s.startswith(_PARTNER):  # else a pattern of this item's own mentions is compiled for nothing
        return s
    names = "|".join(re.escape(m) for m in mentions if m)
    who = f"(?:{names}|{ACTOR.pattern})" if names else f"(?:{ACTOR.pattern})"
    m = re.match(rf"^(?:{'|'.join(_PARTNER)}){who}(?:[、和及与]{who})*", s)
    return s[m.end() :] if m else s


def _drop_owner(s: str, mentions: Iterable[str]) -> str:
    """The clause without the owner it opens with: a known mention, or an actor followed by its role,
    a modal or 会同; after 由/请 any actor."""
    for mention in mentions:
        if mention and s.startswith(mention) and len(s) > len(mention):
            rest = s[len(mention) :]
            joined = re.match(_WITH, rest)  # 县教育局和前进小学要…: the next owner goes too
            if joined:
                after = rest[joined.end() :]
                dropped = _drop_owner(after, mentions)
                if dropped != after:
                    return dropped
                named = _NAMED.match(after)
                if named:
                    return after[named.end() :]
            role = re.match(rf"{_ROLE}*", rest)
            return rest[role.end() :] if role else rest
    m = _OWNER.match(s)
    if m and (m.group("tail") is not None or m.group("by")):
        return s[m.end() :]
    m = _BY_ACTOR.match(s)
    if m and len(s) - m.end() >= 2:
        return s[m.end() :]
    return s


def _strip(s: str, deadline_phrase: str, mentions: Iterable[str]) -> str:
    """The clause without the owner, partners, time phrase and modal lead-in it opens with."""
    for _ in range(6):
        before = s
        s = _drop_partner(_drop_owner(s, mentions), mentions)
        s = _drop_time(s, deadline_phrase)
        lead = _MODAL_LEAD.match(s)
        if lead and lead.end() and len(s) - lead.end() >= 2:
            s = s[lead.end() :]
        s = s.strip(_PUNCT)
        if s == before:
            break
    return s


def _past_fields(s: str, deadline_phrase: str, mentions: Iterable[str]) -> str:
    """The work after the last owner mention or deadline phrase still in the clause, where only a short
    lead (寒假期间, 在本通知印发后) or a verb that hands the work over (要求/督促/配合/请) stands before it
    and a verb phrase follows (督查组要求各责任单位要严格按照… -> 严格按照…, 配合区执法局做好… -> 做好…):
    the task's owner and deadline fields hold them, the title repeats neither."""
    spans = [m for m in (*mentions, deadline_phrase) if m and len(m) >= 2]
    ends = sorted({i + len(m) for m in spans for i in _finds(s, m)}, reverse=True)
    for end in ends:
        lead = s[: end - max(len(m) for m in spans if s[:end].endswith(m))]
        if lead and not (_HANDOVER.search(lead) or any(lead.rstrip("在于").endswith(m) for m in spans)):
            continue
        rest = _strip(s[end:].lstrip(_WITH_CHARS), deadline_phrase, mentions)
        if len(rest) >= 4 and not any(m in rest for m in spans) and _opens_verb(rest):
            return rest
    return s


def _finds(s: str, sub: str) -> list[int]:
    """Every offset of ``sub`` in ``s``."""
    return [m.start() for m in re.finditer(re.escape(sub), s)]


def _opens_verb(s: str) -> bool:
    """The phrase opens with a verb or the 把/将/对 that brings its object forward: it names work."""
    segmenter()
    import jieba.posseg

    first = next(iter(jieba.posseg.cut(s[:8])), None)
    return s[0] in "把将对向按" or bool(first and first.flag.startswith("v") and first.word not in _NOT_WORK)


def _work(clause: str, deadline_phrase: str, mentions: Iterable[str]) -> str:
    """The work a clause names, or "" when it names only who, by when or who says so."""
    s = clause.strip(_PUNCT)
    if _REPORTER.match(s) or _ATTRIBUTE.match(s) or _VOCATIVE.match(s):
        return ""
    s = _past_fields(_strip(s, deadline_phrase, mentions), deadline_phrase, mentions)
    if re.fullmatch(rf"{_ROLE}*|{_WITH}?", s) or len(s) < 2 or (_SETTING.match(s) and not MODAL.search(s)):
        return ""
    s = _MANNER.sub("", s, count=1)
    if _STAGE.fullmatch(s):
        return ""  # 第二阶段，召开全体党员大会: the stage is when, the next clause the work
    if s.endswith("的") and not MODAL.search(s):
        return ""  # 因特殊原因不能参加活动的: the case a rule applies to, its work is in the next clause
    return _tidy(_closed(s, clause))


def _tidy(title: str) -> str:
    """Without a trailing time in brackets, a trailing 等, or a bracket or quote the clause split."""
    aside = _TIME_ASIDE.search(title)
    if aside and aside.start() >= 2:
        title = title[: aside.start()].rstrip(_STOPS)
    title = _balance(title)
    if title.endswith("等") and len(title) > 3:
        title = title[:-1]
    return title.strip(_STOPS) or title


def _balance(title: str) -> str:
    """The title cut after a closing mark it never opened and before an opening mark it never closes
    (a clause split at the 、 inside 各县（市、区）), so every bracket and quote it holds is a pair."""
    stack: list[int] = []
    start = 0
    for i, ch in enumerate(title):
        if ch in _OPEN:
            stack.append(i)
        elif ch in _CLOSE:
            if stack and title[stack[-1]] == _CLOSE[ch]:
                stack.pop()
            elif not stack:
                start = i + 1
    end = stack[0] if stack else len(title)
    if stack and end - start < 2:  # nothing before the open mark: keep what follows it
        return _balance(title[end + 1 :]) if end + 1 < len(title) else title
    return title[start:end].strip(_STOPS) if end - start >= 2 else title


def _closed(title: str, clause: str) -> str:
    """The title with the closing quote or bracket the stripping took from its end, where it opened one."""
    at = clause.find(title) + len(title)
    while (
        at < len(clause)
        and clause[at] in _CLOSE
        and title.count(_CLOSE[clause[at]]) > title.count(clause[at])
    ):
        title += clause[at]
        at += 1
    return title


def _cut(title: str, limit: int) -> str:
    """At most ``limit`` characters, cut before a 、/和/及/与/并, else at the end of a jieba word, where
    no book title or quote is left open."""
    if len(title) <= limit:
        return title
    breaks = [i for i in range(6, limit + 1) if title[i] in _BREAK and _balanced(title[:i])]
    if not breaks:
        ends, at = [], 0
        for word in segmenter().cut(title[: limit + 1]):
            at += len(word)
            if at <= limit:
                ends.append(at)
        breaks = [i for i in ends if i >= 6 and _balanced(title[:i])] or [i for i in ends if i >= 6]
    cut = title[: breaks[-1] if breaks else limit].rstrip(_PUNCT + _BREAK + "的")
    return _balance(cut) if cut else title[:limit]


def _balanced(s: str) -> bool:
    """No bracket, book title or quote left open: a cut there does not split a name or an aside."""
    return all(s.count(opening) == s.count(closing) for closing, opening in _CLOSE.items())


def _body_start(s: str) -> int:
    """Where the body of a topic heading starts (三、加强自身建设。部机关各科室要…), else 0: a short
    heading with no modal of its own ended by a full stop or a line, followed by a body that opens with
    who must act (X要…, X牵头，…, 由X…); a body without its actor (对…要…) leaves the heading the task."""
    end = _SENTENCE_END.search(s)
    if not end or end.start() > 20 or MODAL.search(s, 0, end.start()) or "，" in s[: end.start()]:
        return 0
    m = _OWNER.match(s[end.end() :].lstrip())
    return end.end() if m and (m.group("tail") is not None or m.group("by")) else 0


def _noise_lines(flat: str) -> list[tuple[int, int]]:
    """The clauses of a page's byline and counters, which name no work."""
    return [(c.start(), c.end()) for c in CLAUSE.finditer(flat) if _PAGE.search(c.group(0))]


def short_title(
    text: str, deadline_phrase: str = "", limit: int = TITLE_LENGTH, mentions: Iterable[str] = ()
) -> str:
    """The work the requirement asks for, as a task name (see the module's docstring).

    ``mentions`` are the owners the engine read in the text; ``deadline_phrase`` is its deadline's phrase."""
    flat = re.sub(r"[^\S\n]+", " ", (text or "").strip())
    attributes = [(m.start(), m.end()) for m in _ATTRIBUTES.finditer(flat)] + _noise_lines(flat)
    mentions = sorted({m for m in mentions if m}, key=len, reverse=True)
    at, topic = 0, True
    for _ in range(3):
        m = MARKER.match(flat[at:])
        if not m or not m.end():
            break
        topic = topic and not m.group(0).strip().endswith(("是", "要", "来"))
        at += m.end()
    starts = [at + _body_start(flat[at:])] if topic else []
    for start in [*starts, at]:
        for c in CLAUSE.finditer(flat, start):
            if any(a <= c.start() < b for a, b in attributes):
                continue
            title = _work(c.group(0), deadline_phrase.strip(), mentions)
            if title and start != at and len(title) <= 2:
                break  # a body naming only who and by when (X牵头，1月31日前完成): the heading is the work
            if title:
                return _cut(title, limit)
    first = next(
        (
            _closed(c.group(0).strip(_PUNCT), c.group(0))
            for c in CLAUSE.finditer(flat, at)
            if c.group(0).strip(_PUNCT) and not any(a <= c.start() < b for a, b in attributes)
        ),
        "",
    )
    return _cut(_tidy(first) if first else flat.replace("\n", " ").strip(_STOPS) or flat, limit)
