#!/usr/bin/env python3
"""Train the learned decision of luoshi.extract (luoshi/extract/decide.py) on the development split.

usage: PYTHONPATH=src python bench/fresh_verdicts.py -o fresh.json
       PYTHONPATH=src python bench/train_extract.py --fresh fresh.json [--cv [--misses]] [--write [-o FILE]]
       PYTHONPATH=src python bench/train_extract.py --fresh fresh.json --new-since COMMIT
       (--without-verdict instead of --fresh: the model does not see whether the rules chose a span)

Candidates are the rules' spans (items, not tasks, untouched list elements and sentences) of the development
documents of bench/data/real/; a candidate is labelled 1 when it matches a required gold item (the scorer's
half-overlap rule), 0 when it matches nothing, and is left out when it matches a soft item. Among the features
is whether the rules made the candidate an item — in training, the engine's verdict before the document was in
the corpus (``--fresh``), as today's rules judge new text. C, the model (logistic regression or linear SVM)
and the threshold are chosen by site-grouped 5-fold cross-validation (bench/site_folds.py: a web site's
documents in one fold, as the test split's sites are mostly unseen). ``--cv`` estimates the decision out of
fold, its C and threshold chosen inside the training folds: item F1, and owner F1 and deadline accuracy both
with today's grammar and as the engine of the time reads the kept spans, owners picked by pickers trained out
of fold, those fields split between the items the rules of the time found too and the ones the learned
decision adds (bench/field_split.py: the like split of today's fields against today's rules) — beside the
rules' own fresh forecast, and with the soft vetoes of the time (a span the rules of the time made an item is
not set aside: today's soft rules were partly written on these documents, so their vetoes flatter a speech's
precision); ``--misses`` lists its false positives and missed items (bench/oof_misses.py). ``--new-since
COMMIT`` fits on the development documents the corpus held at COMMIT and scores the ones added since, each
read by the engine of the commit before its batch, with the rules beside it. ``--write`` fits on all
development documents and writes the weights the package ships (src/luoshi/extract/data/decide.json, or
``-o``). Test documents are never read. Deterministic (fixed folds and random state, keys sorted, weights
rounded): the same corpus and fresh verdicts give the same file. Training needs scikit-learn (1.9.1, numpy
2.4.6, scipy 1.17.1; not a dependency: the package reads the JSON alone).
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

from luoshi.extract.decide import WEIGHTS

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
REAL = os.path.join(HERE, "data", "real")


def load_dev(
    verdict: bool, only: set[str] | None = None, fresh: dict[str, list[dict]] | None = None
) -> list[dict]:
    """Candidates (with the fields the grammar reads), features and labels of every development
    document (of ``only`` if given). With ``fresh`` the rules' verdict among the features is the one
    of the engine of the time (bench/fresh_verdicts.py), as the rules judge text they have not seen."""
    from extract import dev_candidates

    from luoshi.extract.decide import fill
    from luoshi.extract.features import VERDICT, features
    from luoshi.extract.scoring import match

    if fresh is not None:  # a document added since the fresh verdicts were read has no verdict of the time
        only = set(fresh) if only is None else only & set(fresh)
    docs = []
    for r, gold, text, (doc, roots, cands), pairs in dev_candidates(only):
        feats = features(doc, roots, cands, verdict)
        filled = fill(doc, roots, [c.item for c in cands])
        assert [it.start for it in filled.items] == [c.item.start for c in cands]
        spans = [(c.item.start, c.item.end) for c in cands]
        labels: list[int | None] = [0] * len(cands)
        for gi, ci in pairs:
            labels[ci] = 1 if gold["items"][gi]["required"] else None
        hit: set[int] = set()
        if fresh is not None:
            hit = {ci for _, ci in match([(x["start"], x["end"]) for x in fresh[r["id"]]], spans)}
        if verdict and fresh is not None:
            swap = [VERDICT[i in hit] for i in range(len(cands))]
            feats = [
                sorted({x.replace(VERDICT[True], v).replace(VERDICT[False], v) for x in f})
                for f, v in zip(feats, swap, strict=True)
            ]
        docs.append(
            {
                "id": r["id"],
                "genre": r["genre"],
                "gold": gold,
                "text": text,
                "items": [it.to_dict() for it in filled.items],
                "rule": [c.source in ("rule", "table") and not c.soft for c in cands],
                "veto": [c.veto for c in cands],
                # today's soft rules were partly written on these documents: where the rules of the time
                # made a span an item, they would not have set it aside on unseen text either
                "veto_then": [None if c.veto == "soft" and i in hit else c.veto for i, c in enumerate(cands)],
                "feats": feats,
                "labels": labels,
            }
        )
    return docs


def weights_json(docs: list[dict], grid: list[tuple[float, str]], verdict: bool) -> tuple[str, dict, float]:
    """The weights fitted on all ``docs`` (C, model and threshold chosen by cross-validation) as the
    JSON ``luoshi.extract.decide.Model`` reads, the same text for the same documents."""
    c, kind, thr, f1 = choose(docs, grid)
    w = fit(docs, c, kind)
    data = {
        "about": "bench/train_extract.py: linear model on the development split's candidates",
        "model": f"{kind} C={c}",
        "threshold": thr,
        "cv_f1": round(f1, 4),
        "verdict": verdict,
        "weights": dict(sorted(w.items())),
    }
    return json.dumps(data, ensure_ascii=False, indent=0) + "\n", w, thr


def fit(docs: list[dict], c: float, kind: str) -> dict[str, float]:
    """A linear model over the documents' labelled candidates: weight by feature (``bias`` holds the
    intercept)."""
    try:
        from sklearn.feature_extraction import DictVectorizer
    except ImportError:
        sys.exit("training needs scikit-learn: pip install scikit-learn==1.9.1 (numpy 2.4.6, scipy 1.17.1)")
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    x, y = [], []
    for d in docs:
        for f, lab in zip(d["feats"], d["labels"], strict=True):
            if lab is not None:  # a vetoed span too: what no item looks like
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


def kept(d: dict, w: dict[str, float], thr: float, veto: str = "veto") -> list[int]:
    """The candidates of a document whose weight sum reaches ``thr``, none the decision vetoes."""
    return [i for i, s in enumerate(sums(d, w, veto)) if s >= thr]


def sums(d: dict, w: dict[str, float], veto: str = "veto") -> list[float]:
    """Each candidate's weight sum, minus infinity for a vetoed one (decide.Candidate.veto; ``veto_then``:
    as the rules of the time would have vetoed it)."""
    return [
        -math.inf if v else sum(w.get(x, 0.0) for x in f) for f, v in zip(d["feats"], d[veto], strict=True)
    ]


def scored(docs: list[dict], keep: dict[str, list[int]], items_of=None):
    """Score and score per genre of the kept candidates; ``items_of(d, kept)`` gives their items
    (default: as today's grammar filled them)."""
    from luoshi.extract.scoring import Score, score

    total: Score = Score()
    by_genre: dict[str, Score] = defaultdict(Score)
    for d in docs:
        ks = keep[d["id"]]
        items = items_of(d, ks) if items_of else [d["items"][i] for i in ks]
        sc = score(d["gold"], d["text"], {"items": items})
        total = total + sc
        by_genre[d["genre"]] = by_genre[d["genre"]] + sc
    return total, by_genre


THRESHOLDS = [x / 4 for x in range(-8, 9)]
GRID = [(c, kind) for kind in ("logreg", "svm") for c in (0.03, 0.1, 0.3, 1.0)]


def folds(docs: list[dict], k: int = 5) -> list[list[int]]:
    """Site-grouped folds, fixed (bench/site_folds.py): no web site on both sides."""
    import site_folds  # a sibling in bench/

    return site_folds.folds([d["id"] for d in docs], k)


def margins(docs: list[dict], c: float, kind: str) -> dict[str, list[float]]:
    """Each candidate's weight sum under a model fitted on the other folds."""
    out: dict[str, list[float]] = {}
    for held in folds(docs):
        hs = set(held)
        w = fit([d for i, d in enumerate(docs) if i not in hs], c, kind)
        for i in held:
            out[docs[i]["id"]] = sums(docs[i], w)
    return out


def at(sums: dict[str, list[float]], t: float) -> dict[str, list[int]]:
    return {k: [i for i, v in enumerate(s) if v >= t] for k, s in sums.items()}


def choose(docs: list[dict], grid: list[tuple[float, str]]) -> tuple[float, str, float, float]:
    """C, model and threshold by grouped cross-validation of ``docs`` alone: the pair whose
    out-of-fold weight sums, cut at their best threshold, give the highest item F1."""
    best = (-1.0, 0.0, "", 0.0)
    for c, kind in grid:
        sums = margins(docs, c, kind)
        t = max(THRESHOLDS, key=lambda t: (scored(docs, at(sums, t))[0].f1, -abs(t)))
        f1 = scored(docs, at(sums, t))[0].f1
        if f1 > best[0]:
            best = (f1, c, kind, t)
    return best[1], best[2], best[3], best[0]


def cross_validate(docs: list[dict], grid: list[tuple[float, str]], parts: list[list[int]] | None = None):
    """Out-of-fold decisions: each document's kept candidates by a model fitted on the other folds (``parts``
    if given, else ``folds``), its C, kind and threshold chosen by cross-validation inside those folds
    (and that model, by document)."""
    out: dict[str, list[int]] = {}
    models: dict[str, tuple[dict[str, float], float]] = {}
    chosen = []
    for held in parts or folds(docs):
        hs = set(held)
        train = [d for i, d in enumerate(docs) if i not in hs]
        c, kind, thr, _ = choose(train, grid)
        chosen.append(f"{kind} C={c} t={thr}")
        w = fit(train, c, kind)
        for i in held:
            out[docs[i]["id"]] = kept(docs[i], w, thr)
            models[docs[i]["id"]] = (w, thr)
    return out, chosen, models


def oof_pickers(docs: list[dict], fresh: dict[str, list[dict]]) -> dict[str, object]:
    """An owner picker per document, trained (bench/train_owners.py, the shipped penalty) on the fresh
    items of the other folds' documents, so that no document's owners are picked by weights that saw
    it."""
    import train_owners

    from luoshi.extract.picker import WEIGHTS, OwnerModel

    lam = json.loads(WEIGHTS.read_text(encoding="utf-8"))["lam"]
    odocs = train_owners.load_dev(fresh)
    out: dict[str, object] = {}
    for held in folds(docs):
        ids = {docs[i]["id"] for i in held}
        train = [d for d in odocs if d["id"] not in ids]
        w = train_owners.fit(train, lam)
        model = OwnerModel(w, train_owners.best_threshold(train, w))
        out.update(dict.fromkeys(ids, model))
    return out


def picked(text: str, items: list[dict], model) -> list[dict]:
    """The items with the owners ``model`` picks over the grammar's (luoshi.extract.picker)."""
    from train_owners import tabled_mentions

    from luoshi.extract.model import Owner
    from luoshi.extract.normalize import normalize
    from luoshi.extract.picker import pick
    from luoshi.extract.tables import find_tables

    rows = find_tables(normalize(text))[0]
    out = []
    for it in items:
        tabled = tabled_mentions(rows, it["start"], it["end"], [o["mention"] for o in it["owners"]])
        grammar = [Owner(o["mention"], o["role"], tabled=o["mention"] in tabled) for o in it["owners"]]
        owners = pick(text, it["start"], it["end"], grammar, model)
        out.append({**it, "owners": [o.to_dict() for o in owners]})
    return out


def time_view(docs: list[dict], keep: dict[str, list[int]], fresh: dict[str, list[dict]]):
    """``items_of`` for ``scored``: the kept spans with the owners and deadline the engine of the time
    gave them — its own item where it emitted one there (bench/fresh_verdicts.py), else the span as
    that engine reads it — so that the fields are as unseen as the rules' fresh forecast's."""
    from fresh_verdicts import read_then

    from luoshi.extract.scoring import match

    read = read_then({d["id"]: (d["gold"], [d["items"][i] for i in keep[d["id"]]]) for d in docs})

    def items_of(d: dict, ks: list[int]) -> list[dict]:
        items = [d["items"][i] for i in ks]
        spans = [(x["start"], x["end"]) for x in items]
        own = dict(match(spans, [(x["start"], x["end"]) for x in fresh[d["id"]]]))
        bare = dict(match(spans, [(x["start"], x["end"]) for x in read[d["id"]]]))
        out = []
        for i, it in enumerate(items):
            src = fresh[d["id"]][own[i]] if i in own else read[d["id"]][bare[i]] if i in bare else {}
            out.append({**it, "owners": src.get("owners", []), "deadline": src.get("deadline")})
        return out

    return items_of


# The rules and the learned decision (this tree's decide.py and features.py, the given weights) on documents
# read by the engine of the commit before they joined the corpus, owners picked by that engine's picker.
_NEW_DOCS = """
import datetime as dt, json, sys
from luoshi.extract import extract, read_document
from luoshi.extract.decide import Model, decide
args = json.loads(sys.stdin.read())
model = Model(args["weights"], args["threshold"], args["verdict"])
out = {}
for doc_id, path, base in args["docs"]:
    text, day = read_document(path), dt.date.fromisoformat(base)
    out[doc_id] = {"rules": extract(text, day).to_dict(), "learned": decide(text, model, day).to_dict()}
print(json.dumps(out))
"""


def new_documents(
    since: str, verdict: bool, grid: list[tuple[float, str]], fresh: dict[str, list[dict]] | None
) -> None:
    """The fresh forecast: a model fitted on the development documents the corpus held at ``since``,
    scored with the rules on each development document added after it, as the engine of the commit
    before its batch read it."""
    from fresh_verdicts import added_by, git, in_engine

    from luoshi.extract import read_document
    from luoshi.extract.scoring import Score, score

    index = git("show", f"{since}:bench/data/real/index.tsv").decode()
    before = {r["id"] for r in csv.DictReader(index.splitlines(), delimiter="\t") if r["split"] == "dev"}
    docs = load_dev(verdict, before, fresh)
    c, kind, thr, f1 = choose(docs, grid)
    w = fit(docs, c, kind)
    head = f"fitted on {len(docs)} development documents of {since[:7]}"
    print(f"{head}: {kind} C={c} threshold {thr} (CV {f1:.3f})")
    with open(os.path.join(REAL, "index.tsv"), encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["split"] == "dev" and r["id"] not in before]
    batches: dict[str, list] = defaultdict(list)
    golds = {}
    for r in rows:
        with open(os.path.join(REAL, f"{r['id']}.gold.json"), encoding="utf-8") as f:
            golds[r["id"]] = json.load(f)
        path = os.path.join(REAL, golds[r["id"]]["text_file"])
        batches[added_by(r["id"])].append((r["id"], path, golds[r["id"]]["base_date"]))
    here = Path(HERE, "..", "src", "luoshi", "extract")
    files = ("decide.py", "features.py")
    overlay = {f"src/luoshi/extract/{n}": (here / n).read_text(encoding="utf-8") for n in files}
    totals = {"rules": Score(), "learned": Score(), "both": Score(), "only": Score()}
    for commit, batch in batches.items():
        payload = {"weights": w, "threshold": thr, "verdict": verdict, "docs": batch}
        got = in_engine(f"{commit}^", _NEW_DOCS, payload, overlay)
        for name in ("rules", "learned"):
            sc = Score()
            for doc_id, path, _ in batch:
                sc = sc + score(golds[doc_id], read_document(path), got[doc_id][name])
            print(line(f"{commit[:7]} n={len(batch)} {name}", sc))
            totals[name] = totals[name] + sc
        for doc_id, path, _ in batch:
            both, only = split_found(golds[doc_id], read_document(path), got[doc_id])
            totals["both"] = totals["both"] + both
            totals["only"] = totals["only"] + only
    labels = {"both": "learned, items the rules found too", "only": "learned, items only it found"}
    for name, sc in totals.items():
        print(line(f"new documents n={len(rows)} {labels.get(name, name)}", sc))


def split_found(gold: dict, text: str, got: dict):
    """Scores of the learned items on the required gold items the rules also found, and on the rest
    (owner F1 counts only found items: finding more items adds their owners to it)."""
    from luoshi.extract.scoring import match, score

    quotes = [(text.find(g["quote"]), text.find(g["quote"]) + len(g["quote"])) for g in gold["items"]]
    found = {gi for gi, _ in match(quotes, [(x["start"], x["end"]) for x in got["rules"]["items"]])}
    parts = []
    for inside in (True, False):
        sub = {**gold, "items": [g for gi, g in enumerate(gold["items"]) if (gi in found) == inside]}
        parts.append(score(sub, text, got["learned"]))
    return parts[0], parts[1]


def _rule_items(d: dict) -> list[dict]:
    return [it for it, r in zip(d["items"], d["rule"], strict=True) if r]


def score_of(docs: list[dict], items_of):
    """The score of the documents' items ``items_of(d)``."""
    from luoshi.extract.scoring import Score, score

    return sum((score(d["gold"], d["text"], {"items": items_of(d)}) for d in docs), Score())


def line(label: str, s) -> str:
    return (
        f"{label:32s} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} ownerF1={s.owner_f1:.3f} "
        f"deadline={s.deadline_acc:.3f} (n={s.deadline_n}) tp={s.tp} fp={s.fp} fn={s.fn}"
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cv", action="store_true", help="site-grouped 5-fold cross-validation on dev")
    ap.add_argument("--misses", action="store_true", help="with --cv: list the out-of-fold misses")
    ap.add_argument("--draws", type=int, default=1, help="with --cv: also summed over N partitions")
    ap.add_argument("--write", action="store_true", help="fit on all dev documents and write the weights")
    ap.add_argument("--kind", default="logreg", choices=["logreg", "svm"])
    ap.add_argument("-C", type=float, default=None)
    ap.add_argument("-o", "--out", help="where --write puts the weights (default: the shipped ones)")
    ap.add_argument("--without-verdict", action="store_true", help="hide the rules' own decision")
    ap.add_argument("--fresh", help="the rules' items before each document was seen (fresh_verdicts.py -o)")
    ap.add_argument(
        "--new-since", help="fit on the development documents of this commit, score the later ones"
    )
    ap.add_argument(
        "--uncovered",
        action="store_true",
        help="list the required items of the look documents no candidate matches (with --cv: or dropped)",
    )
    args = ap.parse_args()
    from oof_misses import listing, uncovered  # a sibling in bench/, on sys.path once loaded

    from luoshi.extract.scoring import Score

    verdict = not args.without_verdict
    fresh = None
    if args.fresh:
        with open(args.fresh, encoding="utf-8") as f:
            fresh = json.load(f)
    if verdict and fresh is None:
        ap.error("the rules' verdict is learned from the engine of the time: --fresh (or --without-verdict)")
    grid = [(args.C, args.kind)] if args.C else GRID
    if args.new_since:
        new_documents(args.new_since, verdict, grid, fresh)
        return 0
    docs = load_dev(verdict, fresh=fresh)
    n = sum(len(d["labels"]) for d in docs)
    pos = sum(lab == 1 for d in docs for lab in d["labels"])
    req = sum(g["required"] for d in docs for g in d["gold"]["items"])
    print(f"dev: {len(docs)} documents, {n} candidates, {pos} match one of {req} required items")
    print(line("rules alone (dev, in-sample)", score_of(docs, _rule_items)))
    pickers = oof_pickers(docs, fresh) if fresh else {}
    if fresh:
        print(line("rules of the time (fresh)", score_of(docs, lambda d: fresh[d["id"]])))
        pick = lambda d: picked(d["text"], fresh[d["id"]], pickers[d["id"]])
        print(line("  + picker out of fold", score_of(docs, pick)))
    if args.uncovered and not args.cv:
        uncovered(docs)
    if args.cv:
        oof, chosen, models = cross_validate(docs, grid)
        if args.uncovered:
            uncovered(docs, oof)
        if args.misses:
            print("\n".join(listing(docs, oof, models)))
        sc, g = scored(docs, oof)
        print("chosen inside the training folds:", "; ".join(chosen))
        print(line("CV, today's fields", sc))
        if fresh:
            then = {k: kept(d, *models[k], "veto_then") for d in docs for k in [d["id"]]}
            sc_then, g_then = scored(docs, then)
            print(line("  vetoes of the time", sc_then))
        if fresh:

            def today(d: dict, ks: list[int]) -> list[dict]:
                return picked(d["text"], [d["items"][i] for i in ks], pickers[d["id"]])

            then = time_view(docs, oof, fresh)

            def of_time(d: dict, ks: list[int]) -> list[dict]:
                return picked(d["text"], then(d, ks), pickers[d["id"]])

            print(line("  + picker out of fold", scored(docs, oof, today)[0]))
            print(line("  fields of the time", scored(docs, oof, then)[0]))
            sc, g = scored(docs, oof, of_time)
            print(line("  fields of the time + picker", sc))
            for name, view in (("of the time + picker", of_time), ("today's fields + picker", today)):
                parts = [Score(), Score()]  # on the items the fresh rules found too, on the others
                for d in docs:
                    got = {"rules": {"items": fresh[d["id"]]}, "learned": {"items": view(d, oof[d["id"]])}}
                    parts = [
                        a + b for a, b in zip(parts, split_found(d["gold"], d["text"], got), strict=True)
                    ]
                for label, sc in zip(("the rules' too", "added"), parts, strict=True):
                    print(
                        f"    {name}, {label}: items={sc.tp} ownerF1={sc.owner_f1:.3f} "
                        f"deadline={sc.deadline_acc:.3f} (n={sc.deadline_n})"
                    )
        for genre, s in sorted(g.items()):
            print(line(f"  {genre}", s))
        if fresh:
            for genre, s in sorted(g_then.items()):
                if (s.tp, s.fp) != (g[genre].tp, g[genre].fp):
                    print(line(f"  {genre}, vetoes of the time", s))
        if args.draws > 1:
            from cv_draws import draws  # a sibling in bench/

            draws(docs, grid, args.draws, fresh is not None)
    if args.write:
        out = Path(args.out or WEIGHTS)
        text, w, thr = weights_json(docs, grid, verdict)
        out.write_text(text, encoding="utf-8")
        print(line("fit on all dev (in-sample)", scored(docs, {d["id"]: kept(d, w, thr) for d in docs})[0]))
        print(f"wrote {out} ({len(w)} weights, threshold {thr})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
