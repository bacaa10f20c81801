"""A net with drivers behind a baseline is told to try the run without them, naming them."""

import warnings

import wavecast
from law_in_small import law_in_small
from wavecast.evaluate.advice import advise
from wavecast.evaluate.drivers_pay import drivers_advice, drivers_named
from wavecast.evaluate.finding import ADVICE


def _behind() -> dict:
    return {"baselines": {"period": 12},
            "diagnostics": [{"name": "no better than a baseline", "advice": ADVICE["no better than a baseline"],
                             "details": {"baseline": "seasonal naive"}},
                            {"name": "flat line", "advice": ADVICE["flat line"]}]}


def test_advice_names_the_drivers_to_try_without():
    m = _behind()
    advise(m, "direct", 12, drivers_named(future=("PetrolPrice", "law"), calendar=True))
    by = {d["name"]: d["advice"] for d in m["diagnostics"]}
    assert "Or run it without --future PetrolPrice,law and --calendar (the same keywords in Python)" in by["no better than a baseline"]
    assert "few distinct values or few points" in by["no better than a baseline"]
    assert "run it without" not in by["flat line"]  # only the net behind a baseline is told
    advise(m, "direct", 12, drivers_named(future=("PetrolPrice",)))  # advised twice: said once
    assert m["diagnostics"][0]["advice"].count("run it without") == 1
    plain = _behind()
    advise(plain, "direct", 12)  # no drivers given: nothing to drop
    assert "run it without" not in plain["diagnostics"][0]["advice"]


def test_a_run_with_a_driver_that_costs_it_is_told_to_try_without():
    # Seatbelts' law in small: a driver 0 for years, then 1 over the last 24 months only (12 of them
    # held out), which the series does not follow; the net ends behind seasonal naive. (Over the
    # last 16, 4 of 84 training months, the law is now read as a rare indicator, 0/1, and costs
    # the net nothing: tests/test_indicator_scaling.py.)
    df = law_in_small()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df, target="y", time="month", future=["law"], horizon=12, epochs=2, hidden_size=4,
                         eval__without_drivers=False)  # no comparison made: the advice says to make it
        checked = wavecast.fit(df, target="y", time="month", future=["law"], horizon=12, epochs=2, hidden_size=4)
    found = {d["name"]: d["advice"] for d in f.metrics["diagnostics"]}
    assert "no better than a baseline" in found, f.metrics["diagnostics"]
    assert "Or run it without --future law (the same keywords in Python)" in found["no better than a baseline"]
    # compared (drivers_check): the finding that they do not pay names them, and says it once
    found = {d["name"]: d["advice"] for d in checked.metrics["diagnostics"]}
    assert "run it without --future law (the same keywords in Python)" in found["drivers do not pay"]
    assert "run it without" not in found["no better than a baseline"]
    assert found["no better than a baseline"].startswith("use the baseline, or the same net without --future law")


def test_beside_the_finding_that_the_drivers_cost_it_the_net_is_not_told_to_train_longer():
    """Seatbelts (--future law --past PetrolPrice): the net behind theta was told "more epochs
    (direct.max_epochs)" a line above the finding that its drivers cost it 8.58 of MASE."""
    m = _behind()
    for d in m["diagnostics"]:
        d["forecaster"] = "LSTM"
    m["drivers_check"] = {}
    m["diagnostics"].append({"name": "drivers do not pay", "forecaster": "LSTM", "advice": "x", "details": {}})
    m["diagnostics"].append({"name": "no better than a baseline", "forecaster": "GRU", "advice": ADVICE[
        "no better than a baseline"], "details": {"baseline": "theta"}})
    advise(m, "direct", 12, drivers_named(future=("law",), past=("PetrolPrice",)))
    said = [d["advice"] for d in m["diagnostics"] if d["name"] == "no better than a baseline"]
    assert said[0] == ("use the baseline, or the same net without --future law and --past PetrolPrice (the same "
                       "keywords in Python), which scored better on this held-out end; more epochs will not mend "
                       "what they cost it.")
    assert "direct.max_epochs" in said[1]  # another net, whose drivers were not found to cost it


def test_the_drivers_named_include_the_statics():
    """A run given --static region listed only its other drivers ('--future price, --calendar'):
    the drivers check's note and advice left the static out, and a run with statics alone named none."""
    from wavecast.config import Config, DataConfig
    from wavecast.experiment_notes import drivers_given

    assert drivers_named(future=("price",), static=("region", "size")) == ("--future price", "--static region,size")
    cfg = Config(data=DataConfig(static=("region",)))
    assert drivers_given(cfg, None) == ("--static region",)


def test_a_driver_named_with_a_space_is_quoted_for_the_shell():
    """'run it without --future unit price,law' passed the shell three words: the name is quoted."""
    drivers = drivers_named(future=("unit price", "law"), past=("Temp",))
    assert drivers == ("--future 'unit price',law", "--past Temp")
    assert drivers_advice(drivers).startswith("run it without --future 'unit price',law and --past Temp "
                                                 "(the same keywords in Python) and compare on a backtest")


def test_the_advice_in_python_names_keywords_only():
    """A warning of wavecast.fit said the drivers' advice half in flags: 'run it without future=
    x0,x1 (the same keywords in Python) and compare on a backtest (wavecast backtest origins=N;
    wavecast.backtest(origins=N))'. Python's words now: the list, and wavecast.backtest alone."""
    from wavecast.api_words import python_words

    said = python_words(drivers_advice(drivers_named(future=("x0", "unit price"), past=("visits",))))
    assert said.startswith("run it without future=['x0', 'unit price'] and past=['visits'] and compare on a "
                           "backtest (wavecast.backtest(origins=N)): one held-out end is one draw.")
    note = python_words("the drivers pay: LSTM scores MASE 0.9 on the held-out end with them "
                        f"({', '.join(drivers_named(future=('t', 'w'), holidays='AU'))}), 1.5 without")
    assert "with them (future=['t', 'w'], holidays='AU'), 1.5 without" in note
    # a flag followed by other words is no list of columns
    assert python_words("pass --past or --future to use it") == "pass past= or future= to use it"


def test_the_trading_days_notes_name_the_calendar_in_python():
    """The trading days' note in Python read 'all of them holidays of holidays='NYSE'' (the flag
    '--holidays NYSE' made a keyword inside its own words): now 'holidays of the calendar
    holidays='NYSE''; the command line's words are unchanged."""
    from wavecast.api_words import python_words

    note = ("not gaps (all of them holidays of --holidays NYSE); the forecast's dates are the next weekdays that "
            "are no holiday of --holidays NYSE")
    assert python_words(note) == ("not gaps (all of them holidays of the calendar holidays='NYSE'); the forecast's "
                                  "dates are the next weekdays that are no holiday of the calendar holidays='NYSE'")
    assert python_words("with them (--holidays AU-VIC), 1.5") == "with them (holidays='AU-VIC'), 1.5"
