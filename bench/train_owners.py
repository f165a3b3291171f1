#!/usr/bin/env python3
"""Train the owner picker of luoshi.extract (luoshi/extract/picker.py) on the development split.

usage: PYTHONPATH=src python bench/fresh_verdicts.py -o fresh.json
       PYTHONPATH=src python bench/train_owners.py --fresh fresh.json [--cv] [--write] [--misses [GENRES]]

Examples are the items the engine found on each development document before the document was in the
corpus (bench/fresh_verdicts.py) and that match a required gold item: their actor phrases, with the
grammar's mentions of that engine as a feature, since that is how the grammar behaves on text it has not
seen; a phrase is labelled 1 when it is one of the gold item's owners. ``--cv`` estimates owner F1 on
those items by site-grouped 5-fold cross-validation (bench/site_folds.py; threshold chosen inside the
training folds) against the grammar's own owners; ``--misses work_plan,notice`` lists the items whose
out-of-fold owners are wrong, each actor phrase with its score and heaviest features (what to read
before writing a feature, as ``bench/extract.py --misses`` is for rules); ``--write`` fits on all
development documents and writes the weights as JSON (default src/luoshi/extract/data/owner_picker.json).
Test documents are never read.

Plain Python (L2-regularised logistic regression by full-batch gradient descent, fixed folds, fixed
order): no scikit-learn, and the same weights on every run.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
from collections import defaultdict
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
ROOT = os.path.dirname(HERE)
REAL = os.path.join(HERE, "data", "real")
WEIGHTS = os.path.join(ROOT, "src", "luoshi", "extract", "data", "owner_picker.json")


def _norm(s: str) -> str:
    return "".join(s.split())


def tabled_mentions(rows: list, start: int, end: int, mentions: list[str]) -> list[str]:
    """The ``mentions`` a unit cell of a table row within ``[start, end)`` names: the engine of today
    marks them stated by the table (Owner.tabled), which verdicts of an older engine do not record."""
    from luoshi.extract.candidates import mention_key

    cells = {
        mention_key(n)
        for row in rows
        if any(a < end and start < b for a, b in row.content)
        for n in row.lead + row.co + row.person
    }
    return [m for m in mentions if mention_key(m) in cells]


def load_dev(fresh: dict[str, list[dict]]) -> list[dict]:
    """Per development document that ``fresh`` read: for each fresh item matching a required gold
    item, its phrases, their features and labels, and the gold owners."""
    from luoshi.extract import read_document
    from luoshi.extract.candidates import grammar_keys, phrases
    from luoshi.extract.mentions import lead_in
    from luoshi.extract.normalize import normalize
    from luoshi.extract.picker import features
    from luoshi.extract.scoring import match
    from luoshi.extract.tables import find_tables

    with open(os.path.join(REAL, "index.tsv"), encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["split"] == "dev" and r["id"] in fresh]
    docs = []
    for r in rows:
        with open(os.path.join(REAL, f"{r['id']}.gold.json"), encoding="utf-8") as f:
            gold = json.load(f)
        text = read_document(os.path.join(REAL, gold["text_file"]))
        got = fresh[r["id"]]
        gspans = [(text.find(g["quote"]), text.find(g["quote"]) + len(g["quote"])) for g in gold["items"]]
        table_rows = find_tables(normalize(text))[0]
        pairs = []
        for gi, pi in match(gspans, [(x["start"], x["end"]) for x in got]):
            g, it = gold["items"][gi], got[pi]
            if not g["required"]:
                continue
            t = normalize(text[it["start"] : it["end"]])
            grammar = [o["mention"] for o in it["owners"]]
            tabled = tabled_mentions(table_rows, it["start"], it["end"], grammar)
            ph = phrases(t, grammar, text[it["start"] : it["end"]], lead_in(text, it["start"]))
            want = {_norm(o) for o in g.get("owners", [])}
            pairs.append(
                {
                    "want": want,
                    "grammar": {x.mention for x in ph if x.mention in grammar_keys(grammar)},
                    "mentions": [x.mention for x in ph],
                    "phrases": ph,
                    "feats": features(t, ph, grammar, tabled),
                    "labels": [int(x.mention in want) for x in ph],
                }
            )
        docs.append({"id": r["id"], "genre": r["genre"], "pairs": pairs})
    return docs


def fit(docs: list[dict], lam: float, epochs: int = 300, rate: float = 0.5) -> dict[str, float]:
    """Logistic regression, L2 penalty ``lam`` (bias unpenalised), full-batch gradient descent with
    AdaGrad steps over sparse binary features."""
    xs, ys = [], []
    for d in docs:
        for p in d["pairs"]:
            for f, y in zip(p["feats"], p["labels"], strict=True):
                if "outside" not in f and "stated" not in f:  # kept as read (OwnerModel.keeps)
                    xs.append(f)
                    ys.append(y)
    w: dict[str, float] = defaultdict(float)
    g2: dict[str, float] = defaultdict(lambda: 1e-8)
    n = max(1, len(xs))
    for _ in range(epochs):
        grad: dict[str, float] = defaultdict(float)
        for f, y in zip(xs, ys, strict=True):
            z = sum(w[k] for k in f)
            p = 1 / (1 + math.exp(-z)) if z > -30 else 0.0
            for k in f:
                grad[k] += (p - y) / n
        for k in sorted(set(grad) | set(w)):
            gk = grad.get(k, 0.0) + (lam * w[k] if k != "bias" else 0.0)
            g2[k] += gk * gk
            w[k] -= rate * gk / math.sqrt(g2[k])
    return {k: round(v, 5) for k, v in sorted(w.items()) if abs(v) >= 5e-5}


def owner_counts(docs: list[dict], choose) -> tuple[int, int, int, dict[str, list[int]]]:
    """Owner tp, fp, fn over the items (``choose(pair) -> set of mentions``), and per genre."""
    tp = fp = fn = 0
    by_genre: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for d in docs:
        for p in d["pairs"]:
            got = choose(p)
            a, b, c = len(got & p["want"]), len(got - p["want"]), len(p["want"] - got)
            tp, fp, fn = tp + a, fp + b, fn + c
            g = by_genre[d["genre"]]
            g[0], g[1], g[2] = g[0] + a, g[1] + b, g[2] + c
    return tp, fp, fn, by_genre


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def picked(w: dict[str, float], thr: float):
    from luoshi.extract.picker import OwnerModel

    model = OwnerModel(w, thr)

    def choose(p: dict) -> set[str]:
        return {p["mentions"][i] for i in model.choose(p["phrases"], p["feats"])}

    return choose


THRESHOLDS = [x / 4 for x in range(-8, 9)]


def best_threshold(docs: list[dict], w: dict[str, float]) -> float:
    return max(THRESHOLDS, key=lambda t: (f1(*owner_counts(docs, picked(w, t))[:3]), -abs(t)))


def folds(docs: list[dict], k: int = 5) -> list[list[int]]:
    """Site-grouped folds, fixed (bench/site_folds.py): no web site on both sides."""
    import site_folds  # a sibling in bench/

    return site_folds.folds([d["id"] for d in docs], k)


def oof_models(docs: list[dict], lam: float) -> dict[str, object]:
    """Per document, the picker fitted on the other folds' documents (threshold chosen there)."""
    from luoshi.extract.picker import OwnerModel

    out: dict[str, object] = {}
    for held in folds(docs):
        hs = set(held)
        train = [d for i, d in enumerate(docs) if i not in hs]
        w = fit(train, lam)
        model = OwnerModel(w, best_threshold(train, w))
        out.update((docs[i]["id"], model) for i in held)
    return out


def cross_validate(docs: list[dict], lam: float):
    """Out-of-fold choices of every item, by site-grouped folds."""
    models = oof_models(docs, lam)
    out: dict[int, set[str]] = {}
    for d in docs:
        choose = picked(models[d["id"]].weights, models[d["id"]].threshold)
        for p in d["pairs"]:
            out[id(p)] = choose(p)
    return owner_counts(docs, lambda p: out[id(p)])


def misses(docs: list[dict], lam: float, genres: set[str]) -> list[str]:
    """The items whose out-of-fold owners differ from the gold's, to read before changing a feature:
    each phrase marked ``*`` when a gold owner and ``+`` when chosen, its score against the threshold of
    the model that held its document out, and the features that weighed most."""
    models = oof_models(docs, lam)
    out = []
    for d in sorted(docs, key=lambda d: (d["genre"], d["id"])):
        if genres and d["genre"] not in genres:
            continue
        m = models[d["id"]]
        for p in d["pairs"]:
            got = {p["mentions"][i] for i in m.choose(p["phrases"], p["feats"])}
            if got == p["want"]:
                continue
            unreached = sorted(p["want"] - set(p["mentions"]))
            out.append(
                f"{d['genre']} {d['id']}: gold={sorted(p['want'])} got={sorted(got)} unreached={unreached}"
            )
            for x, f in zip(p["phrases"], p["feats"], strict=True):
                top = sorted(f, key=lambda k: -abs(m.weights.get(k, 0.0)))[:6]
                mark = ("*" if x.mention in p["want"] else " ") + ("+" if x.mention in got else " ")
                out.append(
                    f"  {mark} {x.mention:20s} {m.score(f):+.2f} (threshold {m.threshold:+.2f}) "
                    + " ".join(f"{k}{m.weights.get(k, 0.0):+.2f}" for k in top)
                )
    return out


def line(label: str, tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return f"{label:30s} ownerP={p:.3f} ownerR={r:.3f} ownerF1={f1(tp, fp, fn):.3f} tp={tp} fp={fp} fn={fn}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fresh", required=True, help="bench/fresh_verdicts.py -o FILE")
    ap.add_argument("--cv", action="store_true", help="site-grouped 5-fold cross-validation on dev")
    ap.add_argument("--write", action="store_true", help="fit on all dev documents and write the weights")
    ap.add_argument("--lam", type=float, default=None, help="L2 penalty (default: chosen by --cv)")
    ap.add_argument("-o", "--out", default=WEIGHTS)
    ap.add_argument(
        "--misses",
        nargs="?",
        const="",
        metavar="GENRES",
        help="list the items whose out-of-fold owners are wrong (comma-separated genres; default all)",
    )
    args = ap.parse_args()
    with open(args.fresh, encoding="utf-8") as f:
        docs = load_dev(json.load(f))
    pairs = [p for d in docs for p in d["pairs"]]
    reach = sum(len(p["want"] & set(p["mentions"])) for p in pairs)
    print(
        f"dev: {len(docs)} documents, {len(pairs)} fresh items matching required ones, "
        f"{sum(len(p['mentions']) for p in pairs)} phrases; {reach} of "
        f"{sum(len(p['want']) for p in pairs)} gold owners among them"
    )
    tp, fp, fn, alone = owner_counts(docs, lambda p: p["grammar"])
    print(line("grammar (fresh)", tp, fp, fn))
    grid = [args.lam] if args.lam is not None else [0.001, 0.003, 0.01, 0.03]
    lam = grid[0]
    if args.cv:
        best = -1.0
        for x in grid:
            tp, fp, fn, g = cross_validate(docs, x)
            print(line(f"CV picker lam={x}", tp, fp, fn))
            if f1(tp, fp, fn) > best:
                best, lam, chosen = f1(tp, fp, fn), x, g
        for genre, (a, b, c) in sorted(chosen.items()):
            print(line(f"  {genre} grammar", *alone[genre]))
            print(line(f"  {genre} + picker", a, b, c))
    if args.misses is not None:
        print("\n".join(misses(docs, lam, set(filter(None, args.misses.split(","))))))
    if args.write:
        w = fit(docs, lam)
        thr = best_threshold(docs, w)
        data = {
            "about": "bench/train_owners.py: logistic regression on the development split's fresh items",
            "lam": lam,
            "threshold": thr,
            "weights": w,
        }
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8"
        )
        print(line("fit on all dev (in-sample)", *owner_counts(docs, picked(w, thr))[:3]))
        print(f"wrote {out} ({len(w)} weights, threshold {thr})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
