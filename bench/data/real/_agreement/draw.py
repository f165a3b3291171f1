"""Draw the development documents a second annotator labels blind (LABELLING.md, agreement).

Stratified so that every genre with at least four development documents gives two; the rest of
the sample is drawn from the remaining development documents. The seed fixes the draw.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

REAL = Path(__file__).resolve().parent.parent
SEED = 20261205
SIZE = 24
PER_GENRE = 2
MIN_GENRE = 4


def draw(index: Path = REAL / "index.tsv") -> list[tuple[str, str]]:
    """(id, genre) of the sample, sorted by genre then id."""
    with index.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["split"] == "dev"]
    rows.sort(key=lambda r: r["id"])
    rng = random.Random(SEED)
    by_genre: dict[str, list[str]] = {}
    for r in rows:
        by_genre.setdefault(r["genre"], []).append(r["id"])
    chosen: dict[str, str] = {}
    for genre in sorted(by_genre):
        ids = by_genre[genre]
        if len(ids) >= MIN_GENRE:
            for i in rng.sample(ids, PER_GENRE):
                chosen[i] = genre
    rest = [r for r in rows if r["id"] not in chosen]
    for r in rng.sample(rest, SIZE - len(chosen)):
        chosen[r["id"]] = r["genre"]
    return sorted(chosen.items(), key=lambda x: (x[1], x[0]))


if __name__ == "__main__":
    for doc_id, genre in draw():
        sys.stdout.write(f"{doc_id}\t{genre}\n")
