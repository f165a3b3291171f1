#!/usr/bin/env python3
"""Check every bench/data/*/*.gold.json against its text.

Text reading rule (the same one the benchmark must use):
- .txt: decode as UTF-8 (BOM removed, i.e. utf-8-sig); if that fails, decode as GB18030;
- .docx: python-docx, body paragraphs and tables in document order; a paragraph is its text,
  a table row is its cells' texts joined with "\t"; all blocks joined with "\n" (see README.md);
- then "\r\n" and "\r" become "\n"; nothing else changes.
Asserts: every quote occurs exactly once, text[start:end] == quote, required is a bool, owners a
list of strings, deadline/start_date well formed, items sorted and non-overlapping.
usage: check_gold.py [GOLD.json ...]   (default: all golds under this directory)
"""

import datetime as dt
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def docx_text(path):
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(path)
    blocks = []
    for el in d.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(Paragraph(el, d).text)
        elif tag == "tbl":
            for row in Table(el, d).rows:
                blocks.append("\t".join(c.text for c in row.cells))
    return "\n".join(blocks)


def read_text(path):
    if path.endswith(".docx"):
        t = docx_text(path)
    else:
        raw = open(path, "rb").read()
        try:
            t = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            t = raw.decode("gb18030")
    return t.replace("\r\n", "\n").replace("\r", "\n")


def check_date(obj, where):
    assert isinstance(obj, dict) and isinstance(obj.get("phrase"), str) and obj["phrase"], where
    if obj.get("placeholder"):
        assert obj["placeholder"] is True and "date" not in obj, where
    else:
        dt.date.fromisoformat(obj["date"])


def check(gold_path):
    g = json.load(open(gold_path, encoding="utf-8"))
    for k in ("text_file", "genre", "base_date", "items"):
        assert k in g, (gold_path, k)
    dt.date.fromisoformat(g["base_date"])
    tpath = os.path.join(os.path.dirname(gold_path), g["text_file"])
    text = read_text(tpath)
    errors, last_end = [], -1
    for i, it in enumerate(g["items"]):
        q = it["quote"]
        where = f"{os.path.basename(gold_path)} item {i} {q[:24]!r}"
        n = text.count(q)
        if n != 1:
            errors.append(f"{where}: occurs {n} times")
            continue
        s = text.find(q)
        if (it.get("start"), it.get("end")) != (s, s + len(q)) or text[it["start"] : it["end"]] != q:
            errors.append(f"{where}: offsets {it.get('start')}-{it.get('end')} != {s}-{s + len(q)}")
        if s < last_end:
            errors.append(f"{where}: overlaps previous item or out of order")
        last_end = s + len(q)
        if not isinstance(it.get("required"), bool):
            errors.append(f"{where}: required not bool")
        owners = it.get("owners", [])
        if not (isinstance(owners, list) and all(isinstance(o, str) and o for o in owners)):
            errors.append(f"{where}: bad owners")
        if q != q.strip():
            errors.append(f"{where}: quote has surrounding whitespace")
        for k in ("deadline", "start_date"):
            if k in it:
                try:
                    check_date(it[k], where)
                except Exception as e:  # noqa: BLE001
                    errors.append(f"{where}: bad {k}: {e!r}")
    req = sum(1 for it in g["items"] if it["required"])
    return len(text), req, len(g["items"]) - req, errors


def main():
    paths = sys.argv[1:] or sorted(glob.glob(os.path.join(HERE, "*", "*.gold.json")))
    total_req = total_soft = 0
    bad = 0
    for p in paths:
        chars, req, soft, errors = check(p)
        total_req += req
        total_soft += soft
        print(
            f"{os.path.relpath(p, HERE)}: {chars} chars, {req} required, {soft} soft"
            + ("" if not errors else f", {len(errors)} ERRORS")
        )
        for e in errors:
            print("   ", e)
        bad += len(errors)
    print(f"total: {len(paths)} documents, {total_req} required, {total_soft} soft, {bad} errors")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
