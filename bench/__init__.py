"""Offline benchmarks; `make bench` runs them."""
