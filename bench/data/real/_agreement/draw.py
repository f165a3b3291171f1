"""Draw the development documents a second annotator labels blind (LABELLING.md, agreement).

Stratified so that every genre with at least four documents in the pool gives two; the rest of the
sample is drawn from the remaining ones. Two draws: the first from every development document, the
second (``--undescribed``) from those LABELLING.md does not describe — no question quotes a fragment of
their text or names them — since the questions were written from the development split and tell the
second annotator the first one's answers. The seeds and the commits the pool is read at (documents and
questions added later would change it) fix the draws.
"""

from __future__ import annotations

import csv
import io
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

REAL = Path(__file__).resolve().parent.parent
GIT = shutil.which("git") or "git"
PER_GENRE = 2
MIN_GENRE = 4
FIRST = ("83ccae6d1fa020b2f3aedf5dc4e1811799cece20", 20261205, 24)
SECOND = ("4c0da14adf3033b01e60c040d6cd47df02400141", 20261206, 16)
# Shortest quoted fragment taken as describing a document.
MIN_FRAGMENT = 6
# Described without a quote: question 122 answers for "a 组织部长's 党务工作会" (read after the first
# second draw, which drew it).
NAMED = {"sp-wenke99-dangwu"}


def at(commit: str, name: str) -> str:
    """A file of bench/data/real as it was at ``commit``."""
    return subprocess.run(
        [GIT, "show", f"{commit}:bench/data/real/{name}"],
        cwd=REAL,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def dev_rows(commit: str) -> list[dict[str, str]]:
    rows = csv.DictReader(io.StringIO(at(commit, "index.tsv")), delimiter="\t")
    return sorted((r for r in rows if r["split"] == "dev"), key=lambda r: r["id"])


def described(doc_id: str, labelling: str) -> bool:
    """Whether a question of LABELLING.md names the document or quotes a fragment of its text."""
    if doc_id in labelling or doc_id in NAMED:
        return True
    text = (REAL / f"{doc_id}.txt").read_text(encoding="utf-8")
    for quote in re.findall(r"`([^`]+)`", labelling):
        for part in re.split(r"…+|\n\s*", quote):
            if len(part.strip()) >= MIN_FRAGMENT and part.strip() in text:
                return True
    return False


def draw(rows: list[dict[str, str]], seed: int, size: int) -> list[tuple[str, str]]:
    """(id, genre) of a stratified sample of ``rows``, sorted by genre then id."""
    rng = random.Random(seed)
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
    for r in rng.sample(rest, size - len(chosen)):
        chosen[r["id"]] = r["genre"]
    return sorted(chosen.items(), key=lambda x: (x[1], x[0]))


def first() -> list[tuple[str, str]]:
    commit, seed, size = FIRST
    return draw(dev_rows(commit), seed, size)


def second() -> list[tuple[str, str]]:
    commit, seed, size = SECOND
    taken = {i for i, _ in first()}
    labelling = at(commit, "LABELLING.md")
    pool = [r for r in dev_rows(commit) if r["id"] not in taken and not described(r["id"], labelling)]
    return draw(pool, seed, size)


if __name__ == "__main__":
    for doc_id, genre in second() if "--undescribed" in sys.argv[1:] else first():
        sys.stdout.write(f"{doc_id}\t{genre}\n")
