import csv
import json
import os

import pytest

from bench import train_owners as tr


@pytest.fixture(scope="module")
def dev():
    """The development documents with the rules' own items standing in for the fresh verdicts."""
    import datetime as dt

    from luoshi.extract import read_document
    from luoshi.extract.engine import extract_rules

    items = {}
    with open(os.path.join(tr.REAL, "index.tsv"), encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["split"] == "dev"][:25]
    for r in rows:
        with open(os.path.join(tr.REAL, f"{r['id']}.gold.json"), encoding="utf-8") as f:
            gold = json.load(f)
        res = extract_rules(
            read_document(os.path.join(tr.REAL, gold["text_file"])), dt.date.fromisoformat(gold["base_date"])
        )
        keep = ("start", "end", "owners")
        items[r["id"]] = [{k: v for k, v in i.to_dict().items() if k in keep} for i in res.items]
    return tr.load_dev(items)


def test_only_development_documents_are_read(dev):
    with open(f"{tr.REAL}/index.tsv", encoding="utf-8") as f:
        split = {r["id"]: r["split"] for r in csv.DictReader(f, delimiter="\t")}
    assert {split[d["id"]] for d in dev} == {"dev"}
    for d in dev:
        for p in d["pairs"]:
            assert len(p["mentions"]) == len(p["feats"]) == len(p["labels"]) == len(p["phrases"])


def test_folds_group_documents_and_are_fixed(dev):
    folds = tr.folds(dev)
    assert sorted(i for f in folds for i in f) == list(range(len(dev)))
    rev = list(reversed(dev))
    assert [{dev[i]["id"] for i in f} for f in folds] == [{rev[i]["id"] for i in f} for f in tr.folds(rev)]


def test_a_fit_is_deterministic_and_learns(dev):
    w = tr.fit(dev, 0.003, epochs=60)
    assert w == tr.fit(dev, 0.003, epochs=60)
    grammar = tr.owner_counts(dev, lambda p: p["grammar"])[:3]
    learned = tr.owner_counts(dev, tr.picked(w, tr.best_threshold(dev, w)))[:3]
    assert tr.f1(*learned) >= tr.f1(*grammar) - 0.1  # in-sample, against the grammar it was fed
    none = tr.picked({"bias": -1.0}, 0.0)  # only what the grammar read outside or in a stated role stays
    for d in dev:
        for p in d["pairs"]:
            kept = {
                m for m, f in zip(p["mentions"], p["feats"], strict=True) if {"outside", "stated"} & set(f)
            }
            assert none(p) == kept


def test_misses_list_the_items_whose_out_of_fold_owners_are_wrong(dev):
    lines = tr.misses(dev, 0.003, set())
    heads = [x for x in lines if not x.startswith("  ")]
    wrong = sum(1 for d in dev for p in d["pairs"] if p["want"] != p["grammar"])
    assert heads and all(": gold=" in x for x in heads) and len(heads) <= sum(len(d["pairs"]) for d in dev)
    assert wrong  # the grammar alone is wrong somewhere, so the listing has something to read
    phrases = [x for x in lines if x.startswith("  ")]
    assert all("(threshold " in x for x in phrases)
    genre = dev[0]["genre"]
    assert all(x.split()[0] == genre for x in tr.misses(dev, 0.003, {genre}) if not x.startswith("  "))
