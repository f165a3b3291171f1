#!/usr/bin/env python3
"""Train the deadline picker of luoshi.extract (luoshi/extract/datepick.py) on the development split.

usage: PYTHONPATH=src python bench/train_deadlines.py --fresh fresh.json [--cv] [--write [-o FILE]]

Examples are the learned decision's candidates (decide.candidates) that match a required gold item of a
development document, filled by the grammar: every date the grammar can place for the item
(datepick.options), labelled 1 when it is the gold item's deadline (the scorer's key: the date, or
``placeholder``). ``--cv`` estimates deadline accuracy on those items by document-grouped 5-fold
cross-validation (penalty and threshold chosen inside the training folds) against the grammar's choice of
today (in-sample: it was written on these documents) and of the time (``--fresh``, bench/fresh_verdicts.py:
the engine before each document was in the corpus, on the items it emitted there), per genre. ``--write``
fits on all development documents and writes the weights (default
src/luoshi/extract/data/deadline_picker.json). Test documents are never read. Plain Python (the owner
picker's fit, bench/train_owners.py): the same weights on every run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
REAL = os.path.join(HERE, "data", "real")

import train_owners

from luoshi.extract.datepick import WEIGHTS


def key(d: dict | None) -> str | None:
    """The scorer's key of a deadline (scoring._deadline_key)."""
    from luoshi.extract.scoring import _deadline_key

    return _deadline_key(d)


def _key_of(x) -> str | None:
    return "placeholder" if x.placeholder else x.date.isoformat() if x.date else None


def load_dev(fresh: dict[str, list[dict]] | None = None, only: set[str] | None = None) -> list[dict]:
    """Per development document: for each candidate matching a required gold item, the gold key, the
    grammar's key today and of the time (None when that engine emitted no item there), the options'
    keys and features."""
    from extract import dev_candidates, dev_part

    from luoshi.extract.datepick import options
    from luoshi.extract.decide import fill
    from luoshi.extract.fields import times_of
    from luoshi.extract.scoring import match

    docs = []
    for r, gold, _text, (doc, roots, cands), matched in dev_candidates(only):
        pairs = [(gi, ci) for gi, ci in matched if gold["items"][gi]["required"]]
        chosen = {ci: gi for gi, ci in pairs}
        items = [c.item for ci, c in enumerate(cands) if ci in chosen]
        want = {
            id(c.item): gold["items"][gi] for ci, c in enumerate(cands) if (gi := chosen.get(ci)) is not None
        }
        result = fill(doc, roots, items)
        then = {}
        if fresh is not None:
            got = fresh.get(r["id"], [])
            spans = [(it.start, it.end) for it in result.items]
            then = {
                i: key(got[j]["deadline"]) for i, j in match(spans, [(x["start"], x["end"]) for x in got])
            }
        out = []
        for i, it in enumerate(result.items):
            opts = options(doc, it, times_of(doc, it))
            g = key(want[id(it)].get("deadline"))
            keys = [_key_of(o.x) for o in opts]
            out.append(
                {
                    "gold": g,
                    "today": key(it.deadline.to_dict() if it.deadline else None),
                    "then": then.get(i, "absent"),
                    "keys": keys,
                    "sources": [o.source for o in opts],
                    "phrases": [o.x.phrase for o in opts],
                    "text": it.text[:60],
                    "feats": [o.feats for o in opts],
                    "labels": [int(k is not None and k == g) for k in keys],
                }
            )
        docs.append({"id": r["id"], "genre": r["genre"], "part": dev_part(r["id"]), "pairs": out})
    return docs


def options_of(doc, items: list) -> list[dict]:
    """The keys and features of every date the grammar can place for each filled item of ``doc``."""
    from luoshi.extract.datepick import options
    from luoshi.extract.fields import times_of

    out = []
    for it in items:
        opts = options(doc, it, times_of(doc, it))
        out.append({"keys": [_key_of(o.x) for o in opts], "feats": [o.feats for o in opts]})
    return out


def from_candidates(docs: list[dict]) -> list[dict]:
    """bench/train_extract.py's documents as this trainer's: the candidates matching a required gold item,
    with their options (``d["dates"]``) labelled by the gold item's deadline."""
    from luoshi.extract.scoring import match

    out = []
    for d in docs:
        text, golds = d["text"], d["gold"]["items"]
        gspans = [(text.find(g["quote"]), text.find(g["quote"]) + len(g["quote"])) for g in golds]
        pairs = []
        for gi, ci in match(gspans, [(x["start"], x["end"]) for x in d["items"]]):
            if golds[gi]["required"]:
                o, g = d["dates"][ci], key(golds[gi].get("deadline"))
                pairs.append({**o, "gold": g, "labels": [int(k is not None and k == g) for k in o["keys"]]})
        out.append({"id": d["id"], "genre": d["genre"], "pairs": pairs})
    return out


def oof_pickers(docs: list[dict]) -> dict[str, object]:
    """A deadline picker per document, fitted (the shipped penalty) on the other folds' documents."""
    from luoshi.extract.datepick import DeadlinePicker

    lam = json.loads(WEIGHTS.read_text(encoding="utf-8"))["lam"] if WEIGHTS.exists() else 0.01
    out: dict[str, object] = {}
    for held in train_owners.folds(docs):
        ids = {docs[i]["id"] for i in held}
        train = [d for d in docs if d["id"] not in ids]
        w = train_owners.fit(train, lam)
        out.update(dict.fromkeys(ids, DeadlinePicker(w, best_threshold(train, w))))
    return out


def with_dates(docs: list[dict], items_of):
    """``items_of`` (bench/train_extract.py's ``scored``) with each item's deadline chosen by a picker
    fitted on the other folds."""
    models = oof_pickers(from_candidates(docs))
    return lambda d, ks: dated(items_of(d, ks), [d["dates"][i] for i in ks], models[d["id"]])


def dated(items: list[dict], opts: list[dict], model) -> list[dict]:
    """The items with the deadline ``model`` picks among their options (the scorer's key only)."""
    out = []
    for it, o in zip(items, opts, strict=True):
        k = model.best(o["feats"])
        got = None if k is None else o["keys"][k]
        deadline = None if got is None else {"placeholder": True} if got == "placeholder" else {"date": got}
        out.append({**it, "deadline": deadline})
    return out


def accuracy(docs: list[dict], pred, where=lambda p: True) -> tuple[int, int, dict[str, list[int]]]:
    """Right and counted pairs (gold or prediction has a date), in all and per genre."""
    ok = n = 0
    by: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for d in docs:
        for p in d["pairs"]:
            if not where(p):
                continue
            got = pred(p)
            if p["gold"] or got:
                n += 1
                ok += got == p["gold"]
                by[d["genre"]][1] += 1
                by[d["genre"]][0] += got == p["gold"]
    return ok, n, by


def picked(w: dict[str, float], thr: float):
    from luoshi.extract.datepick import DeadlinePicker

    model = DeadlinePicker(w, thr)

    def pred(p: dict) -> str | None:
        k = model.best(p["feats"])
        return None if k is None else p["keys"][k]

    return pred


def best_threshold(docs: list[dict], w: dict[str, float]) -> float:
    def acc(t: float) -> float:
        ok, n, _ = accuracy(docs, picked(w, t))
        return ok / n if n else 1.0

    return max(train_owners.THRESHOLDS, key=lambda t: (acc(t), -abs(t)))


def cross_validate(docs: list[dict], lams: list[float]) -> tuple[dict[int, str | None], list[str]]:
    """Out-of-fold choices of every item; the penalty and threshold chosen inside the training folds
    (an inner grouped split) when several penalties are given."""
    out: dict[int, str | None] = {}
    chosen = []
    for held in train_owners.folds(docs):
        hs = set(held)
        train = [d for i, d in enumerate(docs) if i not in hs]
        lam = _choose_lam(train, lams) if len(lams) > 1 else lams[0]
        w = train_owners.fit(train, lam)
        thr = best_threshold(train, w)
        chosen.append(f"lam={lam} t={thr}")
        pred = picked(w, thr)
        for i in held:
            for p in docs[i]["pairs"]:
                out[id(p)] = pred(p)
    return out, chosen


def _choose_lam(docs: list[dict], lams: list[float]) -> float:
    def oof(lam: float) -> float:
        ok = n = 0
        for held in train_owners.folds(docs, 3):
            hs = set(held)
            train = [d for i, d in enumerate(docs) if i not in hs]
            w = train_owners.fit(train, lam)
            a, b, _ = accuracy([docs[i] for i in held], picked(w, best_threshold(train, w)))
            ok, n = ok + a, n + b
        return ok / n if n else 1.0

    return max(lams, key=oof)


def weights_json(docs: list[dict], lams: list[float]) -> tuple[str, dict[str, float], float]:
    """The weights fitted on all ``docs`` (penalty chosen by grouped cross-validation when several are
    given, threshold on the fit) as the JSON ``DeadlinePicker.from_json`` reads: the same text for the
    same documents."""
    lam = _choose_lam(docs, lams) if len(lams) > 1 else lams[0]
    w = train_owners.fit(docs, lam)
    thr = best_threshold(docs, w)
    data = {
        "about": "bench/train_deadlines.py: logistic regression on the development split's dated options",
        "lam": lam,
        "threshold": thr,
        "weights": w,
    }
    return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n", w, thr


def line(label: str, ok: int, n: int) -> str:
    return f"{label:40s} deadline={ok / n if n else 1.0:.3f} ({ok}/{n})"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fresh", help="the rules' items before each document was seen (fresh_verdicts.py -o)")
    ap.add_argument("--cv", action="store_true", help="grouped 5-fold cross-validation on dev")
    ap.add_argument("--write", action="store_true", help="fit on all dev documents and write the weights")
    ap.add_argument("--lam", type=float, default=None, help="L2 penalty (default: chosen in the folds)")
    ap.add_argument("-o", "--out", help="where --write puts the weights (default: the shipped ones)")
    args = ap.parse_args()
    fresh = None
    if args.fresh:
        with open(args.fresh, encoding="utf-8") as f:
            fresh = json.load(f)
    docs = load_dev(fresh)
    pairs = [p for d in docs for p in d["pairs"]]
    dated = [p for p in pairs if p["gold"]]
    reach = sum(1 for p in dated if p["gold"] in p["keys"])
    print(
        f"dev: {len(docs)} documents, {len(pairs)} candidates matching required items, {len(dated)} with a "
        f"gold date, {reach} of them among the options; {sum(len(p['keys']) for p in pairs)} options"
    )
    lams = [args.lam] if args.lam is not None else [0.003, 0.01, 0.03]
    today = lambda p: p["today"]
    print(line("grammar today (in-sample)", *accuracy(docs, today)[:2]))
    if fresh is not None:
        seen = lambda p: p["then"] != "absent"
        print(line("  on the items the time emitted", *accuracy(docs, today, seen)[:2]))
        print(line("grammar of the time (same items)", *accuracy(docs, lambda p: p["then"], seen)[:2]))
    if args.cv:
        oof, chosen = cross_validate(docs, lams)
        pick = lambda p: oof[id(p)]
        print("chosen inside the training folds:", "; ".join(chosen))
        ok, n, by = accuracy(docs, pick)
        print(line("CV picker", ok, n))
        if fresh is not None:
            print(line("  on the items the time emitted", *accuracy(docs, pick, seen)[:2]))
        for part in ("look", "check"):
            mine = [d for d in docs if d["part"] == part]
            parts = [
                line(f"  {part} picker", *accuracy(mine, pick)[:2]),
                line("today", *accuracy(mine, today)[:2]),
            ]
            if fresh is not None:
                parts.append(line("time", *accuracy(mine, lambda p: p["then"], seen)[:2]))
            print(" | ".join(s.strip() for s in parts))
        _, _, by_today = accuracy(docs, today)
        by_then = accuracy(docs, lambda p: p["then"], seen)[2] if fresh is not None else {}
        by_seen = accuracy(docs, pick, seen)[2] if fresh is not None else {}
        for genre in sorted(by):
            parts = [line(f"  {genre} picker", *by[genre]), line("today", *by_today[genre])]
            if genre in by_then:
                parts += [line("time", *by_then[genre]), line("picker there", *by_seen[genre])]
            print(" | ".join(s.strip() for s in parts))
    if args.write:
        text, w, thr = weights_json(docs, lams)
        out = Path(args.out) if args.out else WEIGHTS
        out.write_text(text, encoding="utf-8")
        print(line("fit on all dev (in-sample)", *accuracy(docs, picked(w, thr))[:2]))
        print(f"wrote {out} ({len(w)} weights, threshold {thr})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
