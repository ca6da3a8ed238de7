"""Synthetic corpora: the generator behind ``faultline synth`` and the benchmarks' data."""
