"""Issue 18, the command line: --version, --horizon on run, --json everywhere, one line naming
the subcommand's --help on usage errors, a closed pipe, one definition per flag, "not supported yet" lines, backtest's data flags."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wavecast.cli import build_parser, main

AIR = str(Path(__file__).parents[1] / "examples" / "air_passengers.csv")
FAST = ["--set", "direct.max_epochs=2", "--set", "direct.n_ensemble=1"]


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip().startswith("wavecast 0.1")


def test_run_takes_horizon_and_forecast_prints_json(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", "--data", AIR, "--time", "month", "--horizon", "6", "--out", str(out), "--json", *FAST]) == 0
    metrics = json.loads(capsys.readouterr().out)
    assert json.loads((out / "config.json").read_text())["window"]["horizon"] == 6
    assert len(metrics["forecasters"]["LSTM"]["by_lead"]["mse"]) == 6  # the direct net (LSTM)
    assert main(["forecast", str(out), "--horizon", "3", "--json", "--out", str(tmp_path / "f.csv")]) == 0
    got = json.loads(capsys.readouterr().out)
    assert len(got["forecast"]) == 3 and {"month", "forecast"} <= set(got["forecast"][0])
    assert got["files"][0].endswith("f.csv")


def test_bad_horizon_is_one_line(tmp_path, capsys):
    assert main(["run", "--data", AIR, "--horizon", "0", "--out", str(tmp_path / "r")]) == 2
    assert "--horizon must be an integer >= 1" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["run"], ["backtest"], ["forecast", "x", "--horizon", "2"], ["demo"]])
def test_an_unknown_flag_points_to_the_subcommands_help(command, capsys):
    # one line (it was the subcommand's whole usage, 12 lines for run, then the error)
    assert main([*command, "--bogus"]) == 2
    err = capsys.readouterr().err
    assert err == f"wavecast: error: unknown flag --bogus; see wavecast {command[0]} --help\n"


def test_what_is_not_supported_says_so(tmp_path, capsys):
    # the smoothed level with several targets (their other targets are covariates); --fill-missing-dates
    # with several targets, which this was, is read now (test_fill_dates_targets)
    two = tmp_path / "two.csv"
    two.write_text("month,a,b\n" + "".join(f"2020-{m:02d}-01,{m},{2 * m}\n" for m in range(1, 13)))
    assert main(["run", "--data", str(two), "--target", "a,b", "--set", "direct.level=smooth",
                 "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert "not supported yet" in err and "unrecognized" not in err and len(err.strip().splitlines()) == 1
    assert "with several targets" in err  # the targets' own columns, not covariates the user gave
    assert not (tmp_path / "r").exists()


def test_calendar_with_the_recursive_net_is_supported_now(tmp_path):
    assert main(["run", "--data", AIR, "--time", "month", "--calendar", "--set", "model.kind=recursive",
                 "--set", "train.epochs=1", "--set", "model.hidden_size=4", "--out", str(tmp_path / "r"),
                 "--quiet"]) == 0
    assert (tmp_path / "r" / "model" / "model.json").is_file()


def test_every_command_has_json_and_shared_flags_mean_the_same():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    helps: dict[str, set] = {}
    for name, p in sub.choices.items():
        flags = {s for a in p._actions for s in a.option_strings}
        if name not in ("recipes",):
            assert "--json" in flags, name
        for a in p._actions:
            for s in a.option_strings:
                if s not in ("-h", "--help", "--out", "--json", "--overwrite", "--level", "--seed"):
                    helps.setdefault(s, set()).add((type(a).__name__, a.dest, str(a.type), str(a.choices)))
    for flag, seen in helps.items():
        assert len(seen) == 1, (flag, seen)
    assert {"--data", "--target", "--time", "--id", "--horizon", "--device"} <= set(helps)


def test_recipes_list_json(capsys):
    assert main(["recipes", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 5


def test_a_closed_pipe_ends_quietly(tmp_path):
    code = (f"from wavecast.cli import main; raise SystemExit(main(['demo', '--out', {str(tmp_path / 'd')!r}, "
            "'--set', 'train.epochs=1', '--set', 'model.hidden_size=4']))")
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = p.stdout.readline()
    p.stdout.close()  # `| head -1`
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 0, err
    assert first.startswith(b"demo:") and "Traceback" not in err and "BrokenPipe" not in err


def test_backtest_takes_runs_data_flags_and_writes_a_report(tmp_path, capsys):
    out = tmp_path / "bt"
    assert main(["backtest", "--data", AIR, "--time", "month", "--horizon", "4", "--origins", "4",
                 "--refit-every", "2", "--out", str(out), *FAST]) == 0
    printed = capsys.readouterr().out
    assert "2 trainings" in printed and "(the network trained 2 times, again every 2 origin(s))" in printed
    m = json.loads((out / "metrics.json").read_text())
    assert m["backtest"]["trainings"] == 2 and m["backtest"]["refit_every"] == 2 and m["n_origins"] == 4
    assert (out / "report.html").is_file() and "4 origins" in (out / "report.html").read_text()


def test_one_series_backtest_says_how_its_forecasts_were_made():
    """--refit fits every forecaster again before each origin: not "one batched rollout"."""
    from wavecast.experiment_files import series_how

    info = {"refit": False, "refit_every": 0, "trainings": 1}
    assert series_how(info) == "one model, all origins in one batched rollout"
    assert series_how({**info, "refit": True}) == "every forecaster refitted before each origin"
    assert series_how({**info, "refit_every": 2, "trainings": 3}) == (
        "the network trained 3 times, again every 2 origin(s)")
    assert series_how({"refit": True, "refit_every": 2, "trainings": 3}) == (
        "every forecaster refitted before each origin; the network trained 3 times, again every 2 origin(s)")


def test_backtest_api_refit_every_retrains_and_batched_stays_the_default(monkeypatch):
    import wavecast.experiment_backtest as experiment  # the backtest's runs are made there
    from wavecast.config import load
    from wavecast.experiment_backtest import run_backtest

    cfg = load(None, [f"data.path={AIR}", "window.horizon=3", "direct.max_epochs=2", "direct.n_ensemble=1"])
    one = run_backtest(cfg, 3)
    names, real_run = [], experiment.run

    def run(*a, **k):  # each run's forecasters, by name (an AR order is chosen again on less data)
        r = real_run(*a, **k)
        names.append(list(r.forecasters))
        return r

    monkeypatch.setattr(experiment, "run", run)
    three = run_backtest(cfg, 3, refit_every=1)
    assert one.n_trainings == 1 and three.n_trainings == 3
    later = {n for run_names in names[1:] for n in run_names} - set(names[0])
    said = [x for x in three.notes if "the first run's name" in x]
    assert len(said) == (1 if later else 0) and all(n in said[0] for n in later)
    assert (one.origins == three.origins).all()
    # the first origin's forecasts come from the same first model
    net = next(iter(one.metrics["forecasters"]))
    assert one.metrics["forecasters"][net]["per_origin"]["mse"][0] == pytest.approx(
        three.metrics["forecasters"][net]["per_origin"]["mse"][0])
    with pytest.raises(Exception, match="refit_every"):
        run_backtest(cfg, 3, refit_every=-1)


def test_diverges_at_column_says_what_metrics_json_says_and_how_few_forecasts():
    """One test window of one series: its error by lead is one draw; the column still shows
    metrics.json's horizons (the diagnostics name them too) and a line says it is too few."""
    from wavecast.cli.output import metrics_table

    rows = {"LSTM": {"mse": 1.0, "mae": 1.0}, "last value": {"mse": 2.0, "mae": 1.2}}
    m = {"forecasters": rows, "divergence_horizon": {"LSTM": 1, "last value": None}, "n_origins": 1}
    one = metrics_table(m)
    assert "diverges at" in one.splitlines()[0] and "step 1" in one
    assert "diverges at: from 1 forecast(s) a lead time: too few to rely on" in one
    many = metrics_table({**m, "n_origins": 24})
    assert "diverges at" in many.splitlines()[0] and "step 1" in many and "too few" not in many
    pooled = metrics_table({**m, "n_series": 50})  # 50 series x 1 origin: enough
    assert "step 1" in pooled


def test_model_and_train_keys_reach_the_direct_net_and_its_hints_fit_it(tmp_path, capsys):
    # Was "LSTM trained", 200 epochs allowed, config.json saying model.cell gru: the direct net
    # (the default for data) read none of them. And its diagnostics told it to try itself.
    out = tmp_path / "r"
    assert main(["run", "--data", AIR, "--time", "month", "--set", "model.cell=gru", "--set", "model.hidden_size=7",
                 "--set", "train.epochs=2", "--set", "direct.n_ensemble=1", "--out", str(out), "--json"]) == 0
    metrics = json.loads(capsys.readouterr().out)
    cfg = json.loads((out / "config.json").read_text())
    assert (cfg["model"]["kind"], cfg["direct"]["cell"], cfg["direct"]["hidden_size"], cfg["direct"]["max_epochs"]) \
        == ("direct", "gru", 7, 2)
    assert "GRU" in metrics["forecasters"] and metrics["train"]["max_epochs"] == 2
    assert metrics["train"]["hidden_size"] == 7
    found = metrics["diagnostics"]
    assert found and all("model.kind=direct" not in d["advice"] and "train." not in d["advice"] and
                         "model.hidden_size" not in d["advice"] for d in found), found


def test_a_key_the_direct_net_has_no_use_for_is_refused_in_one_line(tmp_path, capsys):
    out = tmp_path / "r"
    assert main(["run", "--data", AIR, "--set", "train.rollout_steps=2", "--out", str(out), *FAST]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no setting like --set train.rollout_steps=2;" in err
    assert "--set model.kind=recursive" in err and not out.exists()


def _q15(tmp_path) -> str:
    import numpy as np
    import pandas as pd

    path = tmp_path / "q15.csv"
    pd.DataFrame({"t": pd.date_range("2019-01-01", periods=120, freq="15min"),
                  "v": 10 + np.sin(np.arange(120))}).to_csv(path, index=False)
    return str(path)


def test_too_short_says_the_rule_that_binds_and_what_would_fit(tmp_path, capsys):
    # Was "input_len 10 + horizon 4 + test_len 4 needs >= 124 (pass a smaller --set
    # window.input_len or window.test_len)": neither helped, two seasons of 60 were the rule.
    q15 = _q15(tmp_path)
    assert main(["run", "--data", q15, "--horizon", "4", "--set", "window.input_len=10", "--set", "eval.period=60",
                 "--out", str(tmp_path / "a"), *FAST]) == 2
    err = capsys.readouterr().err
    assert "series has 120 points; the direct net needs 124: two seasons of 60 = 120 before a test part of 4" in err
    assert "season it holds twice, of at most 58 samples (none: --set eval.period=1)" in err
    assert "window.input_len" not in err and err.count("\n") == 1
    # a horizon too long for the series: --horizon named, with a length that fits
    assert main(["run", "--data", AIR, "--horizon", "1000000", "--out", str(tmp_path / "b"), *FAST]) == 2
    err = capsys.readouterr().err
    assert "input_len 2 + horizon 1000000 = 1000002 before a test part of 1000000" in err
    assert "(pass a shorter --horizon (at most 71; and, if you set it, --set window.test_len=71))" in err
    # each fix it names fits: the run goes through with the shorter horizon
    assert main(["run", "--data", AIR, "--horizon", "71", "--out", str(tmp_path / "c"), *FAST]) == 0
    # where the season is known (12: a horizon the series holds twice), the horizon offered leaves
    # a season's context: 66 (71 was offered, a context of 2 points for 71 months)
    assert main(["run", "--data", AIR, "--horizon", "100", "--out", str(tmp_path / "e"), *FAST]) == 2
    assert "(pass a shorter --horizon (at most 66; and, if you set it, --set window.test_len=66))" in \
        capsys.readouterr().err
    assert main(["run", "--data", AIR, "--horizon", "66", "--out", str(tmp_path / "f"), *FAST]) == 0
    assert json.loads((tmp_path / "f" / "config.json").read_text())["window"]["input_len"] >= 12
    # the defaults of 15-minute data fit it (30 hours do not hold the day twice: the season the
    # series shows, 6, and a horizon of two of them)
    assert main(["run", "--data", q15, "--out", str(tmp_path / "d"), *FAST]) == 0
    assert json.loads((tmp_path / "d" / "config.json").read_text())["window"]["horizon"] == 12


def test_too_short_through_the_api_names_its_arguments():
    import warnings

    import wavecast
    from wavecast.errors import ValidationError

    with warnings.catch_warnings(), pytest.raises(ValidationError) as e:
        warnings.simplefilter("ignore")
        wavecast.fit(AIR, time="month", horizon=60, input_len=30, direct__max_epochs=1)
    msg = str(e.value)
    assert "input_len 30 + horizon 60 = 90 before a test part of 60" in msg
    assert "a shorter horizon=... (at most 57" in msg and "input_len=24" in msg and "--" not in msg


def test_a_direct_model_s_horizon_limit_speaks_of_the_direct_net(tmp_path, capsys):
    out = tmp_path / "r"
    assert main(["run", "--data", AIR, "--time", "month", "--horizon", "6", "--out", str(out), *FAST]) == 0
    capsys.readouterr()
    assert main(["forecast", str(out), "--horizon", "1000000", "--out", str(tmp_path / "f.csv")]) == 2
    err = capsys.readouterr().err
    assert "past the 6 steps it was trained for, the direct net forecasts block after block" in err
    assert "recursive" not in err


def test_a_static_column_that_varies_prints_plain_numbers(tmp_path, capsys):
    import pandas as pd

    path = tmp_path / "s.csv"
    pd.DataFrame({"id": ["a"] * 30 + ["b"] * 30, "v": range(60),
                  "size": [10.35] * 10 + [10.82] * 20 + [3.0] * 30}).to_csv(path, index=False)
    assert main(["run", "--data", str(path), "--id", "id", "--static", "size", "--out", str(tmp_path / "r"),
                 *FAST]) == 2
    err = capsys.readouterr().err
    assert "varies within series 'a' (10.35, then 10.82)" in err and "np.float64" not in err


def _european_twins(tmp_path):
    """A daily series as a comma file and as its twins: ';' with decimal commas and day-first
    dates (31.01.2020), and tab-separated."""
    import numpy as np
    import pandas as pd

    days = pd.date_range("2020-01-01", periods=60, freq="D")
    values = np.round(10 + 3 * np.sin(np.arange(60) / 4), 4)
    comma, semi, tab = tmp_path / "c.csv", tmp_path / "s.csv", tmp_path / "t.tsv"
    df = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "value": values})
    df.to_csv(comma, index=False)
    df.assign(date=days.strftime("%d.%m.%Y")).to_csv(semi, sep=";", decimal=",", index=False)
    df.to_csv(tab, sep="\t", index=False)
    assert semi.read_text().startswith("date;value\n01.01.2020;10,0\n")
    return comma, semi, tab


QUICK = ["--set", "model.kind=recursive", "--set", "train.epochs=1", "--set", "model.hidden_size=4",
         "--set", "window.input_len=8", "--horizon", "4", "--quiet"]


def test_run_reads_a_semicolon_file_with_decimal_commas_and_a_tab_file_as_their_comma_twin(tmp_path, monkeypatch):
    import numpy as np

    import wavecast.data.source as source

    read = []  # the CLI reads --data itself, before --out is checked (2630250)
    original = source.read_dataset
    monkeypatch.setattr(source, "read_dataset", lambda cfg: read.append(original(cfg)) or read[-1])
    comma, semi, tab = _european_twins(tmp_path)
    for i, (path, flags) in enumerate(((comma, []), (semi, ["--sep", ";", "--decimal", ","]),
                                       (tab, ["--sep", "\\t"]), (tab, ["--sep", "tab"]))):
        assert main(["run", "--data", str(path), *flags, "--out", str(tmp_path / f"r{i}"), *QUICK]) == 0, flags
    want = read[0]
    for got in read[1:]:
        np.testing.assert_array_equal(got.values[0], want.values[0])
        assert list(got.times[0]) == list(want.times[0]) and got.freq == want.freq == "D"
    saved = json.loads((tmp_path / "r1" / "config.json").read_text())["data"]
    assert (saved["sep"], saved["decimal"]) == (";", ",")
    assert json.loads((tmp_path / "r2" / "config.json").read_text())["data"]["sep"] == "\t"


@pytest.mark.parametrize("flags, pattern", [
    ([], r"s\.csv seems to be separated by ';', not commas \(header 'date;value'\); pass --sep ';' --decimal ','$"),
    (["--sep", ":"], r"data\.sep \(--sep\) must be ',', ';', '\|' or a tab \(written \\t or tab\) \(got ':'\)$"),
    (["--sep", ";", "--decimal", "x"], r"data\.decimal \(--decimal\) must be '\.' or ',' \(got 'x'\)$"),
    (["--decimal", ","], r"data\.decimal \(--decimal\) ',' is also data\.sep \(--sep\)"),
    (["--sep", ";", "--decimal", ",", "--thousands", ","], r"',' is also data\.thousands \(--thousands\)"),
    (["--sep", ";", "--decimal", ",", "--set", "data.date_order=x"], r"unknown data\.date_order \(--date-order\)"),
])
def test_a_european_file_without_its_flags_or_with_bad_ones_is_one_line_exit_2(tmp_path, capsys, flags, pattern):
    import re

    _, semi, _ = _european_twins(tmp_path)
    for command in (["run"], ["backtest"]):
        capsys.readouterr()
        assert main([*command, "--data", str(semi), *flags, "--out", str(tmp_path / "r"), "--quiet"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and re.search(pattern, err.strip()), err
    assert not (tmp_path / "r").exists()
