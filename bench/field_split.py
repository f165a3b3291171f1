#!/usr/bin/env python3
"""Where the learned decision's fields differ from the rules': development documents only.

usage: PYTHONPATH=src python bench/field_split.py [--split look|check|dev] [--misses]

Each required gold item the learned decision finds is put in one class — ``same``: the rules find it
too in the same span; ``respan``: the rules find it in another span; ``added``: the rules miss it — and
per class the owner F1 and the deadline accuracy are printed for the learned decision, and on
``same``/``respan`` for the rules. The
fields are today's (the grammar was written on these documents: read it as where the mechanism loses,
not as a forecast; the out-of-fold figures are bench/train_extract.py --cv's). ``--misses`` lists, on
``look`` only, the learned decision's deadline and owner disagreements with the gold of each class.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from extract import REAL, real_docs  # a sibling in bench/

CLASSES = ("same", "respan", "added")


def _key(d: dict | None) -> str | None:
    return None if not d else "placeholder" if d.get("placeholder") else d.get("date")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="look", choices=["dev", "look", "check"])
    ap.add_argument("--misses", action="store_true", help="list the disagreements (look only)")
    args = ap.parse_args()
    from luoshi.extract import extract, read_document
    from luoshi.extract.decide import decide, shipped_model
    from luoshi.extract.scoring import Score, match, score

    model = shipped_model()
    if model is None:
        sys.exit("no shipped weights of the learned decision")
    tally: dict[str, dict[str, Score]] = defaultdict(lambda: defaultdict(Score))
    counts: dict[str, int] = defaultdict(int)
    for doc_id, _genre, _split, gp in real_docs(args.split):
        with open(gp, encoding="utf-8") as f:
            gold = json.load(f)
        text = read_document(os.path.join(REAL, gold["text_file"]))
        base = dt.date.fromisoformat(gold["base_date"])
        got = {
            "rules": extract(text, base_date=base, engine="rules").to_dict(),
            "learned": decide(text, model, base).to_dict(),
        }
        spans = [(text.find(g["quote"]), text.find(g["quote"]) + len(g["quote"])) for g in gold["items"]]
        pairs = {
            name: dict(match(spans, [(p["start"], p["end"]) for p in res["items"]]))
            for name, res in got.items()
        }
        for gi, g in enumerate(gold["items"]):
            if not g["required"] or gi not in pairs["learned"]:
                continue
            li, ri = pairs["learned"][gi], pairs["rules"].get(gi)
            mine = got["learned"]["items"][li]
            if ri is None:
                cls = "added"
            else:
                r = got["rules"]["items"][ri]
                cls = "same" if (r["start"], r["end"]) == (mine["start"], mine["end"]) else "respan"
            counts[cls] += 1
            one = {**gold, "items": [g]}
            for name in got:
                k = pairs[name].get(gi)
                if k is not None and (name != "rules" or cls != "added"):
                    tally[cls][name] = tally[cls][name] + score(one, text, {"items": [got[name]["items"][k]]})
            if args.misses and args.split == "look":
                gk, pk = _key(g.get("deadline")), _key(mine.get("deadline"))
                rk = _key(got["rules"]["items"][ri].get("deadline")) if ri is not None else "-"
                if gk != pk:
                    print(f"d {cls} {doc_id} {g['quote'][:40]!r} gold={gk} learned={pk} rules={rk}")
                go = sorted("".join(o.split()) for o in g.get("owners", []))
                po = sorted("".join(o["mention"].split()) for o in mine.get("owners") or [])
                if go != po:
                    print(f"o {cls:6s} {doc_id} {g['quote'][:40]!r} gold={go} learned={po}")
    for cls in CLASSES:
        for name, s in sorted(tally[cls].items()):
            print(
                f"{cls:6s} n={counts[cls]:<4d} {name:8s} ownerF1={s.owner_f1:.3f} "
                f"deadline={s.deadline_acc:.3f} ({s.deadline_ok}/{s.deadline_n})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
