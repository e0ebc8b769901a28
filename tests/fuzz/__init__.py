"""The fuzz harness shared by ``tests/test_fuzz.py`` (small fixed-seed sample, CI) and
``benchmarks/fuzz.py`` (100k+ generated inputs): hostile-input recipes (``corpus``), input
generators (``strategies``) and one target per input path (``targets``)."""
