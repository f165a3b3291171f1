"""Features of the learned decision (``decide``): small, readable names for what a candidate span is.

Its shape (marker, depth, place in the document and in its section, length, siblings), its words
(the first modal, review words, its first two characters, what it does: ``passages.span_cues``), the
genre words of the title and a speech's opening, what its numbered heading's title and body are
(``headings``: a directive over one actor's work, a frame label over background, a month's bare entry),
and whether the rules chose it. General cues, not the span's own character pairs: those let the model
learn the development documents by heart and carried less to unseen text. Nor the words before it or in
its part's titles, the kind of part those titles name, or what the sentences around it do: with folds
that keep a web site on one side, a model without them scored as high (bench/train_extract.py --cv)."""

from __future__ import annotations

import bisect
import math
import re
from typing import TYPE_CHECKING

from .classifier import _BREAK, STRONG, _sentences, _strip_marker
from .fields import _Doc
from .headings import heading_features, part_features
from .outline import Marker, walk
from .passages import span_cues, topic_list

if TYPE_CHECKING:
    from .decide import Candidate

_GENRE = (
    "讲话",
    "发言",
    "会议",
    "纪要",
    "常务",
    "方案",
    "计划",
    "要点",
    "通知",
    "通报",
    "督查",
    "分工",
    "意见",
    "批示",
    "报告",
    "总结",
    "强调",
    "学校",
)
_WORDS = (
    "要",
    "必须",
    "务必",
    "确保",
    "力争",
    "希望",
    "请",
    "应",
    "须",
    "需",
    "了",
    "已",
    "将",
    "是",
    "会议",
    "强调",
    "指出",
    "要求",
    "同意",
    "研究",
    "听取",
    "通过",
    "进行",
    "完成",
    "加强",
    "推进",
    "开展",
    "做好",
    "落实",
    "我们",
    "大家",
    "同志们",
    "贯彻",
    "学习",
    "坚持",
    "取得",
    "成绩",
    "存在",
    "不足",
    "负责",
    "牵头",
    "配合",
    "严禁",
    "不得",
    "亿",
    "%",
    "意义",
    "重要",
    "？",
    "：",
)


# whether the rules made the candidate an item (training puts in the verdict of the engine of the time)
VERDICT = {True: "rules:item", False: "rules:none"}
# modal words as written (no dev-tuned look-arounds): the first one a candidate holds, and where
_PLAIN_MODALS = (
    "必须",
    "务必",
    "确保",
    "应当",
    "力争",
    "严禁",
    "不得",
    "希望",
    "负责",
    "牵头",
    "要",
    "应",
    "须",
    "需",
    "请",
    "将",
)
# what a review says of work done
_REVIEW_WORDS = ("完成了", "已经", "以来", "目前", "去年", "今年以来", "累计", "共计")
# a date or limit written in the span (月底前, 6月30日, 年内), and a named body before a modal
_TIME = re.compile(r"[\d一二三四五六七八九十]{1,2}月|年底|年内|月底|季度|上半年|下半年|前完成|之前|以前")
# where a speech turns from what was done to the work ahead (下面，我讲几点意见; 关于下一步工作;
# 今年的工作任务): a span before the turn sits in the review or the background, one after it where work is
# assigned. Looked for past the text's first tenth, where a title or a greeting may name the occasion's 工作
_TURN = re.compile(
    r"(?:下面|下一步|接下来|今后|关于)[^。\n]{0,12}(?:讲|谈|提|工作|意见|要求)|几点(?:意见|要求|建议)"
    r"|(?:今年|明年|下半年|下阶段)[^。\n]{0,6}(?:工作|任务)"
)
_BODY = re.compile(  # a body's suffix after a Chinese character (never a lead run: it backtracks)
    r"(?<=[\u4e00-\u9fff])(?:部|委|办|局|处|科|室|单位|部门|小组|组|院|校|系|中心|站|所|会)"
    r"(?:要|须|应|负责|牵头|配合|将)"
)


def features(doc: _Doc, roots: list[Marker], cands: list[Candidate], verdict: bool = True) -> list[list[str]]:
    """Readable binary features of each candidate's span (names are the model's vocabulary): its shape
    (marker, depth, place in the document and in its section, length, how many siblings and whether
    they are short topic names), its words (the first modal, review words, its first two characters,
    what it does: ``passages.span_cues``), the genre words of the title and a speech's opening. General
    cues, not the span's own character pairs: those let the model learn the development documents by
    heart and carried less to unseen text. None reads the candidate's fields, so only the items kept
    are filled. Without ``verdict`` the model
    does not see whether the rules chose the span. A vetoed candidate has them too: the model learns
    from it what no item looks like."""
    t, n = doc.t, max(1, len(doc.t))
    head = "".join(t[:300].split("\n")[:4])
    genre = [f"g:{g}" for g in _GENRE if g in head]
    markers = {m.start: m for m in walk(roots)}
    place = {}  # a marker's place among its siblings, and whether it is the last
    for group in [*(m.children for m in walk(roots)), *_sequences(roots)]:
        for k, x in enumerate(group):
            place[id(x)] = (k, k == len(group) - 1)
    speech = "同志们" in t[:800] or "讲话" in head
    turn = _TURN.search(t, n // 10)
    topics = {}  # whether a marker's sibling list is one of short topic names
    for group in [*(m.children for m in walk(roots)), *_sequences(roots)]:
        flag = topic_list([_title(t, x) for x in group])
        for x in group:
            topics[id(x)] = (len(group), flag)
    starts: dict[int, list[int]] = {}
    parts: dict[int, list[str]] = {}
    genres: dict[tuple[str, bool, str | None], list[str]] = {}
    out: list[list[str]] = []
    for c in cands:
        it = c.item
        s = t[it.start : it.end]
        bare = _strip_marker(s).lstrip("“ ")
        mk = markers.get(it.start)
        src = "src:table" if c.source == "table" else "src:marked" if mk else "src:free"
        f = [src, "bias", *span_cues(bare)]
        if speech:
            f.append("doc:speech")
        side = "turn:after" if turn and it.start >= turn.start() else "turn:before" if turn else "turn:none"
        f += [side, f"{side}&speech:{int(speech)}"]
        v = VERDICT[c.source in ("rule", "table") and not c.soft] if verdict else None
        if v:
            f += [v, f"{v}&{src}"]
        f.append(f"mk:{mk.kind}" if mk else "mk:none")
        ancestors = _ancestors(roots, it.start, starts)
        if mk:
            f.append(f"lvl:{min(mk.level, 4)}")
            if mk.heading:
                f.append("heading")
            k, last = place[id(mk)]
            f.append(f"sib:{min(k, 3)}")
            if last:
                f.append("sib:last")
            nsib, topical = topics[id(mk)]
            f.append(f"sibn:{min(nsib, 4)}")
            if topical:
                f.append("sibs:topic")
            f += heading_features(t, mk, it.start, it.end)
        elif ancestors:
            f += part_features(t, ancestors[-1], parts)
        f.append(f"depth:{min(len(ancestors) + bool(mk), 4)}")
        f.append(f"len:{min(int(math.log2(max(2, len(s)))), 9)}")
        f.append(f"pos:{min(4, 5 * it.start // n)}")
        if ancestors:
            p = ancestors[-1]
            f.append(f"secpos:{min(3, 4 * (it.start - p.start) // max(1, p.end - p.start))}")
        f.append(f"sents:{min(3, len(_sentences(t, it.start, it.end))) if _BREAK.search(s) else 1}")
        f += [f"w:{w}" for w in _WORDS if w in s]
        f += [f"rv:{w}" for w in _REVIEW_WORDS if w in s]
        first = min(((s.find(w), w) for w in _PLAIN_MODALS if w in s), default=None)
        if first:
            f.append(f"modal:{first[1]}")
            f.append(f"modalpos:{min(3, first[0] // 8)}")
            f.append(f"after:{s[first[0] + len(first[1]) : first[0] + len(first[1]) + 2]}")
        if STRONG.search(s):
            f.append("strong")
        if _TIME.search(s):
            f.append("time")
        if _BODY.search(s):
            f.append("body")
        if doc.report:
            f.append("report")
        if s.rstrip().endswith(("：", ":")):
            f.append("colon_end")
        f += [f"p1:{bare[:1]}", f"p2:{bare[:2]}"]
        key2 = (src, bool(first), v)
        if key2 not in genres:
            genres[key2] = [
                *genre,
                *(f"{g}&{x}" for g in genre for x in (src, f"modal:{bool(first)}", v) if x),
            ]
        f += genres[key2]
        f.append(f"{src}&modal:{bool(first)}")
        out.append(list(dict.fromkeys(f)))  # each once, in a fixed order
    return out


def _title(t: str, m: Marker) -> str:
    """A marker's title: its text up to the end of its first sentence or line (30 characters at most)."""
    head = t[m.body : min(max(m.end, m.body), m.body + 30)]
    return re.split(r"[。；：:！？\n]", head, maxsplit=1)[0]


def _sequences(roots: list[Marker]) -> list[list[Marker]]:
    """The top-level markers grouped by the sequence they belong to, in the order written."""
    seqs: dict[int, list[Marker]] = {}
    for x in roots:
        seqs.setdefault(x.seq, []).append(x)
    return list(seqs.values())


def _ancestors(roots: list[Marker], pos: int, starts: dict[int, list[int]]) -> list[Marker]:
    """The markers whose part holds ``pos``, outermost first (``starts``: each sibling list's starts,
    filled as met)."""
    out, nodes = [], roots
    while nodes:
        key = id(nodes)
        if key not in starts:
            starts[key] = [x.start for x in nodes]
        i = bisect.bisect_right(starts[key], pos) - 1
        if i < 0 or not nodes[i].start <= pos < max(nodes[i].end, nodes[i].body):
            break
        if nodes[i].start < pos:
            out.append(nodes[i])
        nodes = nodes[i].children
    return out
