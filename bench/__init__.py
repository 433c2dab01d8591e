"""Benchmarks anyone can rerun: ``python -m bench [--quick] [NAME ...]``; tables land in ``bench-results/``."""
