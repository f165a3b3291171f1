#!/usr/bin/env python3
"""Build bench/data/<name>/<name>.txt + <name>.gold.json from an annotated source _src/<name>.ann.

Annotated source format (this is how the gold was written by hand; the build only computes offsets
and resolves relative dates):

    #genre: speech
    #base_date: 2026-02-26
    #encoding: utf-8          (optional; gb18030 for the GB18030 test file)
    #note: free text
    ---
    body text ... [[R o=单位A,单位B d=2026-06-30/6月底前 s=2026-04-01/从4月份开始 :: item text]] ...

[[R …]] is a required item, [[S …]] a soft one (required: false). The markup is removed from the
output text; the item quote is exactly the text between `::` and `]]`.
Date specs: YYYY-MM-DD; X (template placeholder); wdN (N-th official working day after base_date,
chinese_calendar, base_date itself not counted); +N (base_date + N calendar days).
"""

import datetime as dt
import json
import os
import re
import sys

import chinese_calendar as cc

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)
ITEM = re.compile(r"\[\[([RS])((?:\s+[a-z]=\S+)*)\s*::\s?(.*?)\]\]", re.DOTALL)


def resolve(spec, base):
    value, _, phrase = spec.partition("/")
    if value == "X":
        return {"placeholder": True, "phrase": phrase}
    if value.startswith("wd"):
        n, d = int(value[2:]), base
        while n:
            d += dt.timedelta(days=1)
            if cc.is_workday(d):
                n -= 1
        return {"date": d.isoformat(), "phrase": phrase}
    if value.startswith("+"):
        return {"date": (base + dt.timedelta(days=int(value[1:]))).isoformat(), "phrase": phrase}
    dt.date.fromisoformat(value)
    return {"date": value, "phrase": phrase}


def build(name):
    src = open(os.path.join(HERE, name + ".ann"), encoding="utf-8").read()
    head, body = src.split("\n---\n", 1)
    meta = dict(re.findall(r"^#(\w+):\s*(.*)$", head, re.MULTILINE))
    base = dt.date.fromisoformat(meta["base_date"])
    out, items, pos = [], [], 0
    for m in ITEM.finditer(body):
        out.append(body[pos : m.start()])
        start = sum(map(len, out))
        quote = m.group(3)
        out.append(quote)
        pos = m.end()
        attrs = dict(a.split("=", 1) for a in m.group(2).split())
        it = {
            "quote": quote,
            "required": m.group(1) == "R",
            "owners": [o for o in attrs.get("o", "").split(",") if o],
        }
        if "d" in attrs:
            it["deadline"] = resolve(attrs["d"], base)
        if "s" in attrs:
            it["start_date"] = resolve(attrs["s"], base)
        it["start"], it["end"] = start, start + len(quote)
        items.append(it)
    out.append(body[pos:])
    text = "".join(out)
    assert "[[" not in text and "]]" not in text, name
    enc = meta.get("encoding", "utf-8")
    ddir = os.path.join(DATA, name)
    os.makedirs(ddir, exist_ok=True)
    with open(os.path.join(ddir, name + ".txt"), "w", encoding=enc, newline="") as f:
        f.write(text)
    gold = {
        "text_file": name + ".txt",
        "genre": meta["genre"],
        "base_date": meta["base_date"],
        "note": meta.get("note", ""),
        "items": items,
    }
    if enc != "utf-8":
        gold["encoding"] = enc
    with open(os.path.join(ddir, name + ".gold.json"), "w", encoding="utf-8") as f:
        json.dump(gold, f, ensure_ascii=False, indent=1)
        f.write("\n")
    req = sum(i["required"] for i in items)
    print(f"{name}: {len(text)} chars, {req} required, {len(items) - req} soft")
    for it in items:
        for k in ("deadline", "start_date"):
            if k in it and it[k]["phrase"] not in it["quote"]:
                print(f"  note: {k} phrase {it[k]['phrase']!r} not inside quote {it['quote'][:20]!r}")


if __name__ == "__main__":
    names = sys.argv[1:] or sorted(f[:-4] for f in os.listdir(HERE) if f.endswith(".ann"))
    for n in names:
        build(n)
