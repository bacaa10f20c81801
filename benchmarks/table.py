"""The README's tables, in markdown, from the results dict of `python -m benchmarks`."""

from __future__ import annotations

from .common import fmt_e, fmt_s

_SETTINGS = {
    "wavecast": "its defaults: Adam 0.02, batch 32, cosine, 12 epochs, 8-step free-running loss",
    "seed004": "seed 004's loop: batch 1, SGD 0.01, state reset per window, 10 epochs",
    "darts-block": "Darts BlockRNNModel, LSTM 50, 10 epochs, its defaults otherwise",
    "darts-rnn": "Darts RNNModel, LSTM 50, 10 epochs, its defaults otherwise",
    "neuralforecast": "NeuralForecast LSTM, encoder 1x50, ~10 epochs of steps",
}


def _ratio(x, base) -> str:
    return "—" if x is None or not base else f"{x / base:.1f}x"


def _paired(r: dict) -> str:
    """Seed-by-seed whole-process ratios to `wavecast run`: their median (range)."""
    pairs = r.get("whole_vs_cli_all")
    if not pairs:
        return "—"
    return f"{r['whole_vs_cli']:.2f}x ({min(pairs):.2f}-{max(pairs):.2f})"


def _seeds(vals, fmt=fmt_e) -> str:
    return ", ".join(fmt(v) for v in vals) if vals else "—"


def _window(w: dict) -> list[str]:
    wc = w.get("wavecast", {})
    base_train = wc.get("train_s")
    lines = [
        f"**Task 1, window-lstm** (800-point sine, train 760, windows of 40, LSTM(50) + linear "
        f"head, 40-step free-running forecast; time to MSE <= {w.get('target_mse', 1e-5):g}; "
        "whole = the whole process from the shell, median over seeds; whole vs wavecast: the "
        "median (range) of seed-by-seed ratios to `wavecast run`, the systems run in turn seed "
        "by seed; training vs wavecast: ratio of medians)",
        "",
        "| system | setting | training | to MSE <= 1e-5 | whole process | whole vs wavecast "
        "| training vs wavecast | 40-step MSE by seed |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, setting in _SETTINGS.items():
        r = w.get(name)
        if r is None:
            continue
        if "skipped" in r:
            lines.append(f"| {name} | {setting} | {r['skipped']} | | | | | |")
            continue
        whole = r.get("cli", {}).get("whole_s") if name == "wavecast" else r.get("whole_s")
        ttt = fmt_s(r.get("time_to_target_s")) if r.get("time_to_target_s") else "not reached"
        ttt += f" ({r.get('reached', '?')})"
        if name == "wavecast":
            # The library path alone (fit + forecast, like the other systems' scripts); the
            # `wavecast run` row below it also fits baselines and writes figures, report, model.
            lines.append(
                f"| wavecast (library script) | {setting} | {fmt_s(r.get('train_s'))} | {ttt} "
                f"| {fmt_s(r.get('whole_s'))} | {_paired(r)} | 1.0x "
                f"| {_seeds(r.get('mse_all'))} |")
            setting = "the same, whole CLI: + baselines, figures, report, model files"
        label = "wavecast (`wavecast run`)" if name == "wavecast" else name
        failed = "" if r.get("ok", True) else " (failed: " + str(
            next((x.get("error") for x in r.get("runs", []) if not x.get("ok")), "")) + ")"
        lines.append(
            f"| {label}{failed} | {setting} | {fmt_s(r.get('train_s'))} | {ttt} | {fmt_s(whole)} "
            f"| {'1.00x' if name == 'wavecast' else _paired(r)} | {_ratio(r.get('train_s'), base_train)} "
            f"| {_seeds(r.get('mse_all'))} |"
        )
    return lines


def _simple_task(title: str, r: dict, key: str, unit: str) -> list[str]:
    r = r.get("wavecast", {})
    ttt = fmt_s(r.get("time_to_target_s")) if r.get("time_to_target_s") else "not reached"
    return [
        title, "",
        f"| system | to target | training | whole process | {unit} by seed |",
        "|---|---|---|---|---|",
        f"| wavecast | {ttt} ({r.get('reached', '?')}) | {fmt_s(r.get('train_s'))} "
        f"| {fmt_s(r.get('whole_s'))} | {_seeds(r.get(key + '_all'), lambda v: f'{v:.3g}')} |",
    ]


def render(res: dict) -> str:
    out = [
        f"Measured with `{res.get('command', 'python -m benchmarks').strip()}` on "
        f"{res['machine']['cpu_count']} CPUs, torch {res['machine']['torch']}, one thread unless "
        f"said; load average {res.get('load_average_start')} at the start, "
        f"{res.get('load_average_end')} at the end; {res.get('runs')} seeds a system"
        + (" (QUICK: harness check only, not speed)" if res.get("quick") else "") + ".",
        "",
    ]
    if "window" in res:
        out += _window(res["window"]) + [""]
    if "future" in res:
        out += _simple_task(
            "**Task 2, lstm-cell-future** (the PyTorch time_sequence_prediction data: 97 training "
            "waves, prime on 999 values of 3 test waves, 1000 steps free-running; target RMSE "
            "<= 0.05). The example itself (LBFGS, float64) is not rerun: the issue measured 24 s "
            "a step, 364 s whole, and an RMSE that never reaches 0.05.",
            res["future"], "rmse", "1000-step RMSE") + [""]
    if "noisy" in res:
        out += _simple_task(
            "**Task 3, noisy-sine** (sine + noise 0.1, train 2000, 40-step forecasts from 1000 "
            "origins; target RMSE within 1% of the noiseless sine's RMSE on the same points)",
            res["noisy"], "ratio_to_floor", "RMSE / floor")
        fit = res["noisy"].get("wavecast", {})
        if fit.get("sine_fit_ratio"):
            out += ["", f"From the same noisy contexts, a least-squares fit of a sine of the known period "
                    f"reaches {fit['sine_fit_ratio']:.4f}x the floor, {fit['phase_fit_ratio']:.4f}x when the "
                    "amplitude is known too (median over seeds): even a forecaster told the signal's "
                    "form stays above the floor, since the phase comes from noisy samples."]
        out += [""]
    if "startup" in res:
        s = res["startup"]
        out += [f"**Start-up** (whole process, median of {s['runs']})", "",
                "| command | wall | above bare Python | heavy modules loaded |", "|---|---|---|---|"]
        for name, sec in s["seconds"].items():
            above = s["above_bare"].get(name)
            loads = s["loads"].get(name, "")
            loads = ", ".join(loads) if isinstance(loads, list) else loads
            out.append(f"| `{name}` | {sec:.3f} s | {'' if above is None else f'{above:+.3f} s'} "
                       f"| {loads or ('none' if name in s['loads'] else '')} |")
        out.append("")
    if "variants" in res:
        out += ["**Fast paths on task 1** (training seconds, median over seeds)", "",
                "| variant | training | to MSE <= 1e-5 | MSE by seed |", "|---|---|---|---|"]
        for name, r in res["variants"].items():
            ttt = fmt_s(r.get("time_to_target_s")) if r.get("time_to_target_s") else "not reached"
            out.append(f"| {name} | {fmt_s(r.get('train_s'))} | {ttt} ({r.get('reached', '?')}) "
                       f"| {_seeds(r.get('mse_all'))} |")
        out.append("")
    if "throughput" in res:
        t = res["throughput"]
        out += [f"**Training throughput** (LSTM, windows of 40, batch {t['batch']}, default loss; "
                f"GPU: {t['gpu']})", "", "| hidden | device | threads | windows/s |", "|---|---|---|---|"]
        for r in t["rows"]:
            wps = f"{r['windows_per_s']:,.0f}" if r.get("windows_per_s") else f"failed: {r.get('error')}"
            out.append(f"| {r.get('hidden')} | {r.get('device')} | {r.get('threads')} | {wps} |")
        out.append("")
    if "memory" in res:
        out += ["**Peak memory** (training on the default model and loss; windows of 40 at "
                "stride 1; RSS above the process before the data existed)", "",
                "| data | windows | raw float64 | peak above baseline | x raw | budget 3x raw + model "
                "| within | trained |", "|---|---|---|---|---|---|---|---|"]
        for r in res["memory"]["rows"]:
            if not r.get("ok"):
                out.append(f"| {r.get('layout')} | failed: {r.get('error')} | | | | | | |")
                continue
            what = "one series" if r["layout"] == "long" else "series of 1,000"
            done = "whole epoch" if r["epoch_finished"] else f"first {r['trained_s']:.0f} s of the epoch"
            out.append(
                f"| {r['points']:,} points, {what} | {r['windows']:,} | {r['raw_mb']:.0f} MB "
                f"| {r['peak_above_baseline_mb']:.0f} MB | {r['peak_above_baseline_mb'] / r['raw_mb']:.2f} "
                f"| {r['budget_mb']:.0f} MB | {'yes' if r['within_budget'] else 'NO'} | {done} |")
        out.append("")
    return "\n".join(out)
