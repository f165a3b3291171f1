import datetime as dt
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = ROOT / "bench" / "data" / "seed"


@pytest.fixture(scope="session")
def seed_text() -> str:
    from luoshi.extract import read_document

    return read_document(SEED_DIR / "seed-speech.txt")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads((SEED_DIR / "seed-speech.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_result(seed_text, seed_gold):
    from luoshi.extract import extract

    return extract(seed_text, base_date=dt.date.fromisoformat(seed_gold["base_date"]))
