#!/usr/bin/env python3
"""Owner suggestion on the real corpus: does the unit ranked first (or among the first three) by its
duties lead the requirement?

usage: PYTHONPATH=src python bench/owners.py [--split dev|test|all] [-v]

bench/data/real/owners.tsv labels the requirements of the corpus's organisation-work documents that name
no owner with the demo organisation's units that could lead them (``units``, any of them is right), or
``-`` when no single section would (a call to every cadre, the whole department's programme, a unit the
demo organisation does not have). Labelled items: top-1 and top-3 accuracy. ``-`` items: how often a
suggestion is made anyway (a suggestion there is not wrong, only not needed).
The duties are the demo organisation's (luoshi/org/demo.py), the same the demo loads; the labels were
written before the first run.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "data", "real")


def demo_units() -> list[dict]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    import django

    django.setup()
    from luoshi.org import demo

    root = demo.ROOT[0]
    units = [{"id": root, "name": demo.ROOT[1], "duties": demo.DUTIES[root], "parent": None}]
    units += [
        {"id": code, "name": name, "duties": demo.DUTIES[code], "parent": root}
        for code, name, *_ in demo.SECTIONS
    ]
    # The county departments are never proposed (directives/suggestions.py): they take no part here.
    return units


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    ap.add_argument("-v", action="store_true", help="print every labelled item")
    args = ap.parse_args()
    from luoshi.extract.suggest import DutyIndex

    index = DutyIndex(demo_units())
    with open(os.path.join(REAL, "index.tsv"), encoding="utf-8") as f:
        splits = {r["id"]: r["split"] for r in csv.DictReader(f, delimiter="\t")}
    with open(os.path.join(REAL, "owners.tsv"), encoding="utf-8") as f:
        labels = list(csv.DictReader(f, delimiter="\t"))
    for split in ["dev", "test"] if args.split == "all" else [args.split]:
        top1 = top3 = n = unlabelled = suggested_anyway = 0
        for label in labels:
            if splits[label["id"]] != split:
                continue
            with open(os.path.join(REAL, f"{label['id']}.txt"), encoding="utf-8") as f:
                text = f.read()[int(label["start"]) : int(label["end"])]
            ranked = [s.unit for s in index.rank(text)]
            if label["units"] == "-":
                unlabelled += 1
                suggested_anyway += bool(ranked)
                continue
            right = set(label["units"].split(","))
            n += 1
            top1 += bool(ranked) and ranked[0] in right
            top3 += bool(right & set(ranked[:3]))
            if args.v:
                print(
                    f"  {'✓' if ranked and ranked[0] in right else '✗'} {label['id']}@{label['start']} "
                    f"gold={label['units']} got={','.join(map(str, ranked)) or '-'} {text[:30]}"
                )
        print(
            f"{split:5s} labelled={n} top1={top1 / max(n, 1):.3f} top3={top3 / max(n, 1):.3f} · "
            f"no single section={unlabelled}, suggested anyway={suggested_anyway}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
