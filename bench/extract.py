#!/usr/bin/env python3
"""Benchmark of luoshi.extract (luoshi.extract.scoring).

usage: PYTHONPATH=src python bench/extract.py [--split dev|test|all|look|check] [--engine learned|rules|llm]
                                              [-v] [--misses]
       PYTHONPATH=src python bench/extract.py --split all --ids ID,ID -v   # a new batch, once, alone
       PYTHONPATH=src python bench/extract.py --own [DATA_DIR ...]
       PYTHONPATH=src python bench/extract.py --split dev --model decide.json   # the learned decision
       PYTHONPATH=src python bench/extract.py --split dev --owners picker.json  # other owner weights
       PYTHONPATH=src python bench/extract.py --split look --owners none  # the grammar's owners alone
       PYTHONPATH=src python bench/extract.py --warm      # the speed target: 10,000 characters, warm

The headline is the corpus of real published documents in bench/data/real/ (index.tsv: genre and
split): precision, recall, F1, owner F1 and deadline accuracy per split and per genre, micro-averaged.
The test split is printed only with ``--split test`` or ``all``: rules are tuned on ``dev`` alone.
``look`` and ``check`` part the development split by a hash of each document's id (SHA-1, first
eight hex digits modulo 3: 0 → ``check``, a third; else ``look``): rules are read off ``look`` and
accepted only when ``check``, whose documents are scored as totals and never read, does not fall.
``--own`` scores the texts the project wrote itself (bench/data/*/), which are unit tests, never the
headline. ``--misses`` prints, per development document, the required items missed, the false
positives and the owner and deadline disagreements (development only: test documents are read as
totals, never item by item). The engine is the one ``extract`` uses (the learned decision with the
weights the package ships) unless ``--engine`` names another (``rules``: the rules' own decision).
``--model`` scores the learned decision over the rules' candidates
(luoshi/extract/decide.py) with other weights bench/train_extract.py wrote; owners are picked with the
weights the package ships (luoshi/extract/picker.py), or with ``--owners`` (bench/train_owners.py);
``--owners none`` keeps the grammar's owners (luoshi/extract/owners.py) without the picker.
Speed: characters per second over the whole corpus, and the cold start of a process. ``--warm`` times
the first speed target alone: the seed speech repeated to 10,000 characters, read by ``extract`` as the
CLI calls it, best of 7 after a warm-up in one process (target ≤ 100 ms).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import glob
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "data", "real")


def dev_part(doc_id: str) -> str:
    """``check`` for a third of the development documents, ``look`` for the rest, by a hash of the id."""
    return (
        "check"
        if int(hashlib.sha1(doc_id.encode("utf-8"), usedforsecurity=False).hexdigest()[:8], 16) % 3 == 0
        else "look"
    )


def dev_candidates(only: set[str] | None = None):
    """Per development document (of ``only`` if given), for the trainers: its index row, gold, text,
    the learned decision's candidates (``decide.candidates``: the document read, its outline, the
    candidates) and the (gold index, candidate index) pairs that match."""
    from luoshi.extract import read_document
    from luoshi.extract.decide import candidates
    from luoshi.extract.scoring import match

    with open(os.path.join(REAL, "index.tsv"), encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["split"] == "dev"]
    for r in rows:
        if only is not None and r["id"] not in only:
            continue
        with open(os.path.join(REAL, f"{r['id']}.gold.json"), encoding="utf-8") as f:
            gold = json.load(f)
        text = read_document(os.path.join(REAL, gold["text_file"]))
        doc, roots, cands = candidates(text, dt.date.fromisoformat(gold["base_date"]))
        gspans = [(text.find(g["quote"]), text.find(g["quote"]) + len(g["quote"])) for g in gold["items"]]
        pairs = match(gspans, [(c.item.start, c.item.end) for c in cands])
        yield r, gold, text, (doc, roots, cands), pairs


def real_docs(split: str) -> list[tuple[str, str, str, str]]:
    """(id, genre, split, gold path) of the real corpus, filtered by split (look/check: parts of dev)."""
    with open(os.path.join(REAL, "index.tsv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    out = []
    for r in rows:
        part = dev_part(r["id"]) if r["split"] == "dev" and split in ("look", "check") else r["split"]
        if split in ("all", part):
            out.append((r["id"], r["genre"], part, os.path.join(REAL, f"{r['id']}.gold.json")))
    return out


def own_docs(dirs: list[str]) -> list[tuple[str, str, str, str]]:
    out = []
    for d in dirs:
        for gp in sorted(glob.glob(os.path.join(d, "*", "*.gold.json"))):
            if os.path.dirname(gp) == REAL:
                continue
            with open(gp, encoding="utf-8") as f:
                gold = json.load(f)
            out.append((os.path.basename(os.path.dirname(gp)), gold.get("genre", "-"), "own", gp))
    return out


SEED = os.path.join(HERE, "data", "seed", "seed-speech.txt")
WARM_CHARS = 10_000


def warm_text() -> str:
    """The seed speech repeated to exactly ``WARM_CHARS`` characters."""
    with open(SEED, encoding="utf-8") as f:
        seed = f.read()
    return (seed * (WARM_CHARS // len(seed) + 1))[:WARM_CHARS]


def warm(runs: int = 7) -> str:
    """The warm figure: one extraction to warm up (lexicons, jieba, compiled patterns), then the best and
    the median of ``runs``."""
    from luoshi.extract import extract

    text = warm_text()
    base = dt.date(2023, 2, 1)  # the seed's own base date
    extract(text, base_date=base)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        extract(text, base_date=base)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return f"warm: {len(text)} chars in {times[0]:.1f} ms best of {runs} (median {times[runs // 2]:.1f} ms)"


def line(label: str, sc, n: int) -> str:
    s = sc.summary()
    return (
        f"{label:34s} n={n:<3d} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} "
        f"ownerF1={s['owner_f1']:.3f} deadline={s['deadline_acc']:.3f} (n={s['deadline_n']}) "
        f"tp={sc.tp} fp={sc.fp} fn={sc.fn}"
    )


def print_misses(doc_id: str, gold: dict, text: str, pred: dict) -> None:
    """Missed required items (-), false positives (+), owner (o) and deadline (d) disagreements."""
    from luoshi.extract.scoring import match

    golds = [(g, text.find(g["quote"])) for g in gold["items"]]
    gspans = [(s, s + len(g["quote"])) for g, s in golds]
    preds = pred.get("items", [])
    pairs = dict(match(gspans, [(p["start"], p["end"]) for p in preds]))
    matched = set(pairs.values())
    out = []
    for gi, (g, _) in enumerate(golds):
        if not g["required"]:
            continue
        if gi not in pairs:
            out.append(f"  - {g['quote'][:90]!r} owners={g.get('owners', [])}")
            continue
        p = preds[pairs[gi]]
        po = sorted("".join(o["mention"].split()) for o in p.get("owners") or [])
        go = sorted("".join(o.split()) for o in g.get("owners", []))
        if po != go:
            out.append(f"  o {g['quote'][:50]!r} gold={go} pred={po}")
        gd, pd = g.get("deadline") or {}, p.get("deadline") or {}
        gk = "placeholder" if gd.get("placeholder") else gd.get("date")
        pk = "placeholder" if pd.get("placeholder") else pd.get("date")
        if gk != pk:
            out.append(
                f"  d {g['quote'][:50]!r} gold={gk} ({gd.get('phrase')}) pred={pk} ({pd.get('phrase')})"
            )
    for pi, p in enumerate(preds):
        if pi not in matched:
            out.append(f"  + {p['text'][:90]!r}")
    if out:
        print(f"{doc_id}:")
        print("\n".join(out))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="*")
    ap.add_argument("--split", default="dev", choices=["dev", "test", "all", "look", "check"])
    ap.add_argument("--own", action="store_true", help="score the project's own texts instead")
    ap.add_argument(
        "--engine", choices=["learned", "rules", "llm"], help="default: the one extract uses (learned)"
    )
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument(
        "--ids",
        help="only these documents (comma-separated ids, with --split all): a new batch scored once, alone, "
        "as one line (-v adds its development documents' lines)",
    )
    ap.add_argument(
        "--misses",
        action="store_true",
        help="print the misses of development documents (never of check or test)",
    )
    ap.add_argument("--model", help="weights of the learned decision (bench/train_extract.py --write)")
    ap.add_argument(
        "--owners",
        help="weights of the owner picker (bench/train_owners.py --write; default: the shipped ones; "
        "none: the grammar's owners alone)",
    )
    ap.add_argument("--warm", action="store_true", help="time the warm speed target alone and stop")
    args = ap.parse_args()
    if args.warm:
        print(warm())
        return 0
    from luoshi.extract import extract, read_document
    from luoshi.extract.decide import Model, decide, decide_items
    from luoshi.extract.engine import extract_items
    from luoshi.extract.picker import OwnerModel, shipped
    from luoshi.extract.scoring import Score, score

    model = Model.from_json(args.model) if args.model else None
    grammar_only = args.owners == "none"
    owners = OwnerModel.from_json(args.owners) if args.owners and not grammar_only else shipped()

    docs = own_docs(args.dirs or [os.path.join(HERE, "data")]) if args.own else real_docs(args.split)
    if args.ids:
        wanted = set(args.ids.split(","))
        docs = [d for d in docs if d[0] in wanted]
    by_split: dict[str, Score] = defaultdict(Score)
    by_genre: dict[tuple[str, str], Score] = defaultdict(Score)
    counts: dict[str, int] = defaultdict(int)
    texts, elapsed = [], 0.0
    for doc_id, genre, split, gp in docs:
        with open(gp, encoding="utf-8") as f:
            gold = json.load(f)
        text = read_document(os.path.join(os.path.dirname(gp), gold["text_file"]))
        texts.append(text)
        t0 = time.perf_counter()
        base = dt.date.fromisoformat(gold["base_date"])
        if grammar_only:
            res = decide_items(text, model, base) if model else extract_items(text, base, None, args.engine)
        elif model:
            res = decide(text, model, base, owners=owners)
        else:
            res = extract(text, base_date=base, engine=args.engine, owner_model=owners)
        elapsed += time.perf_counter() - t0
        sc = score(gold, text, res.to_dict())
        by_split[split] = by_split[split] + sc
        by_genre[(split, genre)] = by_genre[(split, genre)] + sc
        counts[split] += 1
        counts[f"{split}/{genre}"] += 1
        if args.verbose and not (args.ids and split == "test"):
            print(line(f"  {split} {doc_id}", sc, 1))
        if args.misses and split in ("dev", "look"):
            print_misses(doc_id, gold, text, res.to_dict())
    if args.ids:
        # a batch scored once, alone: one line over all its documents, none per split or genre, so a
        # test document's figures are never printed on their own
        print(line("IDS (micro)", sum(by_split.values(), Score()), len(docs)))
        by_split.clear()
    for split in sorted(by_split):
        print(line(f"{split.upper()} (micro)", by_split[split], counts[split]))
        for (s, genre), sc in sorted(by_genre.items()):
            if s == split:
                print(line(f"  {genre}", sc, counts[f"{split}/{genre}"]))
    chars = sum(len(t) for t in texts)
    if elapsed:
        print(
            f"speed: {chars} characters in {elapsed:.2f} s = {chars / elapsed:,.0f} chars/s (extraction only)"
        )
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write(texts[0] if texts else "各科室要在6月底前完成任务。")
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(
            filter(None, [os.path.join(os.path.dirname(HERE), "src"), os.environ.get("PYTHONPATH")])
        ),
    )
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "luoshi.extract", f.name, "--format", "json"],
        check=True,
        stdout=subprocess.DEVNULL,
        env=env,
    )
    print(
        "cold start: whole process `python -m luoshi.extract FILE --format json` "
        f"{time.perf_counter() - t0:.2f} s"
    )
    os.unlink(f.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
