"""Cross-validation of the learned decision over several partitions into folds (bench/train_extract.py
``--cv --draws N``): one partition's F1 moves by about ±0.005 with the documents a fold draws, more than
many steps gain, so a step is judged by the items summed over all partitions.
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict

from luoshi.extract.scoring import Score

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import site_folds  # siblings in bench/
from train_extract import cross_validate, kept, line, scored


def partition(docs: list[dict], draw: int, k: int = 5) -> list[list[int]]:
    """The fixed folds (``train_extract.folds``) for draw 0; for another, the sites dealt in another
    order (bench/site_folds.py): a partition as fixed, drawn otherwise, no site on both sides."""
    return site_folds.folds([d["id"] for d in docs], k, draw)


def draws(docs: list[dict], grid: list[tuple[float, str]], n: int, then: bool) -> None:
    """The cross-validation over ``n`` partitions into folds (the first the fixed one): a step smaller
    than the spread of its F1 across partitions is noise. Prints each partition's F1 and the items
    summed over all, in all and by genre (``then``: also with the soft vetoes of the time)."""
    total: dict[str, Score] = defaultdict(Score)
    f1s = []
    for k in range(n):
        oof, _, models = cross_validate(docs, grid, partition(docs, k))
        sc, g = scored(docs, oof)
        f1s.append(sc.f1)
        parts = {"all": sc, **g}
        if then:
            parts["all, vetoes of the time"] = scored(
                docs, {d["id"]: kept(d, *models[d["id"]], "veto_then") for d in docs}
            )[0]
        for key, s in parts.items():
            total[key] = total[key] + s
    mean = sum(f1s) / n
    print(f"CV over {n} partitions: F1 " + " ".join(f"{x:.4f}" for x in f1s) + f", mean {mean:.4f}")
    for key, s in sorted(total.items(), key=lambda kv: (not kv[0].startswith("all"), kv[0])):
        print(line(f"  {key} (summed)", s))
