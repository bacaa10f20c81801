"""The baselines' names as a run's scores, a forecast's columns and a backtest's give them
(experiment.make_baselines), in one pattern: a forecast file's columns are recognised as
wavecast's by it (io.rundir) and a backtest's baseline columns found by it (plotting_baselines).
No imports: the CLI's file checks read it without NumPy."""

NAMES = r"mean|last value|seasonal naive|linear AR\(\d+\)|theta"
