"""Helpers for the tests, benchmarks and scripts that drive the app from outside (no `adoption` imports)."""
