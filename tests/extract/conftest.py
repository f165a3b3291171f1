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


@pytest.fixture(scope="session")
def base_date() -> dt.date:
    """The date the short notice below is read on."""
    return dt.date(2026, 3, 18)


@pytest.fixture(scope="session")
def notice() -> str:
    """A short notice with two tasks, a wish, a figure of the past and a unit's own plan."""
    return (
        "关于做好春季工作的通知\n"
        "一、各科室要在6月底前报送半年工作总结。\n"
        "二、希望大家认真学习。\n"
        "三、干部一科负责制定培训计划。\n"
        "去年共培训干部6900余人次。\n"
        "办公室将于4月底前组织一次检查，各科室配合做好准备。\n"
    )
