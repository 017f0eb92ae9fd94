"""The worked solution in every format: golden LaTeX of the seed, the seed's numbers, digits,
escaping, typography rules, one handler per block and backend, and documents that compile with
no overfull line."""
import re
from fractions import Fraction
from dataclasses import dataclass, replace

import pytest
from hypothesis import example, given, settings, strategies as st
from support import ROOT, examples

import derive
from derive.model.network import from_dict, loads
from derive.render import MissingHandler, render_blocks
from derive.render.backends import backend
from derive.render.blocks import Block, Equations, Figure, Heading, Items, Para, Region, Table, Title
from derive.render.math import Mi, Mn, Mo, row
from numeric.testing import networks, threshold_networks
from tests.conftest import compile_fragments, compile_latex

GOLDEN = ROOT / "tests" / "golden" / "seed.tex"
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
NETWORK_FILES = sorted((ROOT / "examples").glob("*.toml")) + sorted((ROOT / "tests" / "golden" / "v1").glob("*.toml"))


def _is_network(p) -> bool:
    try:
        derive.load(str(p))
        return True
    except Exception:            # answers files, generate templates
        return False


NETWORK_FILES = list({p.read_text(): p for p in NETWORK_FILES if _is_network(p)}.values())


@pytest.fixture(scope="module")
def seed():
    return derive.solve("xor")


def test_seed_latex_is_golden(seed):
    """The whole seed document, as recorded (regenerate deliberately with
    ``python -m handgrad solve --format latex -o tests/golden/seed.tex`` and read the diff)."""
    assert seed.render("latex") == GOLDEN.read_text()


def test_seed_numbers_latex(seed):
    """The seed's part (c) numbers (Haykin's rules computed by hand in the seed's answer)."""
    tex = seed.render("latex")
    assert r"w_{23}(n + 1) &= w_{23}(n) + \eta\,\delta_{2}\,y_{1} = -2 + 1 \cdot (-0.06179) \cdot 0.1824 = -2.011" in tex
    assert r"\delta_{2} &= y_{2}\,(1 - y_{2})\,(d_{2} - y_{2}) = 0.2963 \cdot (1 - 0.2963) \cdot (0 - 0.2963) = -0.06179" in tex
    assert r"v_{1} &= w_{11}\,x_{1} + w_{12}\,x_{2} + b_{1} = x_{1} + x_{2} - 1.5" in tex
    assert r"x_{1} + x_{2} = 2.5" in tex            # the line the seed's answer misses
    assert "computes XOR" in tex
    assert r"\documentclass" in tex and r"\end{document}" in tex


def test_seed_numbers_text(seed):
    text = seed.render("text")
    assert "w[2,3](n + 1) = w[2,3](n) + eta*delta[2]*y[1] = -2 + 1 * (-0.06179) * 0.1824 = -2.011" in text
    assert "y[1] = sigmoid(v[1]) = sigmoid(-1.5) = 0.1824" in text
    assert "0.5 < x1 + x2 <= 1.5" in text and "x1 + x2 > 2.5" in text
    assert "no binary input lies in it" in text


def test_markdown_tells_the_same_story(seed):
    md = seed.render("markdown", figures=False)
    assert md.startswith("# Worked solution: xor")
    assert "$$" in md and r"\begin{aligned}" in md
    assert "| $x_{1}$ | $x_{2}$ | $y_{2}$ |" in md
    assert r"-2 + 1 \cdot (-0.06179) \cdot 0.1824 = -2.011" in md


@pytest.mark.parametrize("digits,expected", [(2, "= -2.0"), (3, "= -2.01"), (6, "= -2.01127"), (10, "= -2.011271936")])
def test_digits_control_every_value(digits, expected):
    text = derive.solve("xor", digits=digits).render("text")
    line = next(l for l in text.splitlines() if l.strip().startswith("w[2,3](n + 1) ="))
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


def test_updates_never_have_the_same_symbol_on_both_sides(seed):
    """w_ji(n+1) = w_ji(n) + Δw_ji(n), never w = w + …"""
    for line in seed.render("latex").splitlines():
        m = re.match(r"([wb]_\{\w+\}) &= ", line)
        assert m is None or not line.split("&=")[1].lstrip().startswith(m.group(1)), line


# --------------------------------------------------------------------------- typography
def _outside_text(tex: str) -> str:
    """The LaTeX with every \\text{…} group removed (balanced braces)."""
    out, i = [], 0
    while i < len(tex):
        if tex.startswith(r"\text{", i):
            depth, i = 1, i + 6
            while depth:
                depth += {"{": 1, "}": -1}.get(tex[i], 0) if tex[i - 1] != "\\" else 0
                i += 1
            out.append("T")                  # a place holder: $\text{…}$ stays inline math
            continue
        out.append(tex[i])
        i += 1
    return "".join(out)


def _math(tex: str) -> list[str]:
    """Every piece of math: $…$ and the displays."""
    tex = tex.replace("\\\\", "\n")          # a line break is not an escaped $
    displays = [d for _, d in re.findall(r"\\begin\{(align\*|aligned)\}(.*?)\\end\{\1\}", tex, re.S)]
    tex = re.sub(r"\$\$.*?\$\$", "", tex, flags=re.S)
    tex = re.sub(r"\\begin\{(align\*|aligned)\}(.*?)\\end\{\1\}", "", tex, flags=re.S)
    return displays + re.findall(r"(?<!\\)\$(.+?)(?<!\\)\$", tex, re.S)


def _typography_ok(tex: str):
    bare = _outside_text(tex)
    for piece in _math(bare):
        words = re.findall(r"(?<![\\A-Za-z])(and|or)(?![A-Za-z])", piece)
        assert not words, f"a word in math outside \\text: {piece[:200]}"
    assert "<=" not in tex and ">=" not in tex, "inequalities are written \\le and \\ge"


@pytest.mark.parametrize("path", NETWORK_FILES, ids=lambda p: p.stem)
def test_no_words_or_ascii_relations_in_math(path):
    sol = derive.solve(str(path))
    _typography_ok(sol.render("latex"))
    _typography_ok(sol.render("markdown", figures=False))


@settings(max_examples=examples(30))
@given(threshold_networks(max_inputs=3, max_neurons=5))
def test_no_words_in_math_on_random_threshold_networks(net):
    _typography_ok(derive.solve(net).render("latex", figures=False))


def test_no_blank_line_before_a_display(seed):
    tex = seed.render("latex")
    assert not re.search(r"\n\s*\n\\begin\{align\*\}", tex)


def test_long_expressions_are_broken():
    """skip_mixed's composed output is wider than the page: it is broken over rows."""
    tex = derive.solve(str(ROOT / "examples" / "skip_mixed.toml")).render("latex")
    block = tex[tex.index("in terms of its inputs"):]
    block = block[:block.index(r"\end{align*}")]
    assert block.count(r"\\") >= 1


# --------------------------------------------------------------------------- blocks and backends
BLOCKS = [Title("t"), Heading(("h", Mi("x")),), Para(("p ", Mn("1"))), Items((("i",),)),
          Equations(((Mi("a"), (Mn("1"),)),)), Region((row(Mi("x"), Mo(">"), Mn("0")),)),
          Table((Mi("x"),), ((Mn("0"),),))]


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "html", "mathjax"])
def test_every_block_has_a_handler_in_every_backend(fmt):
    be = backend(fmt)
    kinds = {Title, Heading, Para, Items, Equations, Region, Table, Figure}
    assert kinds <= set(be.handlers), f"{fmt}: no handler for {kinds - set(be.handlers)}"
    for b in BLOCKS:
        be.block(b)


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "html"])
def test_a_block_without_handler_is_an_error(fmt):
    @dataclass(frozen=True)
    class Unknown(Block):
        x: int = 1
    with pytest.raises(MissingHandler):
        render_blocks([Para(("a",)), Unknown()], fmt)


def test_render_blocks_public_api():
    blocks = [Heading(("Feedback",)), Para(("Your ", Mi("v"), " is ", Mn("1"), "."))]
    assert "<math>" in render_blocks(blocks, "html", title="x")
    assert "$v$" in render_blocks(blocks, "latex", standalone=False)
    assert "Your v is 1." in render_blocks(blocks, "text")


def test_jupyter_latex_carries_what_markdown_does(seed):
    latex = seed._repr_latex_()          # one MathJax display: no sections, no tabular
    assert latex.startswith("$$\\begin{aligned}") and latex.rstrip().endswith("\\end{aligned}$$")
    assert r"\delta_{2} &= y_{2}" in latex and "section" not in latex and "tabular" not in latex
    assert r"\begin{array}" in latex and r"x_{1} + x_{2} = 2.5" in latex      # truth table, lines
    assert "computes XOR" in latex                                          # the function's name


def test_jupyter_html(seed):
    html = seed._repr_html_()
    assert html.startswith('<div class="handgrad">') and "<svg" in html and "<script" not in html


def test_hostile_names_are_escaped():
    sol = derive.solve(loads(HOSTILE, "hostile.toml"))
    tex = sol.render("latex")
    assert r"\input{" not in tex and r"\write18" not in tex
    assert r"\textbackslash{}input\{/etc/passwd\}" in tex
    assert r"\mathit{in\_a}" in tex and r"h\_1" in tex
    md = sol.render("markdown")
    assert "<b>" not in md and r"\$x\$" in md
    html = sol.render("html")
    assert "<b>*bold*" not in html and "&lt;b&gt;" in html


def test_picture_file_name_must_be_safe(cli):
    for opt in ("--plot", "--diagram"):
        r = cli("solve", "--format", "latex", opt, "a}b\\input{x}.png")
        assert r.code == 2 and opt in r.err


def test_batch_mode_renders():
    net = derive.load("xor")
    net = replace(net, training=replace(net.training, mode="batch", steps=None, epochs=1))
    text = derive.solve(net).render("text")
    assert "Step 1: epoch 1 (batch)" in text and "summed over the patterns" in text
    assert text.count("The forward pass:") == 4


def test_pictures_as_files(cli, tmp_path):
    r = cli("solve", "--diagram", tmp_path / "n.svg", "--plot", tmp_path / "r.svg", "-o", tmp_path / "s.txt")
    assert r.code == 0
    for name in ("n.svg", "r.svg"):
        assert (tmp_path / name).read_text().lstrip().startswith("<?xml")
    r = cli("solve", "--diagram", tmp_path / "n.png", "-o", tmp_path / "s.txt")
    assert r.code == 0 and (tmp_path / "n.png").read_bytes()[:4] == b"\x89PNG"


# --------------------------------------------------------------------------- compiling
@pytest.mark.latex
def test_every_example_compiles_without_overfull_lines(tmp_path):
    """All the example networks in one document (one pdflatex run), each a fragment."""
    from derive.render.backends.latex import PREAMBLE
    bodies = [derive.solve(str(p)).render("latex", fragment=True) for p in NETWORK_FILES]
    compile_latex(PREAMBLE + "\\begin{document}\n" + "\n\\clearpage\n".join(bodies) + "\\end{document}\n",
                  tmp_path)


@pytest.mark.latex
def test_seed_and_pictures_compile(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = cli("solve", "--format", "latex", "-o", "seed.tex", "--plot", "regions.png")
    assert r.code == 0 and (tmp_path / "regions.png").stat().st_size > 5000
    tex = (tmp_path / "seed.tex").read_text()
    assert tex.count(r"\begin{tikzpicture}") == 3          # network, regions, step 1
    compile_latex(tex, tmp_path, "seed")


@pytest.mark.latex
def test_hostile_fragment_and_display_compile(tmp_path):
    sol = derive.solve(loads(HOSTILE, "hostile.toml"))
    compile_latex(sol.render("latex"), tmp_path, "hostile")
    compile_fragments([derive.solve("xor").render("latex", fragment=True)], tmp_path, "fragment")
    compile_fragments([derive.solve("xor")._repr_latex_()], tmp_path, "display")


#: Hypothesis's find: one sigmoid unit, no bias, its only weight fixed — nothing to update
NOTHING_TO_UPDATE = """
[network]
inputs = ["x1"]
outputs = ["1"]
[[neuron]]
id = "1"
inputs = ["x1"]
weights = [0]
bias = "none"
activation = "sigmoid"
[training]
learning_rate = 1
loss = "cross_entropy"
fixed = ["w[1,1]"]
patterns = [ { x = [0], d = [0] } ]
"""
#: a tanh hidden unit (Nielsen's (a^l_j)^2 in its φ'), every parameter fixed, batch with momentum
ALL_FIXED = """
[network]
inputs = ["x1", "x2"]
outputs = ["o"]
[[neuron]]
id = "h"
inputs = ["x1", "x2"]
weights = [0.5, -0.25]
bias = 0.1
activation = "tanh"
[[neuron]]
id = "o"
inputs = ["h"]
weights = [1.5]
bias = 0.2
activation = "sigmoid"
[training]
learning_rate = 1
mode = "batch"
momentum = 0.5
fixed = ["w[h,1]", "w[h,2]", "b[h]", "w[o,1]", "b[o]"]
patterns = [ { x = [0, 1], d = [1] }, { x = [1, 1], d = [0] } ]
"""


@pytest.mark.parametrize("text", [NOTHING_TO_UPDATE, ALL_FIXED], ids=["one-unit", "all-fixed"])
def test_nothing_to_update_is_said_in_every_format_and_notation(text):
    """No update rule, no empty display: one sentence where the updates would be."""
    from derive.notations import NOTATIONS
    from derive.render import FORMATS
    sol = derive.solve(loads(text))
    for name in NOTATIONS:
        for fmt in FORMATS:
            out = sol.render(fmt, notation=name)
            where = f"{name}, {fmt}"
            assert out.count("Nothing is updated: every parameter is fixed.") == len(sol.steps), where
            assert "The updates" not in out and "(the update)" not in out, where
            assert not re.search(r"\\begin\{(align\*|aligned)\}\s*\\end", out), where
            assert not re.search(r"<math[^>]*>\s*(<mtable[^>]*>\s*</mtable>\s*)?</math>", out), where
            assert not re.search(r"\^\{[^{}]*\}\^", out), where          # no double superscript


@pytest.mark.latex
def test_nothing_to_update_compiles_in_every_notation(tmp_path):
    from derive.notations import NOTATIONS
    compile_fragments([derive.solve(loads(text)).render("latex", fragment=True, notation=name)
                       for text in (NOTHING_TO_UPDATE, ALL_FIXED) for name in NOTATIONS], tmp_path)


#: Hagan's F = e² on a linear output, with a linear hidden unit: φ' = 1 everywhere
LINEAR_SSE = """
[network]
inputs = ["x1"]
outputs = ["o"]
[[neuron]]
id = "h"
inputs = ["x1"]
weights = [0.5]
bias = 0.25
activation = "linear"
[[neuron]]
id = "o"
inputs = ["h"]
weights = [1.5]
bias = 0.5
activation = "linear"
[training]
learning_rate = 0.1
loss = "sse"
patterns = [ { x = [2], d = [0.75] } ]
"""


def test_a_unit_derivative_is_not_written_as_a_factor():
    """δ_o = 2 (d − y) φ'(v) with φ' = 1 reads δ_o = 2 (d − y) = 2 · (0.75 − 1.625), as a book
    writes it, not 1 · 2 (d − y); δ_h = δ_o w, not 1 · δ_o w — in every format and notation."""
    from derive.notations import NOTATIONS
    y_h = Fraction(1, 2) * 2 + Fraction(1, 4)
    y_o = Fraction(3, 2) * y_h + Fraction(1, 2)
    d_o = 2 * (Fraction(3, 4) - y_o)                       # -3.25
    sol = derive.solve(loads(LINEAR_SSE))
    text = sol.render("text")
    assert f"delta[o] = 2*(d[o] - y[o]) = 2 * (0.75 - {float(y_o)}) = {float(d_o)}" in text
    assert f"delta[h] = delta[o]*w[o,1] = {float(d_o)} * 1.5 = {float(d_o * Fraction(3, 2))}" in text
    for name in NOTATIONS:
        for fmt in ("text", "latex", "html"):
            out = sol.render(fmt, notation=name)
            assert not re.search(r"(^|[=(] ?)1 ?(\*|\\cdot) ?2", out, re.M), (name, fmt)
            assert "<mn>1</mn><mo>⋅</mo>" not in out and "<mn>1</mn><mo>⁢</mo>" not in out, (name, fmt)


@st.composite
def layered(draw, max_neurons=10):
    """Fully connected layered networks (the hidden-unit networks of a course), up to
    ``max_neurons`` neurons, smooth activations and one training step."""
    n_in = draw(st.integers(1, 4))
    sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3).filter(lambda s: sum(s) < max_neurons))
    sizes.append(draw(st.integers(1, min(2, max_neurons - sum(sizes)))))
    inputs = [f"x{i + 1}" for i in range(n_in)]
    prev, neurons, k = inputs, [], 0
    for li, size in enumerate(sizes):
        layer = []
        for _ in range(size):
            k += 1
            nid = draw(st.sampled_from([str(k), f"h{k}", f"unit_{k}"]))
            layer.append(nid)
            neurons.append({"id": nid, "inputs": prev, "bias": draw(st.sampled_from(["0.1", "-1/3", "2.5"])),
                            "weights": [draw(st.sampled_from(["0.5", "-0.25", "1.5", "-2"])) for _ in prev],
                            "activation": draw(st.sampled_from(["sigmoid", "tanh", "relu", "linear"]))})
        prev = layer
    pats = [{"x": ["0.5"] * n_in, "d": ["1"] * len(prev)}]
    return from_dict({"network": {"name": "layered", "inputs": inputs, "outputs": prev}, "neuron": neurons,
                      "training": {"learning_rate": "0.5", "patterns": pats,
                                   "mode": draw(st.sampled_from(["online", "batch"]))}}, "<layered>")


@pytest.mark.latex
@settings(max_examples=examples(20))
@given(st.one_of(layered(), networks(max_neurons=10, max_patterns=2), threshold_networks(max_inputs=3, max_neurons=5)))
@example(net=loads(NOTHING_TO_UPDATE))
def test_random_networks_compile_without_overfull_lines(tmp_path_factory, net):
    compile_latex(derive.solve(net).render("latex"), tmp_path_factory.mktemp("tex"))


def test_a_network_too_large_to_draw_is_refused_before_anything_is_written(cli, tmp_path):
    net = tmp_path / "wide.toml"
    net.write_text(_wide(45))
    r = cli("solve", net, "--diagram", tmp_path / "n.svg", "-o", tmp_path / "s.txt")
    assert r.code == 2 and "--diagram" in r.err and "too large to draw" in r.err
    assert not (tmp_path / "n.svg").exists() and not (tmp_path / "s.txt").exists()


# --------------------------------------------------------------------------- long solutions
def _wide(hidden: int, inputs: int = 8, mode: str = "online") -> str:
    lines = ["[network]", 'name = "wide"', "inputs = [" + ", ".join(f'"x{i}"' for i in range(inputs)) + "]",
             'outputs = ["o"]']
    for j in range(hidden):
        lines += ["[[neuron]]", f'id = "h{j}"', "inputs = [" + ", ".join(f'"x{i}"' for i in range(inputs)) + "]",
                  "weights = [" + ", ".join(f'"{(i * 7 + j * 3) % 11 - 5}/10"' for i in range(inputs)) + "]",
                  'bias = "0.1"', 'activation = "tanh"']
    lines += ["[[neuron]]", 'id = "o"', "inputs = [" + ", ".join(f'"h{j}"' for j in range(hidden)) + "]",
              "weights = [" + ", ".join(f'"{(j % 5) - 2}/10"' for j in range(hidden)) + "]", "bias = 0",
              'activation = "sigmoid"', "[training]", "learning_rate = 0.5", f'mode = "{mode}"',
              "patterns = [ { x = [" + ", ".join("1" for _ in range(inputs)) + "], d = [1] },"
              " { x = [" + ", ".join("0" for _ in range(inputs)) + "], d = [0] } ]"]
    return "\n".join(lines) + "\n"


def test_a_long_solution_is_the_rules_once_and_the_values_as_tables():
    """30 hidden units: no line-by-line fields or updates, a table of every neuron's v, y, δ
    and of every parameter before, change, after — each value the JSON's, rounded."""
    sol = derive.solve(loads(_wide(30), "wide.toml"))
    text = sol.render("text")
    assert "v[h0] = w[h0,1]" not in text and text.count("(n + 1) = ") == 1      # the rule, once
    step = sol["training"]["steps"][0]
    from derive.model.numbers import parse_decimal, text_number
    for q in ("w[o,7]", "b[h29]", "w[h3,2]"):
        after = text_number(parse_decimal(step["after"][q]), 4)
        assert any(line.split()[:1] == [q] and line.split()[-1] == after for line in text.splitlines()), q
    for n in ("h5", "o"):
        want = [text_number(parse_decimal(step[g][k]), 4) for g, k in (("forward", f"v[{n}]"), ("forward", f"y[{n}]"),
                                                                      ("delta", f"delta[{n}]"))]
        assert any(line.split() == [n] + want for line in text.splitlines()), n
    for fmt in ("latex", "markdown", "html"):
        assert len(sol.render(fmt)) < 200_000


def test_the_tables_stop_at_the_row_bound(monkeypatch):
    import derive.render.values as values
    monkeypatch.setattr(values, "MAX_TABLE_ROWS", 50)
    text = derive.solve(loads(_wide(30), "wide.toml")).render("text")
    assert "more rows, left out here (at most 50 table rows a document)" in text


@pytest.mark.latex
def test_a_long_solution_compiles(tmp_path):
    compile_latex(derive.solve(loads(_wide(30, mode="batch"), "wide.toml")).render("latex"), tmp_path)
