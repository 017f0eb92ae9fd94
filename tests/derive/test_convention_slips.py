"""The catalogue's convention slips (issue 12), planted in random networks, are diagnosed.

The slipped number is computed here from the step's exact values (the JSON's, at 80 digits)
with each convention's own formula, in mpmath: s = −δ given for δ (and δ for s), θ = −b given
for b, a step with η = 2α (or α/2), a hidden δ from the raw output error, a number cut after
its last digit. A planted number that an earlier rule of the catalogue also gives is left out
(the catalogue names the first rule that fits)."""
from dataclasses import replace

import mpmath
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from support import examples

from derive.grading.check import check_data
from derive.grading.derivation import Derivation
from derive.grading.slips import SLIPS, variants
from derive.grading.typed import read_number
from derive.model.formula import evaluate
from numeric.testing import VERSION_1, networks

mpmath.mp.dps = 60
NETS = networks(modes=("online",), max_neurons=4, max_inputs=2, activations=("sigmoid", "tanh", "linear"),
                **VERSION_1)


def _derivation(net):
    return Derivation(replace(net, training=replace(net.training, steps=1, epochs=1)))


def _written(x, digits: int) -> str:
    return mpmath.nstr(mpmath.mpf(x), digits, strip_zeros=False, min_fixed=-6, max_fixed=8)


def _truncated(x, digits: int) -> str:
    """x cut after ``digits`` significant digits (toward zero), written with those digits."""
    from decimal import ROUND_DOWN, Decimal
    d = Decimal(mpmath.nstr(mpmath.mpf(x), 50, min_fixed=-60, max_fixed=60))
    unit = Decimal(1).scaleb(d.adjusted() - digits + 1)
    return str(d.quantize(unit, rounding=ROUND_DOWN))


class _Asked:
    """An answer's sign: −1 when it was asked under a name with the sign turned (s, θ)."""
    def __init__(self, sign):
        self.sign = sign


def _earlier_explains(D, q, text: str, code: str, sign: int = 1) -> bool:
    """Does a rule before ``code`` in the catalogue that fits the answer's name give the number
    too (exact earlier values)?"""
    t = read_number(text)
    codes = [s.code for s in SLIPS]
    env = D.exact(1)
    for slip, f in variants(D, D.quantities[q]):
        if codes.index(slip.code) >= codes.index(code) or (slip.when and not slip.when(_Asked(sign))):
            continue
        try:
            if t.holds(evaluate(f, env)):
                return True
        except (KeyError, ZeroDivisionError):
            continue
    return False


def _diagnosis(D, name: str, text: str) -> dict:
    r = check_data({"answers": {name: text}}, D, digits=3)
    assert not r["errors"], r["errors"]
    return r["answers"][0]


def _visible(text: str, *others) -> bool:
    """The written number is none of ``others`` at the digits written."""
    t = read_number(text)
    return not any(t.holds(mpmath.mpf(o)) if not isinstance(o, type(t.value)) else t.holds(o) for o in others)


CODES = ("delta-sign-convention", "s-for-delta", "theta-for-b", "eta-2alpha", "hidden-raw-error", "truncated")


def test_every_convention_slip_is_a_rule_of_the_catalogue():
    codes = [s.code for s in SLIPS]
    assert set(CODES) <= set(codes)


@pytest.mark.parametrize("code", CODES)
@settings(max_examples=examples(60), deadline=None)
@given(net=NETS, data=st.data())
def test_convention_slips_planted_in_random_networks_are_diagnosed(code, net, data):
    D = _derivation(net)
    exact = D.exact(1)
    mp = {k: mpmath.mpf(str(v)) if not isinstance(v, mpmath.mpf) else v for k, v in exact.items()
          if isinstance(k, str)}
    digits = data.draw(st.integers(3, 5), label="digits")
    tnet = D.tnet
    hidden = [n.id for n in tnet.neurons if n.id not in tnet.outputs]
    assume(hidden or code not in ("s-for-delta", "hidden-raw-error"))
    j = data.draw(st.sampled_from([n.id for n in tnet.neurons]), label="neuron")
    eta = mpmath.mpf(str(tnet.training.learning_rate))
    if code == "delta-sign-convention":      # s[j] = ∂E/∂v asked, Haykin's δ = −∂E/∂v given
        name, value, right = f"s[{j}]", mp[f"delta[{j}]"], -mp[f"delta[{j}]"]
    elif code == "s-for-delta":              # δ asked (a hidden neuron), Hagan's s = −δ given
        j = data.draw(st.sampled_from(hidden), label="hidden")
        name, value, right = f"delta[{j}]", -mp[f"delta[{j}]"], mp[f"delta[{j}]"]
    elif code == "theta-for-b":              # b after the step asked, θ = −b given
        name = f"b[{j}]"
        right = mp[f"b[{j}]'"]
        value = -right
    elif code == "eta-2alpha":               # w + 2ηδy (or η/2): the factor 2 of ½ e² against e²
        n = tnet.neuron(j)
        k = data.draw(st.integers(1, len(n.inputs)), label="input")
        src = n.inputs[k - 1]
        y_src = mp[f"y[{src}]"] if tnet.is_neuron(src) else mpmath.mpf(str(exact[src]))
        c = data.draw(st.sampled_from([2, mpmath.mpf(1) / 2]), label="factor")
        name = f"w[{j},{k}]"
        right = mp[f"w[{j},{k}]'"]
        value = mpmath.mpf(str(D.before(1)[name])) + c * eta * mp[f"delta[{j}]"] * y_src
    elif code == "hidden-raw-error":         # δ_j = φ′(v_j) Σ_k e_k: the raw error, no weights
        j = data.draw(st.sampled_from(hidden), label="hidden")
        name = f"delta[{j}]"
        right = mp[name]
        value = mp[f"dphi[{j}]"] * sum(mp[f"e[{o}]"] for o in tnet.outputs)
    else:                                    # any quantity, cut instead of rounded
        name = data.draw(st.sampled_from([q for q in D.order if q.startswith(("v[", "y[", "delta[", "w[", "b["))]),
                         label="quantity")
        key = D.quantities[name].key
        right = mp[key]
        assume(right != 0)
        text = _truncated(right, digits)
        assume(text != _written(right, digits))
        a = _diagnosis(D, name, text)
        assume(not _earlier_explains(D, name, text, code))
        assert (a["verdict"], a["diagnosis"]) == ("wrong", "truncated"), a
        return
    text = _written(value, digits)
    assume(_visible(text, right))                        # not the right value at these digits
    if name.startswith(("w[", "b[")):                   # the update shows at these digits
        assume(_visible(text, mpmath.mpf(str(D.before(1)[name]))))
    shown = text if not name.startswith("s[") else _written(-value, digits)
    assume(not _earlier_explains(D, name if not name.startswith("s[") else f"delta[{j}]",
                                 text if not name.startswith("s[") else shown, code,
                                 -1 if name.startswith("s[") else 1))
    a = _diagnosis(D, name, text)
    assert (a["verdict"], a["diagnosis"]) == ("wrong", code), (name, text, a)


def test_the_readme_names_every_slip():
    from support import ROOT
    readme = (ROOT / "README.md").read_text()
    missing = [s.code for s in SLIPS if f"`{s.code}`" not in readme and not s.code.startswith("error-")]
    assert not missing, missing
