"""Forecasters: the contract every one keeps, the trained network and the baselines."""
