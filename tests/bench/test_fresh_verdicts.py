import datetime as dt
import json
import os
import subprocess

import pytest

from bench import fresh_verdicts as fv


@pytest.fixture(scope="module")
def history():
    try:
        fv.git("cat-file", "-e", "2d8a9b9^{commit}")
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("needs the repository's history")


def test_the_engine_of_a_commit_reads_a_document_as_it_did(history):
    from luoshi.extract import read_document
    from luoshi.extract.engine import extract_rules

    doc_id = "mi-hongkou-beiwaitan"  # a development document of the first batch
    with open(os.path.join(fv.REAL, f"{doc_id}.gold.json"), encoding="utf-8") as f:
        gold = json.load(f)
    path = os.path.join(fv.REAL, gold["text_file"])
    assert fv.added_by(doc_id).startswith("2d8a9b9")
    head = fv.engine_items("HEAD", [(doc_id, path, gold["base_date"])])
    now = extract_rules(read_document(path), dt.date.fromisoformat(gold["base_date"]))  # no picker
    assert [(x["start"], x["end"]) for x in head[doc_id]] == [(i.start, i.end) for i in now.items]
    assert head[doc_id][0]["owners"] == [o.to_dict() for o in now.items[0].owners]


def test_owner_misses_say_where_the_missed_owners_are():
    text = "一、干部一科要完成方案。\n二、由办公室牵头，组织科配合开展检查。\n"
    gold = {
        "items": [
            {"quote": "一、干部一科要完成方案", "required": True, "owners": ["干部一科"]},
            {
                "quote": "二、由办公室牵头，组织科配合开展检查",
                "required": True,
                "owners": ["办公室", "组织科"],
            },
        ]
    }
    items = [
        {"start": 0, "end": 11, "owners": [{"mention": "干部二科"}]},
        {"start": 13, "end": 31, "owners": [{"mention": "办公室"}]},
    ]
    assert fv.owner_misses(gold, text, items) == {
        "wrong": 1,
        "missed, written in the item, another owner found": 2,
    }
