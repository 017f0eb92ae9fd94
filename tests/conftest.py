import io
import os
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from support import IN_CI, ROOT

# Two Hypothesis profiles (see tests/support.py): "ci" (CI=true) is derandomized, so the gate is
# the same on every run; "dev" keeps exploring new examples locally. Counts scale with
# support.examples().
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          print_blob=True, derandomize=True, max_examples=100)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          print_blob=True, max_examples=10)
settings.load_profile("ci" if IN_CI else "dev")

SEEDS = ROOT / "examples"
# Subprocesses started by the tests import this checkout, not whatever is installed.
os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])


class Run:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def cli():
    """Run ``handgrad ARGS`` in-process; returns exit code, stdout, stderr."""
    from handgrad.cli import main

    def run(*args):
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main([str(a) for a in args])
        return Run(code, out.getvalue(), err.getvalue())
    return run


def pdflatex_or_skip():
    exe = shutil.which("pdflatex")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("pdflatex is missing in CI: .ci/run must install texlive")
        pytest.skip("pdflatex not installed: LaTeX compile test skipped (apt-get install texlive-latex-base texlive-latex-recommended)")
    return exe
