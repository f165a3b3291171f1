from luoshi.extract.decide import candidates
from luoshi.extract.features import VERDICT, features


def test_features_read_the_span_not_its_fields_and_hide_the_verdict_when_asked(notice, base_date):
    doc, roots, cands = candidates(notice, base_date)
    seen = features(doc, roots, cands)
    hidden = features(doc, roots, cands, verdict=False)
    assert {x for f in seen for x in f} >= set(VERDICT.values())
    assert not any("rules:" in x for f in hidden for x in f)
    assert hidden == features(doc, roots, cands, verdict=False)  # deterministic
    assert all("bias" in f for f in hidden)
    assert all(it.owners == [] and it.deadline is None for it in (c.item for c in cands))  # nothing filled
