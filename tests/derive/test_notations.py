"""Notations: the same numbers written as each textbook writes them (derive/notations/).

Oracles: the JSON steps (computed once, independent of any notation) and each book's own
definitions, written here: Hagan's s = ∂F/∂n, Nielsen's and Bishop's δ = ∂C/∂z = ∂E/∂a are
−(Haykin's δ); Negnevitsky's threshold θ = −b."""
import json
import re
from fractions import Fraction

import mpmath
import pytest

import derive
from derive.notations import NOTATIONS
from support import ROOT

EXAMPLES = ROOT / "examples"
#: each book's δ against Haykin's δ = −∂E/∂v, from its definition
DELTA_SIGN = {"haykin": 1, "mitchell": 1, "negnevitsky": 1, "hagan": -1, "nielsen": -1, "bishop": -1}
#: each book's bias quantity against b
BIAS_SIGN = {"negnevitsky": -1}


def test_six_books_are_registered():
    assert set(NOTATIONS) == set(DELTA_SIGN)
    assert all(N.delta_sign == DELTA_SIGN[name] for name, N in NOTATIONS.items())


def _last_value(line: str) -> mpmath.mpf:
    return mpmath.mpf(line.rsplit("=", 1)[1].strip())


def _agrees(printed: mpmath.mpf, exact: str, digits: int = 4) -> bool:
    """``printed`` is ``exact`` to ``digits`` significant digits (half a unit of the last)."""
    x = mpmath.mpf(exact)
    if x == 0:
        return printed == 0
    unit = mpmath.mpf(10) ** (mpmath.floor(mpmath.log10(abs(x))) - digits + 1)
    return abs(printed - x) <= unit * 0.51


@pytest.mark.parametrize("name", sorted(NOTATIONS))
@pytest.mark.parametrize("network", ["xor", str(EXAMPLES / "hagan_ch11.toml"), str(EXAMPLES / "mazur.toml")])
def test_the_numbers_never_change_with_the_notation(name, network):
    """Every δ line and every update line of the text ends with the JSON's value, with the
    sign of the book's own quantity."""
    sol = derive.solve(network)
    step = sol["training"]["steps"][0]
    text = sol.render("text", notation=name)
    part = text.split("Step 1 (epoch 1)")[1].split("Step 2 (")[0]
    lines = [l.strip() for l in part.splitlines() if "=" in l]
    from derive.render.mathprint import Printer
    from derive.render.math import text as plain
    P = Printer(notation=NOTATIONS[name], net=sol.net.for_training())
    d_kind = "delta" if DELTA_SIGN[name] == 1 else "s"
    matrices = "matrix form, layer by layer" in text
    entries = [mpmath.mpf(x) for l in lines for vec in re.findall(r"\[([-0-9.; ]+)\]", l.rsplit("=", 1)[1])
               for x in re.split(r"[; ]+", vec.strip()) if x]

    def shows(line_start: str, expected) -> bool:
        if matrices:                     # Hagan's vectors: the value is an entry of a result
            return any(_agrees(x, str(expected)) for x in entries)
        line = next(l for l in lines if l.startswith(line_start))
        return _agrees(_last_value(line), str(expected))
    checked = 0
    for q, val in step["delta"].items():
        if not q.startswith("delta["):
            continue
        shown = plain(P.quantity(d_kind + q[5:]))
        assert shows(shown + " =", DELTA_SIGN[name] * mpmath.mpf(val)), (q, val)
        checked += 1
    for q, val in step["after"].items():
        if "d" + q not in step["change"]:
            continue                                   # a fixed parameter
        sign = BIAS_SIGN.get(name, 1) if q.startswith("b[") else 1
        shown = plain(P.quantity(("theta" + q[1:]) if sign == -1 else q))
        start = shown + ("^(tau + 1)" if name == "bishop" else " ->" if name == "nielsen" else
                         " <-" if name == "mitchell" else f"({NOTATIONS[name].update.time} + 1)")
        assert shows(start, sign * mpmath.mpf(val)), (q, val)
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize("name", sorted(NOTATIONS))
def test_json_is_the_same_in_every_notation(cli, name):
    plain = cli("solve", "xor", "--format", "json")
    noted = cli("solve", "xor", "--format", "json", "--notation", name)
    assert noted.code == 0 and noted.out == plain.out


def test_an_unknown_notation_is_one_line(cli, tmp_path):
    r = cli("solve", "xor", "--notation", "klingon")
    assert r.code == 2 and "--notation: unknown notation 'klingon' (known: bishop, hagan, haykin" in r.err
    assert r.err.count("\n") == 1
    f = tmp_path / "n.toml"
    f.write_text((ROOT / "examples" / "hagan_ch11.toml").read_text().replace(
        'name = "hagan-ch11"', 'name = "hagan-ch11"\nnotation = "hgan"'))
    r = cli("solve", str(f))
    assert r.code == 2 and "network.notation: unknown notation 'hgan'" in r.err


def test_the_file_chooses_the_notation_and_the_flag_wins(cli, tmp_path):
    f = tmp_path / "n.toml"
    f.write_text((ROOT / "examples" / "hagan_ch11.toml").read_text().replace(
        'name = "hagan-ch11"', 'name = "hagan-ch11"\nnotation = "nielsen"'))
    assert "cost" in cli("solve", str(f)).out                  # Nielsen's C
    assert "performance index" in cli("solve", str(f), "--notation", "hagan").out
    assert derive.load(str(f)).notation == "nielsen"
    assert json.loads(cli("solve", str(f), "--format", "json").out)["network"]["notation"] == "nielsen"


def test_hagan_chapter_11_in_his_matrices():
    """Hagan's printed vectors and matrices (ch. 11), to his three digits, in his matrix form."""
    text = derive.solve(EXAMPLES / "hagan_ch11.toml", digits=3).render("text", notation="hagan")
    for line in ("a^1 = f^1(n^1) = logsig([-0.75; -0.54]) = [0.321; 0.368]",
                 "a^2 = f^2(n^2) = purelin([0.446]) = [0.446]",
                 "e = t - a^2 = [1 + sin(pi/4)] - [0.446] = [1.26]",
                 "s^2 = -2*Fdot^2(n^2)*e = -2 * [1] * [1.26] = [-2.52]",
                 "= [-0.0495; 0.0997]",
                 "W^2(k + 1) = W^2(k) - alpha*s^2*(a^1)^T = [0.09 -0.17] - 0.1*[-2.52]*[0.321 0.368] = [0.171 -0.0772]",
                 "= [0.732]", "= [-0.265; -0.420]", "= [-0.475; -0.140]"):
        assert line in text, line


def test_hagan_matrix_form_only_where_the_network_has_it():
    """The seed has a connection past a layer: Hagan's symbols, neuron by neuron, and why."""
    text = derive.solve("xor").render("text", notation="hagan")
    assert "this network is not (a neuron takes an input from a layer other than the one before)" in text
    assert "w[2,3](k + 1) = w[2,3](k) - alpha*s[2]*a[1] = -2 - 1 * 0.06179 * 0.1824 = -2.011" in text


def test_negnevitsky_thresholds_in_his_order():
    """Negnevitsky's XOR step (ch. 6): Δθ = α · (−1) · δ, θ(p+1) = θ(p) + Δθ(p), his w_ij from i to j."""
    text = derive.solve(EXAMPLES / "negnevitsky_xor.toml").render("text")      # the file's notation
    for line in ("X[3] = x1*w[1,3] + x2*w[2,3] - theta[3] = 1 * 0.5 + 1 * 0.4 - 0.8 = 0.1",
                 "delta[5] = y[5]*(1 - y[5])*e[5] = 0.5097 * (1 - 0.5097) * (-0.5097) = -0.1274",
                 "dtheta[3](p) = alpha*(-1)*delta[3] = 0.1 * (-1) * 0.03812 = -0.003812",
                 "theta[3](p + 1) = theta[3](p) + dtheta[3](p) = 0.8 + (-0.003812) = 0.7962",
                 "w[3,5](p + 1) = w[3,5](p) + dw[3,5](p) = -1.2 + (-0.006687) = -1.207"):
        assert line in text, line


# --------------------------------------------------------------------------- golden pages
GOLDEN = ROOT / "tests" / "golden" / "notations"
#: (network, notation) of every golden page: the seed in every notation, and the two books'
#: own examples in their own notation (regenerate deliberately with
#: ``python -m handgrad solve NETWORK --notation X --format latex -o tests/golden/notations/STEM-X.tex``
#: and read the diff; a new notation adds its seed page here by being registered)
PAGES = [("xor", name) for name in sorted(NOTATIONS)] + [("hagan_ch11", "hagan"), ("negnevitsky_xor", "negnevitsky")]


def _page(network: str, name: str) -> str:
    source = "xor" if network == "xor" else str(EXAMPLES / f"{network}.toml")
    return derive.solve(source).render("latex", notation=name)


@pytest.mark.parametrize("network,name", PAGES)
def test_every_notation_has_a_golden_page(network, name):
    stem = "seed" if network == "xor" else network
    golden = GOLDEN / f"{stem}-{name}.tex"
    assert golden.exists(), f"no golden page {golden.name}: write it with solve --format latex and read it"
    assert _page(network, name) == golden.read_text()


@pytest.mark.parametrize("network,name", PAGES)
def test_every_golden_page_compiles_without_overfull_lines(tmp_path, network, name):
    from tests.conftest import compile_latex
    compile_latex(_page(network, name), tmp_path, f"{network}-{name}")


def test_docs_give_every_notations_symbol_table():
    doc = (ROOT / "docs" / "notations.md").read_text()
    for name, N in NOTATIONS.items():
        assert f"`{name}`" in doc, name
        assert N.book.split(",")[0] in doc, N.book
