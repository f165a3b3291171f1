#!/usr/bin/env python3
"""Inter-annotator agreement on the real corpus: annotator B against annotator A.

usage: PYTHONPATH=src python bench/agreement.py [-v] [--reverse]
       PYTHONPATH=src python bench/agreement.py --engine learned|rules

Annotator A wrote the corpus's labels (bench/data/real/<id>.gold.json); annotator B labelled a sample of
development documents blind (bench/data/real/_agreement/<id>.json, drawn by _agreement/draw.py). B's
required items are scored as if they were an engine's output, with the engine's own scorer
(luoshi.extract.scoring): item precision, recall and F1 over A's required items (an item B marks
required where A marks it soft counts neither way, as for the engine), owner F1 and deadline accuracy
over the matched pairs. The engine's targets only mean something next to these figures. ``--reverse``
scores A against B (the roles swapped), so that a figure that leans on whose labels count as gold shows.
The figures are also given apart for the documents whose labels LABELLING.md describes (a numbered
question quotes or names them, and B read those answers before labelling) and for the others
(``described_in_labelling`` in B's file). ``-v`` lists the disagreements per document; the lists pair
all items of both annotators, soft ones included, so that an item one marks required and the other
soft shows as such. ``--engine`` scores the engine over the same documents against A and against B: the
engine was tuned on A's labels of the development split, never on B's, so the distance between the two
lines is how much of its figure is A's own choices.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict

from luoshi.extract.scoring import Score, match, score

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "data", "real")
SECOND = os.path.join(REAL, "_agreement")


def load(doc_id: str) -> tuple[str, dict, dict]:
    """(text, A's labels, B's labels) of one document."""
    with open(os.path.join(REAL, f"{doc_id}.txt"), encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(REAL, f"{doc_id}.gold.json"), encoding="utf-8") as f:
        first = json.load(f)
    with open(os.path.join(SECOND, f"{doc_id}.json"), encoding="utf-8") as f:
        second = json.load(f)
    return text, first, second


def as_prediction(labels: dict, text: str) -> dict:
    """An annotator's required items in the form the scorer takes an engine's output in."""
    items = []
    for it in labels["items"]:
        if not it["required"]:
            continue
        start = text.find(it["quote"])
        items.append(
            {
                "text": it["quote"],
                "start": start,
                "end": start + len(it["quote"]),
                "owners": [{"mention": o} for o in it.get("owners", [])],
                "deadline": it.get("deadline"),
            }
        )
    return {"items": items}


def _key(deadline: dict | None) -> str | None:
    if not deadline:
        return None
    return "placeholder" if deadline.get("placeholder") else deadline.get("date")


def _mark(it: dict) -> str:
    return "R" if it["required"] else "s"


def disagreements(first: dict, second: dict, text: str) -> list[str]:
    """One line per difference: items only one annotator has or marks required, owners, deadlines."""
    a, b = first["items"], second["items"]

    def span(it: dict) -> tuple[int, int]:
        s = text.find(it["quote"])
        return s, s + len(it["quote"])

    pairs = dict(match([span(x) for x in a], [span(x) for x in b]))
    paired_b = set(pairs.values())
    out = []
    for ai, ga in enumerate(a):
        if ai not in pairs:
            if ga["required"]:
                out.append(f"  A only (R) {ga['quote'][:80]!r} owners={ga.get('owners', [])}")
            continue
        gb = b[pairs[ai]]
        if ga["required"] != gb["required"]:
            out.append(f"  A {_mark(ga)} / B {_mark(gb)} {ga['quote'][:80]!r}")
            continue
        if not ga["required"]:
            continue
        oa = sorted("".join(o.split()) for o in ga.get("owners", []))
        ob = sorted("".join(o.split()) for o in gb.get("owners", []))
        if oa != ob:
            out.append(f"  owners {ga['quote'][:40]!r} A={oa} B={ob}")
        da, db = ga.get("deadline") or {}, gb.get("deadline") or {}
        if _key(da) != _key(db):
            out.append(
                f"  deadline {ga['quote'][:40]!r} A={_key(da)} ({da.get('phrase')}) "
                f"B={_key(db)} ({db.get('phrase')})"
            )
    for bi, gb in enumerate(b):
        if bi not in paired_b and gb["required"]:
            out.append(f"  B only (R) {gb['quote'][:80]!r} owners={gb.get('owners', [])}")
    return out


def line(label: str, sc: Score, n: int) -> str:
    s = sc.summary()
    return (
        f"{label:30s} n={n:<3d} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} "
        f"ownerF1={s['owner_f1']:.3f} deadline={s['deadline_acc']:.3f} (n={s['deadline_n']}) "
        f"tp={sc.tp} fp={sc.fp} fn={sc.fn}"
    )


def engine_lines(ids: list[str], engine: str) -> list[str]:
    """The engine against A and against B, in all and apart by whether LABELLING.md describes them."""
    import datetime as dt

    from luoshi.extract import extract

    sums: dict[tuple[str, str], Score] = defaultdict(Score)
    counts: dict[str, int] = defaultdict(int)
    for doc_id in ids:
        text, first, second = load(doc_id)
        pred = extract(text, base_date=dt.date.fromisoformat(first["base_date"]), engine=engine).to_dict()
        seen = "described" if second.get("described_in_labelling") else "not described"
        for who, gold in (("A", first), ("B", second)):
            sc = score(gold, text, pred)
            sums[("all", who)] += sc
            sums[(seen, who)] += sc
        counts["all"] += 1
        counts[seen] += 1
    return [
        line(f"{engine} vs {who} {group}", sums[(group, who)], counts[group])
        for group in ("all", "described", "not described")
        for who in ("A", "B")
    ]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", "--verbose", action="store_true", help="list the disagreements per document")
    ap.add_argument("--reverse", action="store_true", help="score A against B instead")
    ap.add_argument("--engine", choices=["learned", "rules"], help="score the engine against A and B")
    args = ap.parse_args()
    ids = sorted(f[: -len(".json")] for f in os.listdir(SECOND) if f.endswith(".json"))
    if args.engine:
        print("\n".join(engine_lines(ids, args.engine)))
        return 0
    total, by_genre, counts = Score(), defaultdict(Score), defaultdict(int)
    by_seen, seen_counts = defaultdict(Score), defaultdict(int)
    for doc_id in ids:
        text, first, second = load(doc_id)
        gold, other = (second, first) if args.reverse else (first, second)
        sc = score(gold, text, as_prediction(other, text))
        genre = first.get("genre", "-")
        total += sc
        by_genre[genre] += sc
        counts[genre] += 1
        seen = "described" if second.get("described_in_labelling") else "not described"
        by_seen[seen] += sc
        seen_counts[seen] += 1
        if args.verbose:
            print(line(doc_id, sc, 1))
            for diff in disagreements(first, second, text):
                print(diff)
    who = "A against B" if args.reverse else "B against A"
    print(line(f"ALL ({who})", total, len(ids)))
    for genre in sorted(by_genre):
        print(line(f"  {genre}", by_genre[genre], counts[genre]))
    for seen in sorted(by_seen):
        print(line(f"  {seen}", by_seen[seen], seen_counts[seen]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
