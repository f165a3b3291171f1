"""What the learned decision misses, listed for reading (``bench/train_extract.py``).

``--cv --misses``: for each development document, the candidates kept out of fold that match no gold
item (false positives) and the required gold items no kept candidate matches (missed), with the genre,
the weight sum under the model of the fold that held the document out, and the features that weighed
most — what the decision gets wrong on text it did not see, to read before changing a feature.
``--uncovered``: the ``look`` part's required items no candidate matches (and, with ``--cv``, the ones
the out-of-fold decision dropped)."""

from __future__ import annotations

from collections import Counter


def _top(feats: list[str], w: dict[str, float], sign: int, n: int = 5) -> str:
    """The ``n`` features of a candidate that pushed its sum most in direction ``sign``."""
    weighed = sorted(((sign * w.get(x, 0.0), x) for x in feats), reverse=True)
    return " ".join(f"{x}({sign * v:+.2f})" for v, x in weighed[:n] if v > 0)


def _clip(s: str, n: int = 70) -> str:
    s = s.replace("\n", "⏎")
    return s if len(s) <= n else s[: n - 1] + "…"


def listing(docs: list[dict], keep: dict[str, list[int]], models: dict[str, tuple[dict, float]]) -> list[str]:
    """The lines of the listing, documents by genre and id, and a count by genre at the end."""
    from luoshi.extract.scoring import match

    out: list[str] = []
    counts: Counter[tuple[str, str]] = Counter()
    for d in sorted(docs, key=lambda d: (d["genre"], d["id"])):
        w, thr = models[d["id"]]
        ks = keep[d["id"]]
        items = d["items"]
        gold = d["gold"]["items"]
        gspans = [(d["text"].find(g["quote"]), d["text"].find(g["quote"]) + len(g["quote"])) for g in gold]
        kspans = [(items[i]["start"], items[i]["end"]) for i in ks]
        pairs = match(gspans, kspans)
        hit_k = {ki for _, ki in pairs}
        hit_g = {gi for gi, _ in pairs}
        lines = []
        for ki, i in enumerate(ks):
            if ki not in hit_k:
                s = sum(w.get(x, 0.0) for x in d["feats"][i])
                lines.append(f"  FP  {s:+.2f}  {_clip(items[i]['text'])}")
                lines.append(f"        + {_top(d['feats'][i], w, 1)}")
                counts[(d["genre"], "fp")] += 1
        cspans = [(it["start"], it["end"]) for it in items]
        near = dict(match(gspans, cspans))
        for gi, g in enumerate(gold):
            if not g["required"] or gi in hit_g:
                continue
            counts[(d["genre"], "fn")] += 1
            ci = near.get(gi)
            if ci is None:
                lines.append(f"  FN  (no candidate)  {_clip(g['quote'])}")
                continue
            veto = d["veto"][ci]
            s = sum(w.get(x, 0.0) for x in d["feats"][ci])
            why = f"veto:{veto}" if veto else f"{s:+.2f}<{thr}"
            lines.append(f"  FN  {why}  {_clip(g['quote'])}")
            if not veto:
                lines.append(f"        - {_top(d['feats'][ci], w, -1)}")
        if lines:
            out.append(f"{d['genre']} {d['id']}")
            out += lines
    genres = sorted({g for g, _ in counts})
    out.append("by genre: " + ", ".join(f"{g} fp={counts[(g, 'fp')]} fn={counts[(g, 'fn')]}" for g in genres))
    return out


def uncovered(docs: list[dict], oof: dict[str, list[int]] | None = None) -> None:
    """Print, for the ``look`` part of the development documents (bench/extract.py: never ``check``),
    each required gold item no candidate matches, with the candidates that overlap it and how (the span
    inside the gold quote: cut short; the quote inside the span: merged too long); with ``oof`` also the
    ones a candidate matches but the out-of-fold decision dropped."""
    from extract import dev_part

    from luoshi.extract.scoring import match

    for d in docs:
        if dev_part(d["id"]) != "look":
            continue
        text, spans = d["text"], [(x["start"], x["end"]) for x in d["items"]]
        quotes = [g["quote"] for g in d["gold"]["items"]]
        gspans = [(text.find(q), text.find(q) + len(q)) for q in quotes]
        paired = dict(match(gspans, spans))
        for gi, (a, b) in enumerate(gspans):
            if not d["gold"]["items"][gi]["required"]:
                continue
            if gi in paired:
                if oof is None or paired[gi] in oof[d["id"]]:
                    continue
                print(f"== {d['id']} ({d['genre']}) DROPPED [{a},{b}) {quotes[gi][:70]!r}")
                continue
            print(f"== {d['id']} ({d['genre']}) UNCOVERED [{a},{b}) {quotes[gi][:70]!r}")
            for ci, (x, y) in enumerate(spans):
                if x < b and a < y:
                    how = "short" if a <= x and y <= b else "long" if x <= a and b <= y else "across"
                    lab = d["labels"][ci]
                    print(f"   {how:6s} [{x},{y}) lab={lab} {text[x:y][:70]!r}")
