"""Published worked examples, written naturally in our files (examples/), give the printed numbers."""
import mpmath
import pytest

import derive
from support import ROOT

EXAMPLES = ROOT / "examples"


def _agrees(value: str, printed: str) -> bool:
    """``value`` rounded to the digits ``printed`` shows is ``printed``."""
    unit = mpmath.mpf(10) ** (-len(printed.split(".")[1]) if "." in printed else 0)
    return abs(mpmath.mpf(value) - mpmath.mpf(printed)) <= unit / 2


def test_hagan_chapter_11():
    """Hagan et al., Neural Network Design, 2nd ed., ch. 11: loss = "sse" (F = e²), α = 0.1,
    logsig hidden, purelin output, p = 1, t = 1 + sin(π/4)."""
    sol = derive.solve(EXAMPLES / "hagan_ch11.toml")
    step = sol["training"]["steps"][0]
    printed = {"w[a2,1]": "0.171", "w[a2,2]": "-0.0772", "b[a2]": "0.732", "w[h1,1]": "-0.265",
               "w[h2,1]": "-0.420", "b[h1]": "-0.475", "b[h2]": "-0.140"}
    for q, val in printed.items():
        assert _agrees(step["after"][q], val), (q, step["after"][q], val)
    # his intermediate values: a¹ = [0.321, 0.368], a² = 0.446, e = 1.261, s² = −2.522 (δ = −s)
    assert _agrees(step["forward"]["y[h1]"], "0.321") and _agrees(step["forward"]["y[h2]"], "0.368")
    assert _agrees(step["forward"]["y[a2]"], "0.446") and _agrees(step["delta"]["e[a2]"], "1.261")
    assert _agrees(step["delta"]["delta[a2]"], "2.522") and _agrees(step["delta"]["s[a2]"], "-2.522")
    assert sol["network"]["training"]["patterns"][0]["d"] == ["1 + sin(pi/4)"]


def test_mazur_step_by_step_with_frozen_biases():
    """Mazur, "A Step by Step Backpropagation Example": total error 0.298371109 before and
    0.291027774 after the first update; w5 becomes 0.35891648; the biases never move."""
    steps = derive.solve(EXAMPLES / "mazur.toml")["training"]["steps"]
    assert _agrees(steps[0]["error"], "0.298371109")
    assert _agrees(steps[1]["error"], "0.291027774")
    assert _agrees(steps[0]["after"]["w[o1,1]"], "0.35891648")
    assert _agrees(steps[0]["after"]["w[h1,1]"], "0.149780716")
    assert all(steps[-1]["after"][b] == v for b, v in (("b[h1]", "0.35"), ("b[o2]", "0.6")))
    assert "db[h1]" not in steps[0]["change"]


#: the network files of examples/ (answers files and generate templates live there too)
NETWORKS = sorted(p for p in EXAMPLES.glob("*.toml")
                  if "[network]" in p.read_text() and "[generate]" not in p.read_text())


@pytest.mark.parametrize("path", NETWORKS, ids=lambda p: p.name)
def test_every_example_network_solves_and_renders(path):
    sol = derive.solve(path)
    assert sol.render("text") and sol.render("latex")


def test_negnevitsky_chapter_6_xor():
    """Negnevitsky, Artificial Intelligence (ch. 6), the XOR network's first step: thresholds
    θ on a fixed −1 input are bias = −θ; α = 0.1; his δ = y(1 − y) e is half_sse's."""
    step = derive.solve(EXAMPLES / "negnevitsky_xor.toml")["training"]["steps"][0]
    assert _agrees(step["forward"]["y[3]"], "0.5250") and _agrees(step["forward"]["y[4]"], "0.8808")
    assert _agrees(step["forward"]["y[5]"], "0.5097") and _agrees(step["delta"]["e[5]"], "-0.5097")
    assert _agrees(step["delta"]["delta[5]"], "-0.1274") and _agrees(step["delta"]["delta[3]"], "0.0381")
    assert _agrees(step["delta"]["delta[4]"], "-0.0147")
    printed = {"w[3,1]": "0.5038", "w[4,1]": "0.8985", "w[3,2]": "0.4038", "w[4,2]": "0.9985",
               "w[5,1]": "-1.2067", "w[5,2]": "1.0888"}
    for q, val in printed.items():
        assert _agrees(step["after"][q], val), (q, step["after"][q], val)
    for j, theta in (("3", "0.7962"), ("4", "-0.0985"), ("5", "0.3127")):
        assert _agrees(str(-mpmath.mpf(step["after"][f"b[{j}]"])), theta)
        assert _agrees(step["after"][f"theta[{j}]"], theta)          # the contract's theta[j] = -b[j]
