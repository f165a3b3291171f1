"""bench/tick.py's two measurements on a small province: they run, roll back and check what they wrote."""

from bench.tick import measure_export, measure_tick
from luoshi.notify.models import Notification


def test_the_tick_is_measured_and_rolled_back(province):
    figures = measure_tick(None)
    assert figures["tasks"] == 400 and figures["reminders"] > 0 and figures["seconds"] >= 0
    assert not Notification.objects.exists(), "the measured tick leaves nothing behind"


def test_the_export_is_streamed_and_every_row_arrives(province):
    figures = measure_export(100, "head")
    assert figures["status"] == 200 and figures["rows"] >= 100 and figures["megabytes"] >= 0.01
