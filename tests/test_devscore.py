"""Accuracy on the labelled development cases beside the checkout (skipped when they are absent)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORE = SHARED / "tools" / "score.py"
DEV = SHARED / "corpora" / "dev"


@pytest.mark.skipif(not (SCORE.is_file() and DEV.is_dir()), reason="../shared/corpora/dev not beside the checkout")
def test_dev_score_floor(tmp_path):
    wrapper = tmp_path / "netlint-cmd"
    wrapper.write_text(f"#!/bin/sh\nexec {sys.executable} -m netlint \"$@\"\n", encoding="utf-8")
    wrapper.chmod(0o755)
    r = subprocess.run([sys.executable, str(SCORE), str(DEV), "--netlint", str(wrapper), "--json"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    summary = json.loads(r.stdout.strip().splitlines()[-1])
    assert summary["all"]["f1"] >= 0.80, summary
    assert summary["gap"]["f1"] >= 0.80 and summary["flag"]["f1"] >= 0.75, summary
