#!/usr/bin/env python3
"""Train the learned decision of luoshi.extract (luoshi/extract/decide.py) on the development split.

usage: PYTHONPATH=src python bench/train_extract.py [--cv] [--write]

Candidates are the rules' spans (items, not tasks, untouched list elements and sentences) of the
111 development documents of bench/data/real/; a candidate is labelled 1 when it matches a required
gold item (the scorer's half-overlap rule), 0 when it matches nothing, and is left out when it
matches a soft item. ``--cv`` estimates the F1 by document-grouped 5-fold cross-validation
(out-of-fold candidates scored with luoshi.extract.scoring, the threshold chosen inside the training
folds); ``--fresh FILE`` adds the verdict the rules gave before each document was in the corpus
(bench/fresh_verdicts.py), to measure what an honest verdict adds; ``--write`` fits on all
development documents and writes the weights as JSON. Test documents are never read.
Deterministic: fixed folds, liblinear, no random state left unset.

Training needs scikit-learn (measured with 1.9.1, numpy 2.4.6, scipy 1.17.1; not a dependency of the
project, since no weights ship). Measure the weights with ``bench/extract.py --model decide.json``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "data", "real")


def load_dev(verdict: bool, fresh: dict[str, list[dict]] | None = None) -> list[dict]:
    """Candidates, features and labels of every development document; ``fresh`` adds whether the
    engine of the time, before the document was in the corpus, made the candidate an item
    (bench/fresh_verdicts.py)."""
    from luoshi.extract import read_document
    from luoshi.extract.decide import candidates, features
    from luoshi.extract.scoring import match

    with open(os.path.join(REAL, "index.tsv"), encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["split"] == "dev"]
    docs = []
    for r in rows:
        with open(os.path.join(REAL, f"{r['id']}.gold.json"), encoding="utf-8") as f:
            gold = json.load(f)
        text = read_document(os.path.join(REAL, gold["text_file"]))
        doc, roots, _, cands = candidates(text, dt.date.fromisoformat(gold["base_date"]))
        gspans = []
        for g in gold["items"]:
            s = text.find(g["quote"])
            gspans.append((s, s + len(g["quote"])))
        spans = [(c.item.start, c.item.end) for c in cands]
        labels: list[int | None] = [0] * len(cands)
        for gi, ci in match(gspans, spans):
            labels[ci] = 1 if gold["items"][gi]["required"] else None
        feats = features(doc, roots, cands, verdict)
        if fresh is not None:
            hit = {ci for _, ci in match([(x["start"], x["end"]) for x in fresh[r["id"]]], spans)}
            feats = [[*f, "fresh:item" if i in hit else "fresh:none"] for i, f in enumerate(feats)]
        docs.append(
            {
                "id": r["id"],
                "genre": r["genre"],
                "gold": gold,
                "text": text,
                "items": [c.item.to_dict() for c in cands],
                "rule": [c.source in ("rule", "table") and not c.soft for c in cands],
                "feats": feats,
                "labels": labels,
            }
        )
    return docs


def fit(docs: list[dict], c: float, kind: str) -> dict[str, float]:
    """A linear model over the documents' labelled candidates: weight by feature (``bias`` holds the
    intercept)."""
    try:
        from sklearn.feature_extraction import DictVectorizer
    except ImportError:
        sys.exit(
            "training needs scikit-learn: pip install scikit-learn==1.9.1 "
            "(measured with numpy 2.4.6, scipy 1.17.1)"
        )
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    x, y = [], []
    for d in docs:
        for f, lab in zip(d["feats"], d["labels"], strict=True):
            if lab is not None:
                x.append(dict.fromkeys(f, 1))
                y.append(lab)
    vec = DictVectorizer()
    xm = vec.fit_transform(x).tocsr()
    xm.indices, xm.indptr = xm.indices.astype("int32"), xm.indptr.astype("int32")  # liblinear
    if kind == "svm":
        clf = LinearSVC(C=c, class_weight="balanced", random_state=0, max_iter=20000)
    else:
        clf = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", random_state=0)
    clf.fit(xm, y)
    names = vec.get_feature_names_out()
    w = {str(n): round(float(v), 5) for n, v in zip(names, clf.coef_[0], strict=True) if abs(v) >= 5e-6}
    w["bias"] = round(w.get("bias", 0.0) + float(clf.intercept_[0]), 5)
    return w


def decide(docs: list[dict], w: dict[str, float], thr: float):
    """The Score of keeping each document's candidates whose weight sum reaches ``thr``."""
    from luoshi.extract.scoring import Score, score

    total: Score = Score()
    by_genre: dict[str, Score] = defaultdict(Score)
    for d in docs:
        items = [
            it if rule else {**it, "owners": []}  # extract_learned's owner policy (decide.py)
            for it, f, rule in zip(d["items"], d["feats"], d["rule"], strict=True)
            if sum(w.get(x, 0.0) for x in f) >= thr
        ]
        sc = score(d["gold"], d["text"], {"items": items})
        total = total + sc
        by_genre[d["genre"]] = by_genre[d["genre"]] + sc
    return total, by_genre


THRESHOLDS = [x / 4 for x in range(-8, 9)]


def best_threshold(docs: list[dict], w: dict[str, float]) -> float:
    return max(THRESHOLDS, key=lambda t: (decide(docs, w, t)[0].f1, -abs(t)))


def folds(docs: list[dict], k: int = 5) -> list[list[int]]:
    """Document-grouped folds, fixed: documents sorted by id, dealt round-robin."""
    order = sorted(range(len(docs)), key=lambda i: docs[i]["id"])
    return [order[j::k] for j in range(k)]


def cross_validate(docs: list[dict], c: float, kind: str, inner: bool = True):
    from luoshi.extract.scoring import Score

    total: Score = Score()
    by_genre: dict[str, Score] = defaultdict(Score)
    for held in folds(docs):
        hs = set(held)
        train = [d for i, d in enumerate(docs) if i not in hs]
        w = fit(train, c, kind)
        thr = best_threshold(train, w) if inner else 0.0
        sc, g = decide([docs[i] for i in held], w, thr)
        total = total + sc
        for k, v in g.items():
            by_genre[k] = by_genre[k] + v
    return total, by_genre


def line(label: str, s) -> str:
    return (
        f"{label:28s} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} ownerF1={s.owner_f1:.3f} "
        f"deadline={s.deadline_acc:.3f} (n={s.deadline_n}) tp={s.tp} fp={s.fp} fn={s.fn}"
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cv", action="store_true", help="grouped 5-fold cross-validation on dev")
    ap.add_argument("--write", action="store_true", help="fit on all dev documents and write the weights")
    ap.add_argument("--kind", default="logreg", choices=["logreg", "svm"])
    ap.add_argument("-C", type=float, default=None)
    ap.add_argument("-o", "--out", default="decide.json", help="where --write puts the weights")
    ap.add_argument("--without-verdict", action="store_true", help="hide the rules' own decision")
    ap.add_argument("--fresh", help="the rules' verdict before each document was seen (fresh_verdicts.py -o)")
    args = ap.parse_args()
    from luoshi.extract.scoring import Score, score

    if args.fresh and args.write:
        ap.error("--fresh measures only: deciding new text has no engine of an earlier time")
    fresh = None
    if args.fresh:
        with open(args.fresh, encoding="utf-8") as f:
            fresh = json.load(f)
    docs = load_dev(not args.without_verdict, fresh)
    n = sum(len(d["labels"]) for d in docs)
    pos = sum(lab == 1 for d in docs for lab in d["labels"])
    req = sum(g["required"] for d in docs for g in d["gold"]["items"])
    print(f"dev: {len(docs)} documents, {n} candidates, {pos} match one of {req} required items")
    rules: Score = Score()
    for d in docs:
        items = [it for it, r in zip(d["items"], d["rule"], strict=True) if r]
        rules = rules + score(d["gold"], d["text"], {"items": items})
    print(line("rules alone (dev)", rules))
    grid = [args.C] if args.C else [0.03, 0.1, 0.3, 1.0]
    chosen = (grid[0], args.kind)
    if args.cv:
        best = -1.0
        for kind in [args.kind] if args.C else ["logreg", "svm"]:
            for c in grid:
                sc, g = cross_validate(docs, c, kind)
                print(line(f"CV {kind} C={c}", sc))
                if sc.f1 > best:
                    best, chosen = sc.f1, (c, kind)
        sc, g = cross_validate(docs, *chosen)
        print(line(f"CV chosen {chosen[1]} C={chosen[0]}", sc))
        for genre, s in sorted(g.items()):
            print(line(f"  {genre}", s))
    if args.write:
        w = fit(docs, *chosen)
        thr = best_threshold(docs, w)
        data = {
            "about": "bench/train_extract.py: linear model on the development split's candidates",
            "model": chosen[1],
            "C": chosen[0],
            "threshold": thr,
            "verdict": not args.without_verdict,
            "weights": dict(sorted(w.items())),
        }
        out = Path(args.out)
        out.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(line("fit on all dev (in-sample)", decide(docs, w, thr)[0]))
        print(f"wrote {out} ({len(w)} weights, threshold {thr})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
