"""wavecast's speed benchmarks: `python -m benchmarks` (or `make bench`).

Time-to-accuracy against a batch-1 loop like seed 004's, Darts and NeuralForecast; start-up;
throughput; peak memory at scale. Prints a markdown table and writes JSON to
benchmarks/results/. Not part of the test run (tests/test_benchmarks_smoke.py only checks
that the harness runs on a tiny task).
"""
