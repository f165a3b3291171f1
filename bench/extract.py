#!/usr/bin/env python3
"""Benchmark of luoshi.extract on the labelled set in bench/data/ (GUIDE.md's scoring).

usage: PYTHONPATH=src python bench/extract.py [DATA_DIR ...] [--engine rules|llm] [-v]
Prints per-document and overall precision, recall, F1, owner F1, deadline accuracy, the warm speed
on 10,000 characters and the cold start of a whole ``python -m luoshi.extract`` process.
"""
from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def golds(dirs: list[str]) -> list[str]:
    out: list[str] = []
    for d in dirs:
        out += sorted(glob.glob(os.path.join(d, "*", "*.gold.json")))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="*", default=[os.path.join(HERE, "data")])
    ap.add_argument("--engine", default="rules")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    from luoshi.extract import extract, read_document
    from luoshi.extract.scoring import Score, score

    total, seed, texts, labelled = Score(), None, [], 0
    for gp in golds(args.dirs):
        gold = json.load(open(gp, encoding="utf-8"))
        text = read_document(os.path.join(os.path.dirname(gp), gold["text_file"]))
        texts.append(text)
        res = extract(text, base_date=dt.date.fromisoformat(gold["base_date"]), engine=args.engine)
        sc = score(gold, text, res.to_dict())
        name = os.path.basename(os.path.dirname(gp))
        if name == "seed":
            seed = sc
        else:
            total = total + sc
            labelled += 1
        s = sc.summary()
        print(f"{name:28s} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} "
              f"ownerF1={s['owner_f1']:.3f} deadline={s['deadline_acc']:.3f} (n={s['deadline_n']}) "
              f"tp={sc.tp} fp={sc.fp} fn={sc.fn}")
    for label, sc in (("SEED", seed), (f"LABELLED SET ({labelled} documents, micro)", total if labelled else None)):
        if sc is not None:
            s = sc.summary()
            print(f"{label}: precision={s['precision']:.4f} recall={s['recall']:.4f} f1={s['f1']:.4f} "
                  f"owner_f1={s['owner_f1']:.4f} deadline_acc={s['deadline_acc']:.4f} "
                  f"bad_offsets={s['bad_offsets']}")
    corpus = "\n".join(texts)
    sample = (corpus * (10000 // max(1, len(corpus)) + 1))[:10000]
    extract(sample)
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        extract(sample, base_date=dt.date(2026, 1, 1))
        times.append((time.perf_counter() - t0) * 1000)
    ms, median = min(times), sorted(times)[len(times) // 2]
    print(f"warm: 10000 chars in {ms:.1f} ms best of 7 (median {median:.1f} ms) = {10000 / ms * 1000:,.0f} chars/s")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write(texts[0] if texts else "各科室要在6月底前完成任务。")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [os.path.join(os.path.dirname(HERE), "src"),
                                                                     os.environ.get("PYTHONPATH")])))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "luoshi.extract", f.name, "--format", "json"], check=True,
                   stdout=subprocess.DEVNULL, env=env)
    print(f"cold start: whole process `python -m luoshi.extract FILE --format json` {time.perf_counter() - t0:.2f} s")
    os.unlink(f.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
