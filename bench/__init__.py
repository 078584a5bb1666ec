"""Benchmarks: run by documented commands (bench/README.md), printing medians and ratios."""
