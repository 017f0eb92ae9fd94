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
    checked = 0
    for q, val in step["delta"].items():
        if not q.startswith("delta["):
            continue
        shown = plain(P.quantity(d_kind + q[5:]))
        line = next(l for l in lines if l.startswith(shown + " ="))
        assert _agrees(_last_value(line), str(DELTA_SIGN[name] * mpmath.mpf(val))), (line, val)
        checked += 1
    for q, val in step["after"].items():
        if q not in step["change"] and "d" + q not in step["change"]:
            continue                                   # a fixed parameter
        sign = BIAS_SIGN.get(name, 1) if q.startswith("b[") else 1
        shown = plain(P.quantity(("theta" + q[1:]) if sign == -1 else q))
        line = next(l for l in lines if l.startswith(shown) and ("+ 1)" in l.split("=")[0] or "->" in l or "<-" in l
                                                                  or "(tau + 1)" in l.split("=")[0]))
        assert _agrees(_last_value(line), str(sign * mpmath.mpf(val))), (line, val)
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
