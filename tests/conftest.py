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


def chromium_or_skip():
    """The headless browser the HTML tests look through (Debian's chromium)."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: .ci/run must install it")
        pytest.skip("chromium not installed: HTML browser test skipped (apt-get install chromium)")
    return exe


def compile_latex(tex: str, folder: Path, name: str = "doc") -> str:
    """Compile with pdflatex (no shell escape); fails on an error and on any overfull line.
    Returns the log."""
    import subprocess
    exe = pdflatex_or_skip()
    (folder / f"{name}.tex").write_text(tex)
    r = subprocess.run([exe, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
                       cwd=folder, capture_output=True, text=True, timeout=120)
    log = (folder / f"{name}.log").read_text(errors="replace")
    assert r.returncode == 0, r.stdout[-3000:]
    assert (folder / f"{name}.pdf").stat().st_size > 1000
    overfull = [line for line in log.splitlines() if line.startswith("Overfull \\hbox")]
    assert not overfull, "\n".join(overfull) + "\n" + tex[:2000]
    return log


def compile_fragments(fragments, folder: Path, name: str = "doc") -> str:
    """Fragments (``render("latex", fragment=True)``) in a bare document that loads only
    ``FRAGMENT_PACKAGES`` (all a fragment asks of its document), one a page, compiled as
    :func:`compile_latex` does."""
    from derive.render.backends.latex import FRAGMENT_PACKAGES
    return compile_latex("\\documentclass[11pt,a4paper]{article}\\usepackage[margin=2.2cm]{geometry}\n"
                         + FRAGMENT_PACKAGES + "\n\\begin{document}\n" + "\n\\clearpage\n".join(fragments)
                         + "\\end{document}\n", folder, name)
