import csv
from collections import Counter

from bench import site_folds


def test_a_site_is_the_registrable_domain_of_the_source():
    assert site_folds.site("https://www.gwyoo.com/a/1.html") == "gwyoo.com"
    assert site_folds.site("http://m.gwyoo.com/b") == "gwyoo.com"
    assert site_folds.site("http://www.bzqc.gov.cn/x") == "bzqc.gov.cn"
    assert site_folds.site("https://news.zjol.com.cn/y") == "zjol.com.cn"
    assert site_folds.site("http://117.156.67.38/zwgk-view/771.html") == "117.156.67.38"


def _index() -> dict[str, tuple[str, str]]:
    return {f"doc-{i:02d}": (f"site{i % 7}.cn" if i < 21 else f"own{i}.com", "ab"[i % 2]) for i in range(33)}


def test_no_site_sits_in_two_folds_and_folds_are_balanced():
    known = _index()
    ids = sorted(known)
    parts = site_folds.folds(ids, 5, site_of=known)
    assert sorted(i for f in parts for i in f) == list(range(len(ids)))
    where = {known[ids[i]][0]: {j for j, f in enumerate(parts) if i in f} for i in range(len(ids))}
    assert all(len(js) == 1 for js in where.values())
    assert max(map(len, parts)) - min(map(len, parts)) <= 3


def test_folds_are_fixed_whatever_the_order_and_another_draw_deals_otherwise():
    known = _index()
    ids = sorted(known)
    rev = ids[::-1]
    as_ids = lambda order, parts: [{order[i] for i in f} for f in parts]
    one = as_ids(ids, site_folds.folds(ids, 5, site_of=known))
    assert one == as_ids(rev, site_folds.folds(rev, 5, site_of=known))
    assert one != as_ids(ids, site_folds.folds(ids, 5, draw=1, site_of=known))


def test_a_site_larger_than_a_fold_is_cut_and_an_unknown_id_is_its_own_site():
    known = {f"d{i}": ("big.cn", "a") for i in range(8)}
    ids = [*known, "stray"]
    parts = site_folds.folds(ids, 3, site_of=known)
    assert [len(f) for f in parts] == [3, 3, 3]  # ceil(9 / 3): big.cn in pieces of 3, 3 and 2, the stray


def test_the_development_folds_keep_each_site_whole_and_share_the_genres():
    with open(site_folds.INDEX, encoding="utf-8") as f:
        ids = [r["id"] for r in csv.DictReader(f, delimiter="\t") if r["split"] == "dev"]
    known = site_folds.sites()
    parts = site_folds.folds(ids)
    fold_of = {known[ids[i]][0]: j for j, f in enumerate(parts) for i in f}
    assert all(fold_of[known[ids[i]][0]] == j for j, f in enumerate(parts) for i in f)
    total = Counter(known[x][1] for x in ids)
    for f in parts:
        mine = Counter(known[ids[i]][1] for i in f)
        assert all(abs(mine[g] - n / 5) <= 3 for g, n in total.items())
