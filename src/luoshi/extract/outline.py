"""Outline markers (第一, 一、, （一）, 1., ①, 一要, 一是, 首先…) with look-alikes rejected.

A marker counts only at the start of a clause and only inside a sequence (一 followed by 二, 首先 by
其次 or 最后), which is what tells 第一批, 安全第一 and 一是一、二是二 apart from structure.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .classifier import _wrapped
from .noise import inside
from .numerals import to_int

CN = "一二三四五六七八九十"
_CLAUSE_START = set("\n。！？；：，”\t ")
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("di", re.compile(rf"第([{CN}]{{1,3}})(?=[，、：.\s])")),
    ("tiao", re.compile(rf"第([{CN}百]{{1,4}})条(?=[\s，：])")),
    # 第一阶段：6月17日至6月27日为…: the stages of a plan
    ("stage", re.compile(rf"第([{CN}]{{1,2}})(?:阶段|步)(?=[，、：（\s])")),
    ("cn", re.compile(rf"([{CN}]{{1,3}})、")),
    ("pcn", re.compile(rf"（([{CN}]{{1,3}})）")),
    ("num", re.compile(r"(\d{1,2})(?:\.(?![\d%])|、)")),
    ("pnum", re.compile(r"（(\d{1,2})）|(?<!\d)(\d{1,2})）")),
    ("circ", re.compile(r"([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")),
    ("lat", re.compile(r"([A-H])[、．.](?![\dA-Za-z])")),  # A、分发新书；B、…: a plan's lowest list
    # 二要紧紧把握 opens a point; 要紧, 要求, 要点 are words
    ("yao", re.compile(rf"([{CN}])要(?![求点素义害件闻务事领职]|紧(?![紧盯扣抓跟密]))")),
    ("shi", re.compile(rf"([{CN}])是(?![否])")),
    ("seq", re.compile(r"(首先|其次|再次|然后|最后)(?=[，、：\s]|要|是)")),
    ("fm", re.compile(r"(一方面|另一方面)(?=[，、：\s]|要)")),
]
# markers that open paragraphs and sections; the others enumerate clauses inside a paragraph
BLOCK = {"di", "tiao", "stage", "cn", "pcn", "num", "pnum"}
LIST = {"num", "pnum", "circ", "lat"}
_SEQ_VALUE = {"首先": 1, "其次": 2, "再次": 3, "然后": 3, "最后": 99, "一方面": 1, "另一方面": 2}
_CIRC = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HEADING_STOP = re.compile(r"[。！？；，]")
# 联 系 人：…, 联系电话：…, 邮 箱：…: the contact block a notice prints after its last section, no part of it
_CONTACT_LINE = re.compile(
    r"^[ \t\u3000]*(?:联\s*系\s*人|联系电话|联系方式|咨询电话|(?:电\s*子\s*)?邮\s*箱|传\s*真)\s*[：:]",
    re.MULTILINE,
)


@dataclass
class Marker:
    kind: str
    value: int
    start: int  # offset of the marker
    body: int  # offset after the marker and its separator
    text: str  # the marker as written, without separator
    para_start: bool = False
    level: int = 0
    end: int = 0
    seq: int = 0
    children: list[Marker] = field(default_factory=list)
    parent: Marker | None = None
    heading: bool = False  # the marker opens a short line of its own (一、工作安排)
    cut: bool = False  # it opens a sequence in the paragraph where a page store cut the text


def _value(kind: str, m: re.Match) -> int | None:
    g = next((x for x in m.groups() if x), "")
    if kind == "circ":
        return _CIRC.index(g) + 1
    if kind == "lat":
        return ord(g) - ord("A") + 1
    if kind in ("seq", "fm"):
        return _SEQ_VALUE[g]
    return to_int(g)


def _clause_start(t: str, pos: int, para_starts: set[int]) -> bool:
    if pos in para_starts:
        return True
    j = pos - 1
    while j >= 0 and t[j] in " \t":
        j -= 1
    return j < 0 or t[j] in _CLAUSE_START


def _glued(t: str, end: int, pos: int) -> bool:
    """（二） right after the last word of the element before it: headings a scraped page ran together
    (`…等专项整治工作（一）建筑施工场地…`); never after a 第N条/款/项 it refers to, nor before the stop
    that ends a name it numbers (`教师基本功比赛（一）。`)."""
    return (
        pos > 0
        and "\u4e00" <= t[pos - 1] <= "\u9fff"
        and t[pos - 1] not in "条款项第和及与或"
        and t[end : end + 1] not in ("。", "；", "，", "、", "\n", "")
    )


def find_markers(t: str, blocked: list[tuple[int, int]] | None = None) -> list[Marker]:
    """Accepted markers of the normalised text ``t`` in text order, each with its sequence id."""
    para_starts = {0} | {i + 1 for i, c in enumerate(t) if c == "\n"}
    raw: list[Marker] = []
    is_blocked = inside(blocked or [])
    for kind, pat in _PATTERNS:
        for m in pat.finditer(t):
            s = m.start()
            if not _clause_start(t, s, para_starts) and not (kind == "pcn" and _glued(t, m.end(), s)):
                continue
            if is_blocked(s):
                continue
            v = _value(kind, m)
            if not v:
                continue
            if kind == "shi" and t[m.end() : m.end() + 1] == m.group(1):
                continue  # 一是一、二是二
            body = m.end()
            while body < len(t) and t[body] in "，、：. \t":
                body += 1
            text = m.group(0).rstrip("，： \t")
            ls = s
            while ls > 0 and t[ls - 1] in " \t":
                ls -= 1
            eol = t.find("\n", body)
            line = t[body : len(t) if eol < 0 else eol].strip()
            heading = (
                ls in para_starts and kind in BLOCK and 0 < len(line) <= 40 and not _HEADING_STOP.search(line)
            )
            raw.append(Marker(kind, v, s, body, text, para_start=ls in para_starts, heading=heading))
    # a text cut inside its last paragraph (a page store's excerpt): a sequence opening there may have
    # lost its second sibling to the cut
    end = len(t.rstrip(" \t\u3000\n"))
    if end and t[end - 1] not in "。！？!?；;”’）)】]":
        last_para = t.rfind("\n", 0, end) + 1
        for mk in raw:
            if mk.start >= last_para and mk.para_start and mk.value == 1:
                mk.cut = True
    raw.sort(key=lambda x: (x.start, -len(x.text)))
    dedup: list[Marker] = []
    for mk in raw:
        if dedup and mk.start < dedup[-1].body:
            continue
        dedup.append(mk)
    return _validate(dedup)


def _validate(cands: list[Marker]) -> list[Marker]:
    """Keep markers that form sequences: 1 needs a 2 after it, k needs k-1 before it."""
    accepted: list[Marker] = []
    last: dict[str, tuple[int, int]] = {}  # kind -> (value, seq id)
    seq_id = 0
    following: list[Marker | None] = [None] * len(cands)
    next_any: list[Marker | None] = [None] * len(cands)
    seen: dict[str, Marker] = {}
    seen_any: dict[str, Marker] = {}
    for i in range(len(cands) - 1, -1, -1):
        following[i] = seen.get(cands[i].kind)
        next_any[i] = seen_any.get(cands[i].kind)
        seen_any[cands[i].kind] = cands[i]
        if cands[i].value in (1, 2, 99):
            seen[cands[i].kind] = cands[i]
    first_of_kind: set[str] = set()
    for i, mk in enumerate(cands):
        opens = mk.kind not in first_of_kind
        first_of_kind.add(mk.kind)
        if (
            mk.value > 1
            and opens
            and mk.para_start
            and mk.kind in BLOCK
            and (nxt_any := next_any[i]) is not None
            and nxt_any.value == mk.value + 1
            and nxt_any.para_start
        ):
            # an excerpt (or a part pasted alone) that starts inside a sequence: （二）（三）… in order
            seq_id += 1
            mk.seq = seq_id
            last[mk.kind] = (mk.value, seq_id)
            accepted.append(mk)
            continue
        if mk.value == 1:
            nxt = following[i]
            # a heading line of its own is structure even when the text stops before its second
            # sibling (an excerpt, a plan's first section pasted alone)
            lone = nxt is None and (mk.heading or mk.cut)
            if not lone and (nxt is None or nxt.value == 1 or (nxt.value == 99 and mk.kind != "seq")):
                continue
            seq_id += 1
            mk.seq = seq_id
            last[mk.kind] = (1, seq_id)
            accepted.append(mk)
        elif mk.kind in last and (mk.value == last[mk.kind][0] + 1 or (mk.value == 99 and mk.kind == "seq")):
            mk.seq = last[mk.kind][1]
            last[mk.kind] = (mk.value, mk.seq)
            if mk.value == 99:
                del last[mk.kind]
            accepted.append(mk)
    return accepted


def build_tree(t: str, markers: list[Marker], attr_line: re.Pattern) -> list[Marker]:
    """Give markers levels, ends and parents. Returns the roots.

    A clause marker found mid-paragraph lives inside its paragraph; a list item (1. ①) ends with its
    paragraph and the attribute lines (牵头单位：…) under it.
    """
    stack: list[Marker] = []
    roots: list[Marker] = []
    para_end_of = _para_ends(t)
    for mk in markers:
        while stack and not _encloses(stack[-1], mk, t, para_end_of):
            stack.pop()
        same = next((i for i, s in enumerate(stack) if s.kind == mk.kind), None)
        if same is not None:
            del stack[same:]
        mk.parent = stack[-1] if stack else None
        mk.level = len(stack) + 1
        (mk.parent.children if mk.parent else roots).append(mk)
        stack.append(mk)
    _set_ends(t, roots, _closing(t, markers), para_end_of, attr_line)
    return roots


def _closing(t: str, markers: list[Marker]) -> int:
    """Where the last section ends: at a contact line after the last marker's line, else the text's end."""
    if not markers:
        return len(t)
    line_end = t.find("\n", markers[-1].start)
    m = _CONTACT_LINE.search(t, line_end) if line_end >= 0 else None
    return m.start() if m else len(t)


def _para_ends(t: str) -> list[int]:
    """Where paragraphs end: at a line's end, unless the line only wraps at a fixed width (a PDF's
    text, ``…抓好理论宣讲人才\n培育储备…``), so that a list item runs over the lines of its paragraph."""
    ends, pos = [], 0
    for line in t.split("\n"):
        pos += len(line)
        if pos >= len(t) or not _wrapped(t, pos):
            ends.append(pos)
        pos += 1
    return ends


def _para_end(pos: int, ends: list[int]) -> int:
    return ends[bisect.bisect_left(ends, pos)]


def _encloses(outer: Marker, mk: Marker, t: str, ends: list[int]) -> bool:
    if outer.kind == mk.kind:  # the same kind again restarts the enumeration
        return False
    if not outer.para_start or outer.kind in LIST:
        if outer.kind not in BLOCK and mk.kind in BLOCK - LIST:
            return False  # 第一 / 一、 never live inside a clause enumeration
        return mk.start < _para_end(outer.start, ends)
    return True


_TERM = "。！？"


def _set_ends(t: str, nodes: list[Marker], limit: int, ends: list[int], attr_line: re.Pattern) -> None:
    for i, mk in enumerate(nodes):
        end = nodes[i + 1].start if i + 1 < len(nodes) else limit
        own_para = (
            mk.para_start
            and not mk.children
            and any(c in t[mk.start : _para_end(mk.start, ends)] for c in _TERM)
        )
        # 1、建立组织\n正文…: a list item whose own line is a heading runs to its next sibling
        as_list = mk.kind in LIST and not mk.heading
        if as_list or not mk.para_start or own_para:
            pe = _para_end(mk.start, ends)
            if as_list or own_para:
                while pe < end and pe + 1 < len(t) and attr_line.match(t, pe + 1):
                    pe = _para_end(pe + 1, ends)
            end = min(end, pe)
        last_of_seq = i + 1 == len(nodes) or nodes[i + 1].seq != mk.seq
        if last_of_seq and i > 0 and not mk.para_start and nodes[i - 1].seq == mk.seq:
            end = _last_sibling_end(t, nodes[:i], mk, end)
            moved = [c for c in mk.children if c.start >= end]
            if moved:  # what follows the last sibling belongs to the level above
                mk.children = [c for c in mk.children if c.start < end]
                for c in moved:
                    c.parent = mk.parent
                    _shift_levels(c, mk.level)
                nodes[i + 1 : i + 1] = moved
        mk.end = end
        _set_ends(t, mk.children, end, ends, attr_line)


def _shift_levels(mk: Marker, level: int) -> None:
    mk.level = level
    for c in mk.children:
        _shift_levels(c, level + 1)


def _last_sibling_end(t: str, before: list[Marker], mk: Marker, end: int) -> int:
    """Siblings joined by ；within one sentence: the last one runs as many sentences as they did."""
    sibs = [b for b in before if b.seq == mk.seq]
    if not sibs or t[mk.start - 1 : mk.start].strip(" \t") not in ("；", "，"):
        return end
    pieces = max(sum(t.count(c, b.start, b.end) for c in _TERM) + 1 for b in sibs)
    pos = mk.start
    for _ in range(pieces):
        nxt = min((j for j in (t.find(c, pos, end) for c in _TERM) if j >= 0), default=-1)
        if nxt < 0:
            return end
        pos = nxt + 1
    return pos


def walk(nodes: list[Marker]):
    for n in nodes:
        yield n
        yield from walk(n.children)


def _path(roots: list[Marker], pos: int) -> list[Marker]:
    path: list[Marker] = []
    nodes = roots
    while nodes:
        i = (
            bisect.bisect_right([n.start for n in nodes], pos) - 1
            if len(nodes) < 64
            else bisect.bisect_right(nodes, pos, key=lambda n: n.start) - 1
        )
        if i < 0 or not pos < max(nodes[i].end, nodes[i].body):
            break
        path.append(nodes[i])
        nodes = nodes[i].children
    return path
