import csv
import json

import pytest

from bench import train_deadlines as tr
from luoshi.extract.datepick import DeadlinePicker


@pytest.fixture(scope="module")
def dev():
    with open(f"{tr.REAL}/index.tsv", encoding="utf-8") as f:
        rows = [
            r for r in csv.DictReader(f, delimiter="\t") if r["split"] == "dev" and r["genre"] == "work_plan"
        ]
    return tr.load_dev(None, only={r["id"] for r in rows[:12]})


def test_only_development_documents_are_read_and_options_are_labelled_by_the_gold(dev):
    with open(f"{tr.REAL}/index.tsv", encoding="utf-8") as f:
        split = {r["id"]: r["split"] for r in csv.DictReader(f, delimiter="\t")}
    assert dev and {split[d["id"]] for d in dev} == {"dev"}
    pairs = [p for d in dev for p in d["pairs"]]
    assert any(p["keys"] for p in pairs)
    for p in pairs:
        assert len(p["keys"]) == len(p["feats"]) == len(p["labels"])
        assert p["labels"] == [int(k is not None and k == p["gold"]) for k in p["keys"]]


def test_the_written_weights_choose_as_the_fit_does_and_the_same_corpus_gives_the_same_file(dev, tmp_path):
    text, w, thr = tr.weights_json(dev, [0.01])
    assert text == tr.weights_json(dev, [0.01])[0]
    path = tmp_path / "w.json"
    path.write_text(text, encoding="utf-8")
    model = DeadlinePicker.from_json(path)
    assert (model.weights, model.threshold) == (w, thr) and json.loads(text)["lam"] == 0.01
    fitted = tr.picked(w, thr)
    assert all(
        model.best(p["feats"]) == DeadlinePicker(w, thr).best(p["feats"]) for d in dev for p in d["pairs"]
    )
    ok, n, _ = tr.accuracy(dev, fitted)
    assert ok / n >= tr.accuracy(dev, tr.picked({}, 1.0))[0] / n  # better than never dating


def test_folds_out_of_fold_choices_cover_every_item(dev):
    oof, chosen = tr.cross_validate(dev, [0.01])
    assert len(chosen) == 5
    assert {id(p) for d in dev for p in d["pairs"]} == set(oof)
