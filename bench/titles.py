#!/usr/bin/env python3
"""How clean the task titles the engine proposes are (luoshi.extract.titles.short_title).

usage: PYTHONPATH=src python bench/titles.py [--cache FILE] [--samples N] [--seed S]

Over the development documents of bench/data/real/ (never the test ones) and the project's own texts
(bench/data/*/), every item the engine keeps is named as the decomposition page names it (its text,
its deadline's phrase, its owners' mentions) and judged: cut inside a word (the title's last character
and the next character of its clause fall in one jieba token), ending on a function word (a jieba
particle, conjunction or preposition) or a dangling 、/和/及/与/并/的, an unbalanced bracket or quote,
still holding its owner's mention or its deadline's phrase, a list number left at its start, a page's
byline or counter, longer than ``TITLE_LENGTH``. Prints the
share of each class and a sample of titles. No item score reads titles: this measures titles alone.
``--cache`` keeps the items read (the slow part) so that a change of titles.py is measured in seconds.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "data", "real")
sys.path.insert(0, HERE)

DANGLING = "、和及与并的"
PAIRS = ("（）", "()", "“”", "‘’", "《》", "【】", "〔〕", "[]")
CLAUSE = re.compile(r"(?:[^。；;，,：:！!？?\n]|(?<=\d)[：:](?=\d))+")
# a list number left at the start (1、6月10日前, 1加强…, 一要…) or a bare clock fragment (17)
LEADING_NUMBER = re.compile(
    r"^(?:\d{1,3}(?:[、.．）)]|(?=[\u4e00-\u9fff])(?![年月日号时点分秒个项条名人次万千百亿元周天期批届季级岁倍位家所户台辆套份件场轮节班余多小公平立米])|$)"
    r"|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．是要])"
)
# a page's byline, counters or share buttons (本报讯, 编辑：, 阅读次数) — words no task holds
PAGE_NOISE = re.compile(
    r"本报讯|[（(]记者|(?:来源|编辑|审核人?|作者)\s*[：:]|(?:阅读|浏览|点击)次数|分享到|打印本页|关闭窗口"
)


def documents() -> list[tuple[str, str]]:
    """(label, gold path) of the development documents and the project's own texts."""
    from extract import own_docs  # bench/extract.py

    with open(os.path.join(REAL, "index.tsv"), encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["split"] == "dev"]
    docs = [(r["id"], os.path.join(REAL, f"{r['id']}.gold.json")) for r in rows]
    return docs + [(d[0], d[3]) for d in own_docs([os.path.join(HERE, "data")])]


def read_items() -> list[dict]:
    """Each item the engine keeps: its document, text, deadline phrase and owners' mentions."""
    from luoshi.extract import extract, read_document

    out = []
    for label, gp in documents():
        with open(gp, encoding="utf-8") as f:
            gold = json.load(f)
        text = read_document(os.path.join(os.path.dirname(gp), gold["text_file"]))
        res = extract(text, base_date=dt.date.fromisoformat(gold["base_date"]))
        for item in res.items:
            out.append(
                {
                    "doc": label,
                    "text": item.text,
                    "phrase": item.deadline.phrase if item.deadline else "",
                    "mentions": [o.mention for o in item.owners if o.mention],
                }
            )
    return out


def faults(item: dict, title: str, limit: int) -> list[str]:
    """The classes of fault of one title."""
    import jieba
    import jieba.posseg

    out = []
    flat = re.sub(r"\s+", " ", item["text"].strip())
    at = flat.find(title)
    if at >= 0 and title:
        end = at + len(title)
        clause = next((c for c in CLAUSE.finditer(flat) if c.start() <= end - 1 < c.end()), None)
        if clause and end < clause.end():
            pos = clause.start()
            for token in jieba.cut(clause.group(0)):
                if pos < end < pos + len(token):
                    out.append("cut_in_word")
                    break
                pos += len(token)
    if title:
        last = list(jieba.posseg.cut(title))[-1]
        if title[-1] in DANGLING or last.flag[:1] in ("u", "c", "p"):
            out.append("function_end")
    if any(title.count(a) != title.count(b) for a, b in PAIRS):
        out.append("unbalanced")
    if any(m in title for m in item["mentions"]) or (item["phrase"] and item["phrase"].strip() in title):
        out.append("owner_or_deadline")
    if LEADING_NUMBER.match(title):
        out.append("leading_number")
    if PAGE_NOISE.search(title):
        out.append("page_noise")
    if len(title) > limit:
        out.append("too_long")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", help="JSON of the items read: written if absent, else read")
    ap.add_argument("--samples", type=int, default=20)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--show", help="print every title of this class (cut_in_word, function_end, ...)")
    args = ap.parse_args()
    import jieba

    from luoshi.extract.titles import TITLE_LENGTH, short_title

    jieba.setLogLevel(60)
    if args.cache and os.path.exists(args.cache):
        with open(args.cache, encoding="utf-8") as f:
            items = json.load(f)
    else:
        items = read_items()
        if args.cache:
            with open(args.cache, "w", encoding="utf-8") as f:
                json.dump(items, f, ensure_ascii=False)
    counts: dict[str, int] = {}
    named = []
    for item in items:
        title = short_title(item["text"], item["phrase"], mentions=item["mentions"])
        found = faults(item, title, TITLE_LENGTH)
        for k in found:
            counts[k] = counts.get(k, 0) + 1
        named.append((item, title, found))
    n = len(named) or 1
    print(
        f"{len(named)} items of {len({i['doc'] for i in items})} documents (dev + own), limit {TITLE_LENGTH}"
    )
    for k in (
        "cut_in_word",
        "function_end",
        "unbalanced",
        "owner_or_deadline",
        "leading_number",
        "page_noise",
        "too_long",
    ):
        print(f"  {k:18} {counts.get(k, 0):5}  {counts.get(k, 0) / n:6.1%}")
    bad = sum(1 for _, _, f in named if f)
    print(f"  {'any':18} {bad:5}  {bad / n:6.1%}")
    print(f"mean length {sum(len(t) for _, t, _ in named) / n:.1f}")
    for item, title, found in named if args.show else ():
        if args.show in found:
            print(
                f"  {args.show}: {title}  <=  {item['text'][:60].replace(chr(10), ' ')}  {item['mentions']}"
            )
    for item, title, found in random.Random(args.seed).sample(named, min(args.samples, len(named))):
        mark = ",".join(found) or "ok"
        print(f"  [{mark}] {title}  <=  {item['text'][:50].replace(chr(10), ' ')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
