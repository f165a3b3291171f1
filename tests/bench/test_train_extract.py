import csv

import pytest

from bench import train_extract as tr


@pytest.fixture(scope="module")
def dev():
    return tr.load_dev(verdict=False)


def test_only_development_documents_are_read(dev):
    with open(f"{tr.REAL}/index.tsv", encoding="utf-8") as f:
        split = {r["id"]: r["split"] for r in csv.DictReader(f, delimiter="\t")}
    assert {d["id"] for d in dev} == {i for i, s in split.items() if s == "dev"}
    assert all(len(d["items"]) == len(d["feats"]) == len(d["labels"]) == len(d["rule"]) for d in dev)


def test_folds_group_documents_and_are_fixed(dev):
    folds = tr.folds(dev)
    assert len(folds) == 5 and sorted(i for f in folds for i in f) == list(range(len(dev)))
    ids = [{dev[i]["id"] for i in f} for f in folds]
    rev = list(reversed(dev))  # drawn by id, whatever the order documents come in
    assert ids == [{rev[i]["id"] for i in f} for f in tr.folds(rev)]


def test_keeping_nothing_or_every_candidate(dev):
    none = tr.scored(dev, {d["id"]: tr.kept(d, {"bias": -1.0}, 0.0) for d in dev})[0]
    assert none.tp == 0 and none.fp == 0
    every = tr.scored(dev, {d["id"]: tr.kept(d, {}, 0.0) for d in dev})[0]  # the recall the candidates allow
    assert every.recall > 0.9


def test_a_fit_is_deterministic(dev):
    pytest.importorskip("sklearn")
    small = dev[:30]
    assert tr.fit(small, 0.1, "logreg") == tr.fit(small, 0.1, "logreg")
