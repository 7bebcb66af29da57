"""Benchmarks: scripts run by one command each (see their docstrings)."""
