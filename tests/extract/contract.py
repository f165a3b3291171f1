"""The span contract every extraction holds to, checked in one place by the property tests."""

from luoshi.extract import Extraction


def assert_spans_hold(text: str, result: Extraction) -> None:
    """Items lie in the text in order and quote it exactly, and so do their deadlines; what is set aside
    does too, with a reason, and never overlaps a task."""
    assert result.chars == len(text)
    last = -1
    for it in result.items:
        assert 0 <= it.start < it.end <= len(text)
        assert text[it.start : it.end] == it.text
        assert it.start >= last
        last = it.end
        if it.deadline:
            assert text[it.deadline.start : it.deadline.end] == it.deadline.phrase
    spans = [(it.start, it.end) for it in result.items]
    for n in result.not_tasks:
        assert 0 <= n.start < n.end <= len(text) and text[n.start : n.end] == n.text and n.reason
        assert all(n.end <= a or n.start >= b for a, b in spans)
