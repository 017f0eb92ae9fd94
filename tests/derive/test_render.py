"""The worked solution as text, Markdown and LaTeX: golden lines, digits, escaping, compiling."""
import subprocess
from dataclasses import replace

import pytest
from hypothesis import given, settings, strategies as st
from support import examples

import derive
from derive.model.network import loads
from numeric.testing import networks, threshold_networks
from tests.conftest import pdflatex_or_skip

HOSTILE = r"""
[network]
name = "\\input{/etc/passwd} \\write18{rm -rf /} $x$ _ % # & { } ~ ^ <b>*bold*</b>"
inputs = ["in_a", "x2"]
outputs = ["out_1"]

[[neuron]]
id = "h_1"
inputs = ["in_a", "x2"]
weights = [1, "-1/3"]
bias = 0.25
activation = "sign"

[[neuron]]
id = "out_1"
inputs = ["h_1", "in_a"]
weights = [2, 1]
bias = "-1/2"
activation = "step"
"""


@pytest.fixture(scope="module")
def seed():
    return derive.solve("xor")


def test_seed_golden_lines_latex(seed):
    tex = seed.render("latex")
    assert r"w_{23} &= w_{23} + \eta \, \delta_{2} \, y_{1} = -2 + 1 \cdot (-0.06179) \cdot 0.1824 = -2.011" in tex
    assert r"\delta_{2} &= y_{2} \, (1 - y_{2}) \, (d_{2} - y_{2}) = 0.2963 \cdot (1 - 0.2963) \cdot (0 - 0.2963) = -0.06179" in tex
    assert r"v_{1} &= w_{11} \, x_{1} + w_{12} \, x_{2} + b_{1} = x_{1} + x_{2} - 1.5" in tex
    assert r"x_{1} + x_{2} = 2.5" in tex            # the line the seed's answer misses
    assert "computes XOR" in tex
    assert r"\documentclass" in tex and r"\end{document}" in tex


def test_seed_golden_lines_text(seed):
    text = seed.render("text")
    assert "w[2,3] = w[2,3] + eta*delta[2]*y[1] = -2 + 1 * (-0.06179) * 0.1824 = -2.011" in text
    assert "y[1] = sigmoid(v[1]) = sigmoid(-1.5) = 0.1824" in text
    assert "0.5 < x1 + x2 <= 1.5" in text and "x1 + x2 > 2.5" in text
    assert "no 0/1 input lies in it" in text


def test_markdown_tells_the_same_story(seed):
    md = seed.render("markdown")
    assert md.startswith("# Worked solution: xor")
    assert "$$" in md and r"\begin{aligned}" in md
    assert "| $x_{1}$ | $x_{2}$ | $y_{2}$ |" in md
    assert r"-2 + 1 \cdot (-0.06179) \cdot 0.1824 = -2.011" in md


@pytest.mark.parametrize("digits,expected", [(2, "= -2.0"), (3, "= -2.01"), (6, "= -2.01127"), (10, "= -2.011271936")])
def test_digits_control_every_value(digits, expected):
    text = derive.solve("xor", digits=digits).render("text")
    line = next(l for l in text.splitlines() if l.strip().startswith("w[2,3] ="))
    assert line.endswith(expected)


def test_digits_bounds(cli):
    for bad in ("0", "31", "x"):
        r = cli("solve", "--digits", bad)
        assert r.code == 2 and "--digits" in r.err


def test_exact_values_printed_exactly():
    text = derive.solve("xor", digits=8).render("text")
    assert "= -1.5\n" in text and "-1.5000000" not in text
    assert "\\cdot 10^" not in derive.solve("xor").render("latex").replace(r"\times 10^", "")


def test_fragment_has_no_preamble(seed):
    frag = seed.render("latex", fragment=True)
    assert r"\documentclass" not in frag and r"\begin{document}" not in frag
    assert r"\section*{Worked solution: xor}" in frag


def test_jupyter_display(seed):
    assert seed._repr_markdown_().startswith("# Worked solution")
    latex = seed._repr_latex_()          # one MathJax display: no sections, no tabular
    assert latex.startswith("$$\\begin{aligned}") and latex.rstrip().endswith("\\end{aligned}$$")
    assert r"\delta_{2} &= y_{2}" in latex and "section" not in latex and "tabular" not in latex


def test_hostile_names_are_escaped():
    sol = derive.solve(loads(HOSTILE, "hostile.toml"))
    tex = sol.render("latex")
    assert r"\input{" not in tex and r"\write18" not in tex
    assert r"\textbackslash{}input\{/etc/passwd\}" in tex
    assert r"\mathit{in\_a}" in tex and r"h\_1" in tex
    md = sol.render("markdown")
    assert "<b>" not in md and r"\$x\$" in md


def test_plot_file_name_must_be_safe(cli, tmp_path):
    r = cli("solve", "--format", "latex", "--plot", "a}b\\input{x}.png")
    assert r.code == 2 and "--plot" in r.err


def _compile(tex: str, tmp_path, name="doc"):
    exe = pdflatex_or_skip()
    (tmp_path / f"{name}.tex").write_text(tex)
    r = subprocess.run([exe, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout[-3000:]
    assert (tmp_path / f"{name}.pdf").stat().st_size > 1000


@pytest.mark.latex
def test_seed_latex_with_plot_compiles(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = cli("solve", "--format", "latex", "-o", "seed.tex", "--plot", "regions.png")
    assert r.code == 0 and (tmp_path / "regions.png").stat().st_size > 5000
    tex = (tmp_path / "seed.tex").read_text()
    assert r"\includegraphics[width=0.6\linewidth]{regions.png}" in tex
    _compile(tex, tmp_path, "seed")


@pytest.mark.latex
def test_plot_is_found_from_the_document_folder(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    r = cli("solve", "--format", "latex", "-o", "out/seed.tex", "--plot", "regions.png")
    assert r.code == 0
    tex = (tmp_path / "out" / "seed.tex").read_text()
    assert "{../regions.png}" in tex
    _compile(tex, tmp_path / "out", "seed")


@pytest.mark.latex
def test_hostile_and_fragment_latex_compile(tmp_path):
    sol = derive.solve(loads(HOSTILE, "hostile.toml"))
    _compile(sol.render("latex"), tmp_path, "hostile")
    frag = derive.solve("xor").render("latex", fragment=True)
    _compile("\\documentclass{article}\\usepackage{amsmath}\\begin{document}\n" + frag + "\\end{document}\n",
             tmp_path, "fragment")
    display = derive.solve("xor")._repr_latex_()
    _compile("\\documentclass{article}\\usepackage{amsmath}\\begin{document}\n" + display + "\\end{document}\n",
             tmp_path, "display")


@pytest.mark.latex
@settings(max_examples=examples(6))
@given(st.one_of(networks(max_neurons=3, max_patterns=2), threshold_networks(max_inputs=2, max_neurons=3)))
def test_random_networks_compile(tmp_path_factory, net):
    tmp = tmp_path_factory.mktemp("tex")
    _compile(derive.solve(net).render("latex"), tmp)


def test_batch_mode_renders():
    net = derive.load("xor")
    net = replace(net, training=replace(net.training, mode="batch", steps=None, epochs=1))
    text = derive.solve(net).render("text")
    assert "Step 1: epoch 1 (batch)" in text and "summed over the epoch" in text
    assert text.count("Forward pass:") == 4
