"""Draw the development documents a second annotator labels blind (LABELLING.md, agreement).

Stratified so that every genre with at least four development documents gives two; the rest of
the sample is drawn from the remaining development documents. The seed and the index the draw was
made from (index.tsv as of commit INDEX_COMMIT: documents added later would change it) fix the draw.
"""

from __future__ import annotations

import csv
import io
import random
import shutil
import subprocess
import sys
from pathlib import Path

REAL = Path(__file__).resolve().parent.parent
SEED = 20261205
SIZE = 24
PER_GENRE = 2
MIN_GENRE = 4
INDEX_COMMIT = "83ccae6d1fa020b2f3aedf5dc4e1811799cece20"
GIT = shutil.which("git") or "git"


def index_at(commit: str = INDEX_COMMIT) -> str:
    """The corpus index as it was at ``commit``."""
    return subprocess.run(
        [GIT, "show", f"{commit}:bench/data/real/index.tsv"],
        cwd=REAL,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def draw(index: str) -> list[tuple[str, str]]:
    """(id, genre) of the sample drawn from the text of an index.tsv, sorted by genre then id."""
    rows = [r for r in csv.DictReader(io.StringIO(index), delimiter="\t") if r["split"] == "dev"]
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
    for doc_id, genre in draw(index_at()):
        sys.stdout.write(f"{doc_id}\t{genre}\n")
