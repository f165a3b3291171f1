"""The folds of every cross-validation of a learned part of luoshi.extract (bench/train_extract.py, the
decision; bench/train_owners.py, the owner picker; bench/cv_draws.py, other partitions), grouped by the
web site a document comes from.

The test split is drawn by the hash of the source URL, so most test documents come from sites no
development document comes from. Folds that put documents of one site (one layout, one house style)
on both sides reward what recognises a seen site; folds that keep a site on one side judge a model as
the test split does. A site is the registrable part of the source's host (``www.gwyoo.com`` and
``gwyoo.com`` are one site; ``www.bzqc.gov.cn`` is ``bzqc.gov.cn``). Sites are dealt largest first to
the fold with the fewest documents of their genre, so that folds hold each genre in like shares and
sizes within a few documents; a site larger than a fold's share (none yet: five documents at most)
is cut into pieces of a share each, the only case where a site sits in two folds.
"""

from __future__ import annotations

import csv
import hashlib
import math
import os
from collections import Counter
from functools import cache
from urllib.parse import urlsplit

INDEX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "real", "index.tsv")
# second-level labels under a country code, where the site is the label before them (bzqc.gov.cn)
_SECOND = {"gov", "edu", "com", "net", "org", "ac"}


def site(url: str) -> str:
    """The site of a source URL: the host's registrable domain (an IP address whole)."""
    host = (urlsplit(url).hostname or url).lower()
    labels = host.split(".")
    if host.replace(".", "").isdigit():
        return host
    n = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND else 2
    return ".".join(labels[-n:])


@cache
def sites() -> dict[str, tuple[str, str]]:
    """Each corpus document's site and genre, by id (bench/data/real/index.tsv)."""
    with open(INDEX, encoding="utf-8") as f:
        return {r["id"]: (site(r["source"]), r["genre"]) for r in csv.DictReader(f, delimiter="\t")}


def folds(
    ids: list[str], k: int = 5, draw: int = 0, site_of: dict[str, tuple[str, str]] | None = None
) -> list[list[int]]:
    """``k`` folds of the positions of ``ids``, a site's documents in one fold: sites in order of size
    (ties by a hash of ``draw`` and the site: another draw, another partition), each to the fold with
    fewest documents of its genres, then fewest documents (ties: the first), so that every fold holds
    its share of each genre. A site larger than ``ceil(len/k)`` is cut into pieces of that size, its
    documents in id order. ``site_of`` (site and genre by id) defaults to the corpus index; an id it
    lacks is a site of its own. Fixed: the same ids in any order give the same folds."""
    known = sites() if site_of is None else site_of
    of = {i: known.get(x, (f"id:{x}", "")) for i, x in enumerate(ids)}
    groups: dict[str, list[int]] = {}
    for i in sorted(range(len(ids)), key=lambda i: ids[i]):
        groups.setdefault(of[i][0], []).append(i)
    cap = max(1, math.ceil(len(ids) / k))
    pieces = [(s, g[j : j + cap]) for s, g in groups.items() for j in range(0, len(g), cap)]
    pieces.sort(key=lambda p: (-len(p[1]), hashlib.sha256(f"{draw}:{p[0]}".encode()).digest(), p[1]))
    out: list[list[int]] = [[] for _ in range(k)]
    genres: list[Counter[str]] = [Counter() for _ in range(k)]
    for _, piece in pieces:
        want = Counter(of[i][1] for i in piece)
        j = min(range(k), key=lambda j: (sum(genres[j][g] * n for g, n in want.items()), len(out[j]), j))
        out[j].extend(piece)
        genres[j].update(want)
    return [sorted(f, key=lambda i: ids[i]) for f in out]
