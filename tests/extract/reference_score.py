"""The reference scorer for requirement extraction, as it was handed over with the task, kept unchanged
below this docstring; tests/extract/test_scoring.py holds luoshi.extract.scoring to it.

usage: score.py GOLD.json PREDICTED.json [--json]
GOLD.json names its text file (relative to itself); PREDICTED.json is the output of
`luoshi extract TEXT --format json`.
"""

import json
import os
import sys


def read_text(path):
    with open(path, encoding="utf-8-sig") as f:
        return f.read().replace("\r\n", "\n").replace("\r", "\n")


def overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold, pred):
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ov = overlap(g["span"], p["span"])
            glen = g["span"][1] - g["span"][0]
            plen = p["span"][1] - p["span"][0]
            if ov and ov * 2 >= glen and ov * 2 >= plen:
                union = glen + plen - ov
                pairs.append((ov / union, gi, pi))
    pairs.sort(reverse=True)
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def norm(s):
    return "".join((s or "").split())


def deadline_key(d):
    if not d:
        return None
    if d.get("placeholder"):
        return "placeholder"
    return d.get("date")


def score(gold_path, pred_path):
    gold_doc = json.load(open(gold_path, encoding="utf-8"))
    text = read_text(os.path.join(os.path.dirname(gold_path), gold_doc["text_file"]))
    pred_doc = json.load(open(pred_path, encoding="utf-8"))
    gold = []
    for g in gold_doc["items"]:
        s = text.find(g["quote"])
        if s < 0:
            raise SystemExit(f"gold quote not in text: {g['quote'][:30]}")
        gold.append(dict(g, span=(s, s + len(g["quote"]))))
    pred = []
    bad_offsets = 0
    for p in pred_doc.get("items", []):
        span = (int(p["start"]), int(p["end"]))
        if p.get("text") is not None and text[span[0] : span[1]] != p["text"]:
            bad_offsets += 1
        pred.append(dict(p, span=span))
    pairs = match(gold, pred)
    soft_pred = {pi for gi, pi in pairs if not gold[gi]["required"]}
    req_pairs = [(gi, pi) for gi, pi in pairs if gold[gi]["required"]]
    tp = len(req_pairs)
    fp = len(pred) - len(soft_pred) - tp
    fn = sum(1 for g in gold if g["required"]) - tp
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    # owners
    o_tp = o_fp = o_fn = 0
    d_total = d_ok = 0
    for gi, pi in req_pairs:
        go = {norm(o) for o in gold[gi].get("owners", [])}
        po = {norm(o.get("mention") if isinstance(o, dict) else o) for o in pred[pi].get("owners") or []}
        o_tp += len(go & po)
        o_fp += len(po - go)
        o_fn += len(go - po)
        gk, pk = deadline_key(gold[gi].get("deadline")), deadline_key(pred[pi].get("deadline"))
        if gk or pk:
            d_total += 1
            d_ok += gk == pk
    o_f1 = 2 * o_tp / (2 * o_tp + o_fp + o_fn) if o_tp + o_fp + o_fn else 1.0
    return {
        "file": gold_doc["text_file"],
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(prec, 4),
        "recall": round(rec, 4),
        "f1": round(f1, 4),
        "owner_f1": round(o_f1, 4),
        "deadline_acc": round(d_ok / d_total, 4) if d_total else 1.0,
        "deadline_n": d_total,
        "bad_offsets": bad_offsets,
    }


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        raise SystemExit(__doc__)
    r = score(*args)
    if "--json" in sys.argv:
        print(json.dumps(r, ensure_ascii=False))
    else:
        print(" ".join(f"{k}={v}" for k, v in r.items()))
