"""The direct net's two views trained at once (forecasters/views.py, GlobalNetForecaster.fit's
workers): the same numbers as one after the other, the raw view in its own thread, a failure on
either side stopping both."""

import threading
import time

import numpy as np
import pytest

from wavecast.config import ConfigError, from_dict
from wavecast.forecasters.global_net import GlobalNetForecaster
from wavecast.training.threads import default_workers


def _panel(n=12, length=72, seed=0):
    rng = np.random.default_rng(seed)
    t = np.arange(length)
    return [40 + 0.2 * k * t / 10 + 4 * np.sin(2 * np.pi * t / 12 + k) + rng.normal(0, 1, length)
            for k in range(n)]


def _fit(series, workers, on_step=None, warm=None):
    return GlobalNetForecaster(seed=3, max_epochs=6, min_steps=0).fit(
        series, 6, 12, workers=workers, on_step=on_step, warm=warm, warm_fraction=0.5)


def test_two_views_at_once_give_the_numbers_of_one_after_the_other():
    series = _panel()
    one, two = _fit(series, 1), _fit(series, 2)
    assert one.raw_ is not None and two.raw_ is not None
    assert np.array_equal(one.predict(series, 6), two.predict(series, 6))
    # the warm-started final model of wavecast.fit too
    assert np.array_equal(_fit(series, 1, warm=one).predict(series, 6),
                          _fit(series, 2, warm=two).predict(series, 6))


def test_the_raw_view_trains_in_its_own_thread_and_progress_is_called_one_at_a_time():
    seen, inside, overlap = {}, [0], []

    def on_step(stage, *rest):
        inside[0] += 1
        overlap.append(inside[0] > 1)
        seen.setdefault(stage, set()).add(threading.current_thread().name)
        inside[0] -= 1

    _fit(_panel(), 2, on_step=on_step)
    raw = {name for stage, names in seen.items() if stage.endswith("raw values") for name in names}
    logged = {name for stage, names in seen.items() if not stage.endswith("raw values") for name in names}
    assert raw == {"wavecast-raw-view"}
    assert logged == {threading.current_thread().name}
    assert not any(overlap)


def test_a_failing_raw_view_fails_the_fit():
    def on_step(stage, *rest):
        if stage.endswith("raw values"):
            raise RuntimeError("raw view broke")

    with pytest.raises(RuntimeError, match="raw view broke"):
        _fit(_panel(), 2, on_step=on_step)


def test_a_failing_logged_view_stops_the_raw_one():
    raw_steps = []

    def on_step(stage, step, steps, *rest):
        if stage.endswith("raw values"):
            raw_steps.append((step, steps))
            time.sleep(0.05)  # slower than the logged view: still training when that one fails
        elif stage != "early stopping":
            raise KeyboardInterrupt  # the logged view's first step of its final nets

    with pytest.raises(KeyboardInterrupt):
        _fit(_panel(), 2, on_step=on_step)
    # stopped and waited for: without the stop it would train on after the fit has failed
    assert not any(t.name == "wavecast-raw-view" for t in threading.enumerate())
    assert all(step < steps for step, steps in raw_steps)


def test_direct_workers_is_checked_and_resolved():
    for bad in (0, 3):
        with pytest.raises(ConfigError, match="direct.workers"):
            from_dict({"direct": {"workers": bad}})
    assert default_workers(1) == 1 and default_workers(2) == 2
    assert default_workers(None) in (1, 2)


def test_progress_of_two_stages_in_turn_keeps_each_stage_s_epoch_losses_apart():
    from wavecast.training.progress import DirectProgress

    reports = []
    bar = DirectProgress(reports.append)
    # two stages of 2 epochs of 2 steps each, their steps in turn: losses 1, 2 ... and 10, 20 ...
    for step in range(1, 5):
        bar("training", step, 4, 2, float(step))
        bar("training, raw values", step, 4, 2, 10.0 * step)
    got = {(r.stage, r.epoch): r.train_loss for r in reports}
    assert got == {("training", 1): 1.5, ("training", 2): 3.5,
                   ("training, raw values", 1): 15.0, ("training, raw values", 2): 35.0}
