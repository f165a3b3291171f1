#!/usr/bin/env python3
"""Write the real corpus: each document's text as found, its gold annotation and index.tsv.

The documents and their labels live in ``docs_*.py`` (one dict per document: id, genre, title,
source, date, base_date, text, items). An item is ``(quote, required, owners, deadline)``; deadline
is ``None``, ``"YYYY-MM-DD|phrase"`` or ``"P|phrase"`` (a template placeholder). The split is drawn
once with a fixed seed and kept in ``split.tsv`` (``--check`` only validates the quotes); a document added later is drawn alone,
unless it says ``split="dev"``: documents collected after the split to tune rules on are development
documents by design and never enter the test split.
"""

from __future__ import annotations

import glob
import importlib.util
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
SEED = 20260315


def load_docs() -> list[dict]:
    docs: list[dict] = []
    for path in sorted(glob.glob(os.path.join(HERE, "docs_*.py"))):
        spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        docs += mod.DOCS
    return docs


def deadline(spec: str | None) -> dict | None:
    if not spec:
        return None
    value, phrase = spec.split("|", 1)
    return {"placeholder": True, "phrase": phrase} if value == "P" else {"date": value, "phrase": phrase}


def splits(ids: list[str], fixed: dict[str, str]) -> dict[str, str]:
    path = os.path.join(HERE, "split.tsv")
    known: dict[str, str] = {}
    if os.path.exists(path):
        known = dict(line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8") if line.strip())
    for i, s in fixed.items():
        if known.setdefault(i, s) != s:
            raise SystemExit(f"{i}: split.tsv says {known[i]}, the document says {s}")
    new = sorted(i for i in ids if i not in known)
    if new or fixed:
        rng = random.Random(SEED)
        rng.shuffle(new)
        n_test = round(len(new) / 3)
        known.update({i: ("test" if k < n_test else "dev") for k, i in enumerate(new)})
        known.update(fixed)
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(f"{i}\t{known[i]}\n" for i in sorted(known))
    return known


def main() -> None:
    docs = load_docs()
    check = "--check" in sys.argv
    split = (
        {d["id"]: "-" for d in docs}
        if check
        else splits([d["id"] for d in docs], {d["id"]: d["split"] for d in docs if "split" in d})
    )
    rows = ["id\tgenre\ttitle\tsource\tdate\tsplit"]
    for d in docs:
        text = d["text"]
        items = []
        for quote, required, owners, dl in d["items"]:
            start = text.find(quote)
            if start < 0:
                raise SystemExit(f"{d['id']}: quote not in text: {quote[:30]}")
            item = {"quote": quote, "required": required, "start": start, "end": start + len(quote)}
            if owners:
                item["owners"] = list(owners)
            if deadline(dl):
                item["deadline"] = deadline(dl)
            items.append(item)
        if check:
            continue
        with open(os.path.join(OUT, f"{d['id']}.txt"), "w", encoding="utf-8") as f:
            f.write(text)
        gold = {
            "text_file": f"{d['id']}.txt",
            "genre": d["genre"],
            "base_date": d["base_date"],
            "source": d["source"],
            "items": items,
        }
        with open(os.path.join(OUT, f"{d['id']}.gold.json"), "w", encoding="utf-8") as f:
            json.dump(gold, f, ensure_ascii=False, indent=1)
            f.write("\n")
        rows.append("\t".join([d["id"], d["genre"], d["title"], d["source"], d["date"], split[d["id"]]]))
    if not check:
        with open(os.path.join(OUT, "index.tsv"), "w", encoding="utf-8") as f:
            f.write("\n".join(rows) + "\n")
    req = sum(1 for d in docs for i in d["items"] if i[1])
    print(
        f"{len(docs)} documents, {req} required items, "
        f"{sum(len(d['items']) for d in docs) - req} soft; "
        f"test: {sum(1 for d in docs if split[d['id']] == 'test')}"
    )


if __name__ == "__main__":
    main()
