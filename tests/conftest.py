import io
import os
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# In CI (CI=true) the examples are derandomized: the gate is the same on every run; locally
# Hypothesis keeps exploring new examples.
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          print_blob=True, derandomize=bool(os.environ.get("CI")))
settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples"


class Run:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def cli():
    """Run ``handgrad ARGS`` in-process; returns exit code, stdout, stderr."""
    from derive.cli import main

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
