import pytest

from bench.datagen import generate


@pytest.fixture
def province(db):
    """A small province from bench/datagen.py (400 tasks, the full organization)."""
    return generate(tasks=400, seed=7)
