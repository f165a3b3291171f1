from bench import cv_draws
from bench import train_extract as tr


def _docs(n: int) -> list[dict]:
    return [{"id": f"doc-{i:03d}"} for i in range(n)]


def test_the_first_draw_is_the_fixed_partition():
    docs = _docs(23)
    assert cv_draws.partition(docs, 0) == tr.folds(docs)


def test_another_draw_is_a_fixed_partition_of_every_document_grouped_otherwise():
    docs = _docs(23)
    one, again = cv_draws.partition(docs, 1), cv_draws.partition(list(reversed(docs)), 1)
    assert sorted(i for f in one for i in f) == list(range(23)) and [len(f) for f in one] == [5, 5, 5, 4, 4]
    ids = [{docs[i]["id"] for i in f} for f in one]
    assert ids == [{docs[::-1][i]["id"] for i in f} for f in again]  # drawn by id, whatever the order
    assert ids != [{docs[i]["id"] for i in f} for f in tr.folds(docs)]
    assert ids != [{docs[i]["id"] for i in f} for f in cv_draws.partition(docs, 2)]
