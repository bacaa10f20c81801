"""Evaluation: forecast_at (every forecaster at every origin), metrics, pooled scores,
diagnostics and rolling-origin backtests."""
