"""Text that yields no items: site banners, copyright, paywall markers, the lines of a web page's frame
(its date, source, editor and counters, its print and share buttons), the document's title line and
the half sentence where a page store or a paywall cut the text."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

# phrases that only a site (never a speaker) writes
_SITE = re.compile(
    r"小编|为(?:大家|您)(?:整理|收集|精心)|欢迎阅读|希望对(?:大家|你|您)有所?帮助|但愿对(?:你|您)|"
    r"内容由[^，。；]{1,12}整理|供(?:大家|您)参考|仅供参考|版权所有|版权归|未经(?:授权|许可)|"
    r"禁止(?:复制|转载)|本网(?!络)|版权[申声]明|免责声明|[Pp]owered\s*by|All\s*Rights\s*Reserved|备案号|ICP备|ICP证|公网安备|"
    r"此处隐藏\s*\d*\s*字|隐藏\d+字|(?:免费|点击|立即|付费)下载(?!附件)|下载(?:文档|全文|本文)|"
    r"(?:开通|升级)?VIP|会员(?:专享|免费)|阅读全文|展开全文|查看全文|关注公众号|"
    r"门户网站|请认准|本文(?:来源|出自|转载)|原文链接|相关推荐|猜你喜欢|上一篇|下一篇|"
    r"全文共\d+字|当前显示|本站|发布时间|来源[：:]网友|首页\s*>|>\s*正文|加入收藏|^\s*(?:我要)?举报\s*$|"
    r"文档网|范文网|[Ww]ww\.|https?://|(?<![@.A-Za-z0-9_-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|cn)\b|"
    # 实施方案最新10篇, 精选5篇, 实施方案 1, 方案属于计划类文书的一种: a 范文 site's own words
    r"(?:最新|精选|优选|汇编)?(?<!\d)\d+篇|^\S{2,20}\s+\d{1,2}\s*$|计划类文书|下面是[^。]{0,12}(?:整理|收集|分享)"
)
# the catalogue fields a government disclosure page prints above a document (索引号, 发文字号…)
_CATALOGUE = re.compile(
    r"(?:索\s*引\s*号|发文字号|文\s*号|发布机构|生成日期|成文日期|发文日期|发布日期|信息分类|主题分类|"
    r"组配分类|体裁分类|发文机关|有\s*效\s*性|是否有效|废止时间|生效时间|内容概述|浏览次数|标\s*题|"
    r"政策咨询(?:机关|电话))\s*[：:]"
)
# the fields a web page prints around an article (来源：…, 责任编辑：…, 阅读次数：…, 发布时间：…): a
# label a page writes, never one of a notice's arrangements (活动时间：, 报名截止时间：)
_FRAME_FIELD = re.compile(
    r"(?<![\u4e00-\u9fff])(?:(?P<bare>(?:发布|发表|更新|刊发|公开|上传)?(?:日期|时间))|(?:信息|文章|本文)?来源"
    r"|(?:文章)?作者|(?:责任|初审|一审|二审|终审)?(?:编辑|校对|核发)|责编|审核人?|发布[人者]|(?:文章)?录入者?"
    r"|通讯员|图文|栏目|(?:阅读|浏览|点击)(?:次数|量|数)?|字号|字体(?:大小)?)\s*(?:[：:]|(?=\d+次?\s*$))"
)
# the page's buttons: 打印本页, 关闭窗口, 分享到, 收藏, 返回顶部, the sizes of 字号：【大】【中】【小】
_FRAME_BUTTON = re.compile(
    r"(?<![\u4e00-\u9fff])(?:打印(?:本页|本文|正文|文章|此文|整页|内容)?|关闭(?:窗口|本页)?|(?:一键)?分享到?"
    r"|收藏|返回顶部|复制网址|我要(?:纠错|评论|投稿)|语音阅读|默认|超大|[大中小])"
    r"(?![\u4e00-\u9fff])"
)
_FRAME_SEP = "\\s|｜•·—\\-【】\\[\\]（）()"
_STAMP = re.compile(r"\d{4}[-/.年]\s*\d{1,2}[-/.月]\s*\d{1,2}日?(?:\s*\d{1,2}[：:]\d{2}(?:[：:]\d{2})?)?")


def frame_line(line: str) -> bool:
    """Whether a line is part of a web page's frame: only its fields (a page's labels, each with a short
    value) and buttons, apart from a time stamp. A lone 时间：/日期： counts only before a numeric date
    (2022-06-29 10:40): a notice's own 时间：6月1日 is an arrangement."""
    s = line.strip()
    if not s or len(s) > 200 or re.search(r"[。；！？，]", s) or _MARKER_LINE.match(s):
        return False
    rest, buttons = _FRAME_BUTTON.subn(" ", s)
    fields = list(_FRAME_FIELD.finditer(rest))
    if not fields and not buttons:
        return False
    head = re.sub(f"[{_FRAME_SEP}]", "", _STAMP.sub("", rest[: fields[0].start()] if fields else rest))
    if head:
        return False
    values = [rest[f.end() : g.start() if g else len(rest)] for f, g in zip(fields, [*fields[1:], None])]
    if any(len(v.strip()) > 40 for v in values):
        return False
    if len(fields) == 1 and not buttons and fields[0].group("bare"):
        return bool(re.match(r"\d{4}[-/.]\d", values[0].strip()))
    return True


_PAYWALL = re.compile(r"[…\.。]*\s*[（(【\[]?\s*此处隐藏\s*\d*\s*字\s*[）)】\]]?\s*[…\.。]*")
_SENT = re.compile(r"[^。！？!?]*[。！？!?]?")


_STOPS = "。！？!?；;”’）)】]"
# a heading line that names the document itself (``…在…会议上的讲话``, ``…三年行动计划``), not a task
_TITLE = re.compile(
    r"^[^。；，,\t]{4,60}?(?:讲话|发言|致辞|计划|方案|要点|通知|纪要|通报|意见|报告|清单)"
    r"(?:[（(][^）)]{0,20}[）)])?\s*$"
)

_MARKER_LINE = re.compile(r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])")


def spans_prev_cut(text: str, line_start: int) -> tuple[int, int] | None:
    """The half sentence a paywall cut off: from the last stop of the previous text line to its end."""
    end = len(text[: max(0, line_start - 1)].rstrip(" \t\u3000\n"))
    if end <= 0 or text[end - 1] in "。！？!?；;”":
        return None
    start = max(text.rfind(c, 0, end) for c in "。！？!?；;\n") + 1
    return (start, end)


def noise_spans(text: str) -> list[tuple[int, int]]:
    """Spans that must yield no items: whole banner lines, or the banner sentence of a long line."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if (_CATALOGUE.search(line) and not re.search(r"[。！？]", line)) or frame_line(line):
            spans.append((pos, end))
        elif _SITE.search(line):
            if len(line) <= 300:
                spans.append((pos, end))
                cut = spans_prev_cut(text, pos) if _PAYWALL.search(line) else None
                if cut:
                    spans.append(cut)
            else:
                for m in _PAYWALL.finditer(line):
                    if m.end() > m.start():
                        spans.append((pos + m.start(), pos + m.end()))
                for m in _SENT.finditer(line):
                    if (
                        m.end() > m.start()
                        and _SITE.search(m.group(0))
                        and not _PAYWALL.fullmatch(m.group(0))
                    ):
                        spans.append((pos + m.start(), pos + m.end()))
        pos = end + 1
    spans += cut_tail(text) + _title_lines(text)
    return spans


# 3 实施河湖水系连通工程 市水利局 12月底前: a numbered row of cells parted by single spaces (a PDF's text)
_SPACED_ROW = re.compile(r"\s*[（(]?\d{1,3}[)）]?[.、．]?(?:[ \u3000]+[^\s|]+){2,}")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_ELLIPSIS = re.compile(r"(?:[。.]{3}|…+|。\.\.)$")


def cut_tail(text: str) -> list[tuple[int, int]]:
    """A text that ends inside a sentence was cut by a page store or a paywall: that half sentence."""
    end = len(text.rstrip(" \t\u3000\n"))
    ellipsis = _ELLIPSIS.search(text, 0, end)
    if ellipsis:  # 设立产业联合党委3个...: a page that shows an excerpt marks where it stops
        start = max(text.rfind(c, 0, ellipsis.start()) for c in "。！？!?；;\n") + 1
        return [(start, end)]
    last_line = text[text.rfind("\n", 0, end) + 1 : end]
    if (
        end == 0
        or text[end - 1] in _STOPS
        or "\t" in last_line
        or last_line.rstrip().endswith("|")  # a table's last row, as web pages are stored
        or re.search(r"\S {2,}\S.* {2,}\S", last_line)  # …, or as cells parted by runs of spaces
        or _SPACED_ROW.fullmatch(last_line)  # …, or by single or full-width ones behind the row's number
        or "\n" not in text[:end]
        or _MARKER_LINE.match(last_line)
    ):
        return []
    line_start = end - len(last_line)
    if last_line.count("|") >= 2 and text[:line_start].rstrip().endswith("|"):
        # a table row without its closing cell was cut: whole, unless a cell closed before the cut one
        # holds a task (… | 将困难残疾人生活补贴…提高到2200元。 | 陈宣群 | 已完成。从…): its last cell only
        last = last_line.rfind("|")
        told = any(len(_HAN.findall(c)) >= 10 for c in last_line[:last].split("|"))
        return [(line_start + last + 1 if told else line_start, end)]
    start = max(text.rfind(c, 0, end) for c in "。！？!?；;\n") + 1
    return [(start, end)]


def _title_lines(text: str) -> list[tuple[int, int]]:
    """Lines naming the document (a title repeated at the top of a page), never an item."""
    out, pos = [], 0
    for line in text.split("\n"):
        if _TITLE.match(line.strip()) and not _MARKER_LINE.match(line):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def inside(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """A fast "is this offset inside one of the spans?" for many lookups."""
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    starts = [a for a, _ in merged]

    def test(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and pos < merged[i][1]

    return test
