"""The layers run one way: handgrad (the CLI) → numeric → derive. derive never imports numeric,
handgrad, torch or matplotlib to do its work; numeric never imports handgrad."""
import ast
import subprocess
import sys

from support import ROOT

UPPER = {"derive": ("numeric", "handgrad"), "numeric": ("handgrad",)}


def _imports(path):
    """Every module named by an import statement anywhere in the file (lazy ones too)."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_no_module_imports_a_layer_above_it():
    found = []
    for layer, above in UPPER.items():
        for path in sorted((ROOT / layer).rglob("*.py")):
            if path.name == "__main__.py":          # `python -m derive`: a script, never imported
                continue
            found += [f"{path.relative_to(ROOT)} imports {m}" for m in _imports(path)
                      if m.split(".")[0] in above]
    assert not found, found


def test_importing_every_derive_module_loads_neither_torch_nor_matplotlib_nor_numeric():
    code = ("import importlib, pkgutil, sys, derive\n"
            "for m in pkgutil.walk_packages(derive.__path__, 'derive.'):\n"
            "    if not m.name.endswith('__main__'):\n"
            "        importlib.import_module(m.name)\n"
            "bad = [m for m in ('torch', 'matplotlib', 'numeric', 'handgrad') if m in sys.modules]\n"
            "assert not bad, bad\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stderr


def test_solve_render_and_check_never_load_torch_nor_numeric():
    code = ("import sys, derive\n"
            "from derive.grading.check import check_files\n"
            "sol = derive.solve('xor'); sol.render('latex'); sol.render('markdown')\n"
            "check_files(['examples/seed_answers.toml'])\n"
            "bad = [m for m in ('torch', 'matplotlib', 'numeric') if m in sys.modules]\n"
            "assert not bad, bad\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stderr
