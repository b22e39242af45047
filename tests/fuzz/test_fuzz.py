"""The fuzz targets (tests/fuzz/fuzz_targets.py) with a small budget: a smoke run of every oracle.

``CAGRAPH_FUZZ_BUDGET=full`` (or a number of cases) makes these the full run; ``tests/fuzz/run.py``
runs the same targets outside pytest with a per-target report.
"""
from __future__ import annotations

import pytest

import fuzz_targets as ft


@pytest.mark.parametrize("target", list(ft.TARGETS))
def test_fuzz_target(target):
    n = ft.TARGETS[target](ft.budget(target))
    assert n >= 1
