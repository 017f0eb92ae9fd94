"""The layers run one way: derive never imports numeric, torch or matplotlib to do its work."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_derive_needs_neither_torch_nor_matplotlib_nor_numeric():
    code = ("import sys, derive\n"
            "from derive.check import check_files\n"
            "sol = derive.solve('xor'); sol.render('latex'); sol.render('markdown')\n"
            "check_files(['examples/seed_answers.toml'])\n"
            "bad = [m for m in ('torch', 'matplotlib', 'numeric') if m in sys.modules]\n"
            "assert not bad, bad\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stderr
