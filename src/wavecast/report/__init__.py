"""Figures and report.html, drawn from the arrays and dicts they are given."""
