#!/usr/bin/env python3
"""The rules' verdict on documents they had not seen: each real document read by the engine as it was
just before the commit that added the document to the corpus.

usage: PYTHONPATH=src python bench/fresh_verdicts.py [-o fresh.json]

Rules tuned on the development split score high there because they were written there; the engine of
the commit before a document arrived never saw it, so its items on that document are what the rules do
on unseen text. Prints that score for the development documents per adding commit and in all (items,
owners, deadlines, and where the owners it missed are written), and writes
the items (document id → [{start, end, owners, deadline}, …]) for ``bench/train_extract.py --fresh`` and
``bench/train_owners.py``. It reads the rules alone (``engine.extract_rules``, the grammar's owners, as every
engine in the history has it), never the owner picker, which is trained on the grammar's verdicts.
Needs the repository's history (git); the engines are read with ``git archive`` into a temporary
directory, nothing in the work tree changes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict
from io import BytesIO

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from extract import REAL, real_docs

_RUN = """
import datetime as dt, json, sys
from luoshi.extract import read_document
from luoshi.extract.engine import extract_rules
out = {}
for doc_id, path, base in json.loads(sys.stdin.read()):
    res = extract_rules(read_document(path), dt.date.fromisoformat(base))
    keep = ("start", "end", "owners", "deadline")
    out[doc_id] = [{k: v for k, v in i.to_dict().items() if k in keep} for i in res.items]
print(json.dumps(out))
"""


GIT = shutil.which("git") or "git"


def git(*args: str) -> bytes:
    return subprocess.run([GIT, "-C", ROOT, *args], check=True, capture_output=True).stdout


def added_by(doc_id: str) -> str:
    """The commit that added the document's labels (the first one)."""
    path = os.path.relpath(os.path.join(REAL, f"{doc_id}.gold.json"), ROOT)
    return git("log", "--diff-filter=A", "--format=%H", "--", path).decode().split()[-1]


def engine_items(commit: str, docs: list[tuple[str, str, str]]) -> dict[str, list[dict]]:
    """Items (span, owners, deadline) of the engine at ``commit``."""
    return in_engine(commit, _RUN, docs)


def in_engine(commit: str, script: str, payload: object, extra: dict[str, str] | None = None) -> dict:
    """Run ``script`` (stdin: ``payload`` as JSON, stdout: JSON) in the luoshi.extract of ``commit``, and
    luoshi.core for the .docx reader it shares, with ``extra`` files (path in the tree → text) over it."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = git("archive", commit, "src/luoshi/__init__.py", "src/luoshi/core", "src/luoshi/extract")
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        for path, body in (extra or {}).items():
            with open(os.path.join(tmp, path), "w", encoding="utf-8") as f:
                f.write(body)
        src = os.path.join(tmp, "src")
        out = subprocess.run(
            [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {src!r})\n{script}"],
            input=json.dumps(payload),
            capture_output=True,
            text=True,
            check=True,
            env=dict(os.environ, PYTHONPATH=src),
        )
    return json.loads(out.stdout)


# The fields the engine of a commit reads on given spans, with the context its rules register
# (section owners and dates): run inside that commit's luoshi.extract (git archive).
_SPANS = """
import datetime as dt, inspect, json, sys
from luoshi.extract import read_document
from luoshi.extract import engine as E
out = {}
for doc_id, path, base, spans in json.loads(sys.stdin.read()):
    text = read_document(path)
    doc, rows, roots = E._prepare(text, dt.date.fromisoformat(base), None)
    ex = E._Extractor(doc)
    ex.region(0, len(text), roots)
    doc.items, doc.groups = [], []
    for a, b in spans:
        ex.emit(a, b)
    kw = {"verdict": lambda d, i: None} if "verdict" in inspect.signature(E._finalize).parameters else {}
    keep = ("start", "end", "owners", "deadline")
    res = E._finalize(doc, roots, **kw)
    out[doc_id] = [{k: v for k, v in i.to_dict().items() if k in keep} for i in res.items]
print(json.dumps(out))
"""


def read_then(spans: dict[str, tuple[dict, list[dict]]]) -> dict[str, list[dict]]:
    """Per document id (its gold and the items whose spans to read), the items with the owners and
    deadline the engine of the commit before the document joined the corpus gives those spans — the
    fields of the time of items that engine did not emit itself (a span it cannot read is left out)."""
    by_commit: dict[str, list] = defaultdict(list)
    for doc_id, (gold, items) in spans.items():
        path = os.path.join(REAL, gold["text_file"])
        by_commit[added_by(doc_id)].append(
            (doc_id, path, gold["base_date"], [(x["start"], x["end"]) for x in items])
        )
    read: dict[str, list[dict]] = {}
    for commit, payload in by_commit.items():
        read.update(in_engine(f"{commit}^", _SPANS, payload))
    return read


def owner_misses(gold: dict, text: str, items: list[dict]) -> Counter[str]:
    """The owner mentions of matched required items that were wrong, and where the missed ones are
    written: inside the item the engine found (with or without an owner of its own) or outside it."""
    from luoshi.extract.scoring import match

    def norm(s: str) -> str:
        return "".join(s.split())

    out: Counter[str] = Counter()
    spans = [(text.find(g["quote"]), text.find(g["quote"]) + len(g["quote"])) for g in gold["items"]]
    for gi, pi in match(spans, [(x["start"], x["end"]) for x in items]):
        g, it = gold["items"][gi], items[pi]
        if not g["required"]:
            continue
        want = {norm(o) for o in g.get("owners", [])}
        got = {norm(o["mention"]) for o in it["owners"]}
        out["wrong"] += len(got - want)
        inside = norm(text[it["start"] : it["end"]])
        for o in want - got:
            where = "written in the item" if o in inside else "written outside it"
            out[f"missed, {where}, {'another owner found' if got else 'no owner found'}"] += 1
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", "--out", help="write the items as JSON")
    args = ap.parse_args()
    from luoshi.extract import read_document
    from luoshi.extract.scoring import Score, score

    golds = {}
    by_commit: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for doc_id, _, _, gp in real_docs("dev"):  # development only: test documents are read as totals
        with open(gp, encoding="utf-8") as f:
            golds[doc_id] = json.load(f)
        path = os.path.join(REAL, golds[doc_id]["text_file"])
        by_commit[added_by(doc_id)].append((doc_id, path, golds[doc_id]["base_date"]))
    items: dict[str, list[dict]] = {}
    total = Score()
    misses: Counter[str] = Counter()
    for commit, docs in sorted(by_commit.items(), key=lambda kv: git("log", "-1", "--format=%ct", kv[0])):
        got = engine_items(f"{commit}^", docs)
        sc = Score()
        for doc_id, path, _ in docs:
            text = read_document(path)
            sc = sc + score(golds[doc_id], text, {"items": got[doc_id]})
            misses += owner_misses(golds[doc_id], text, got[doc_id])
        items.update(got)
        total = total + sc
        print(f"{commit[:7]} n={len(docs):<3d} P={sc.precision:.3f} R={sc.recall:.3f} F1={sc.f1:.3f}")
    print(
        f"fresh, all n={len(items)} P={total.precision:.3f} R={total.recall:.3f} F1={total.f1:.3f} "
        f"ownerF1={total.owner_f1:.3f} deadline={total.deadline_acc:.3f} (n={total.deadline_n}) "
        f"tp={total.tp} fp={total.fp} fn={total.fn}"
    )
    for kind, n in sorted(misses.items()):
        print(f"  owners {kind}: {n}")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(items, f, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
