"""Exact constants in strings (``"1 + sin(pi/4)"``): the grammar, the values (against mpmath),
the domain errors, the bounds, and printing as written."""
from fractions import Fraction

import mpmath
import pytest
from hypothesis import given, settings, strategies as st

import derive
from derive.model.constants import MAX_DEPTH, Constant
from derive.model.numbers import NumberError, exact_str, parse_number, to_mpf
from support import examples



@pytest.mark.parametrize("text,value", [
    ("1 + sin(pi/4)", lambda m: 1 + m.sin(m.pi / 4)),
    ("sqrt(2)/2", lambda m: m.sqrt(2) / 2),
    ("exp(-1)", lambda m: m.exp(-1)),
    ("e", lambda m: m.e),
    ("2*pi", lambda m: 2 * m.pi),
    ("π/3", lambda m: m.pi / 3),
    ("2^0.5", lambda m: m.sqrt(2)),
    ("2**(1/3)", lambda m: m.cbrt(2)),
    ("log(10)", lambda m: m.log(10)),
    ("ln(2) + cos(1) - tan(0.5)", lambda m: m.log(2) + m.cos(1) - m.tan(m.mpf(1) / 2)),
    ("tanh(1e-1)", lambda m: m.tanh(m.mpf(1) / 10)),
    ("-sqrt(3) / (1 + 2)", lambda m: -m.sqrt(3) / 3),
    ("1.5e-3 * pi", lambda m: m.mpf(15) / 10000 * m.pi),
])
def test_irrational_constants_to_80_digits(text, value):
    q = parse_number(text)
    assert isinstance(q, Constant)
    with mpmath.workdps(100):
        want = value(mpmath.mp)
        assert abs(mpmath.mpf(str(to_mpf(q))) - want) < mpmath.mpf(10) ** -78 * max(1, abs(want))


@pytest.mark.parametrize("text,value", [
    ("1/2 + 1/3", Fraction(5, 6)), ("sqrt(4)", Fraction(2)), ("2^-1", Fraction(1, 2)),
    ("-2^2", Fraction(-4)), ("(1-2)-(3-4)", Fraction(0)), ("2^3^2", Fraction(512)),
    ("8/4/2", Fraction(1)), ("sin(pi)", Fraction(0)), ("log(1)", Fraction(0)), ("+3", Fraction(3)),
    ("exp(0)", Fraction(1)), ("cos(pi)^2", Fraction(1)),
])
def test_rational_results_stay_fractions(text, value):
    assert parse_number(text) == value and isinstance(parse_number(text), Fraction)


@pytest.mark.parametrize("text,words", [
    ("log(0)", "log of 0: not positive"), ("1/(1-1)", "divides by zero"),
    ("sqrt(-1)", "square root of the negative number -1"), ("log(-2)", "not positive"),
    ("tan(pi/2)", "infinite"), ("1/sin(pi)", "divides by zero"), ("0^0", "undefined"),
    ("0^-1", "divides by zero"), ("(-8)^(1/3)", "not real"), ("10^10^10", "beyond 10^±400"),
    ("exp(1000)", "beyond 10^±400"), ("exp(exp(10))", "beyond 10^±400"),
    ("abc", "unknown name 'abc'"), ("1 +", "found the end"), ("2pi", "unexpected 'pi'"),
    ("sin 1", "expected '('"), ("(1", "expected ')'"), ("1)", "unexpected ')'"),
    ("__import__('os')", "is not a number"), ("1;2", "unexpected ';'"), ("x", "unknown name 'x'"),
    ("(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1), "nested more than"),
    ("-" * 30 + "1", "nested more than"), ("1 + " * 60 + "1", "number too long"),
])
def test_bad_constants_are_errors_that_say_why(text, words):
    with pytest.raises(NumberError, match=words.replace("(", r"\(").replace(")", r"\)").replace("^", r"\^")
                       .replace("+", r"\+")):
        parse_number(text)


def test_plain_numbers_keep_their_rules():
    assert parse_number("0.15") == Fraction(15, 100)
    assert parse_number("-3/2") == Fraction(-3, 2)
    assert parse_number("1e-3") == Fraction(1, 1000)
    with pytest.raises(NumberError, match="divides by zero"):
        parse_number("1/0")
    with pytest.raises(NumberError, match="not a number"):
        parse_number("nan")


def test_printed_as_written():
    q = parse_number("1 + sin(pi/4)")
    assert q.printed("text") == "1 + sin(pi/4)"
    assert q.printed("unicode") == "1 + sin(π/4)"
    assert q.printed("latex") == r"1 + \sin\left(\frac{\pi}{4}\right)"
    assert exact_str(parse_number("e^2 - 2^(1/2)")) == "E**2 - 2**(1/2)"
    assert parse_number("1 - (2 - pi)").printed() == "1 - (2 - pi)"
    assert parse_number("(2^pi)^2").printed() == "(2^pi)^2"


# random expression trees: printed in SymPy's syntax, read back, the same value
_leaf = st.sampled_from(["1", "2", "3", "0.5", "pi", "e", "7/2"])


def _grow(children):
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*"]), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        children.map(lambda a: f"sin({a})"), children.map(lambda a: f"exp({a} / 4)"),
        children.map(lambda a: f"sqrt(1 + ({a})^2)"), children.map(lambda a: f"-{a}"))


@settings(max_examples=examples(100))
@given(st.recursive(_leaf, _grow, max_leaves=6))
def test_written_back_reads_the_same_value(text):
    try:
        q = parse_number(text)
    except NumberError as e:                        # too long or too deep is fine
        assert "too long" in str(e) or "nested" in str(e) or "beyond" in str(e)
        return
    again = parse_number(exact_str(q))
    assert abs(to_mpf(again) - to_mpf(q)) <= abs(to_mpf(q)) * mpmath.mpf(10) ** -75 + mpmath.mpf(10) ** -78


NET = """
[network]
inputs = ["p"]
outputs = ["o"]

[[neuron]]
id = "o"
inputs = ["p"]
weights = ["sqrt(2)/2"]
bias = "exp(-1)"
activation = "linear"

[training]
learning_rate = 0.1
patterns = [ { x = [1], d = ["1 + sin(pi/4)"] } ]
"""


def test_a_network_keeps_its_constants_exact_where_it_prints_them():
    sol = derive.solve(derive.loads(NET))
    assert sol["network"]["neurons"][0]["weights"] == ["sqrt(2)/2"]
    assert sol["network"]["neurons"][0]["bias"] == "exp(-1)"
    step = sol["training"]["steps"][0]
    assert step["pattern"]["d"] == ["1 + sin(pi/4)"]
    with mpmath.workdps(60):
        y = mpmath.sqrt(2) / 2 + mpmath.exp(-1)
        d = 1 + mpmath.sin(mpmath.pi / 4)
        assert abs(mpmath.mpf(step["error"]) - (d - y) ** 2 / 2) < mpmath.mpf(10) ** -38
        w = mpmath.sqrt(2) / 2 + mpmath.mpf("0.1") * (d - y)
        assert abs(mpmath.mpf(step["after"]["w[o,1]"]) - w) < mpmath.mpf(10) ** -38
    text = sol.render("text")
    assert "d[o] = 1 + sin(pi/4)" in text and "sqrt(2)/2" in text
    latex = sol.render("latex")
    assert r"\frac{\sqrt{2}}{2}" in latex
    # written back as a file and read again: the same constants
    from derive.model.network import dumps
    again = derive.loads(dumps(derive.loads(NET)))
    assert again.neuron("o").weights[0] == derive.loads(NET).neuron("o").weights[0]


def test_a_threshold_network_with_an_irrational_weight_says_why_regions_are_omitted():
    net = derive.loads(NET.replace('"linear"', '"step"').split("[training]")[0])
    sol = derive.solve(net)
    assert "decision" not in sol and any("rational" in n for n in sol["notes"])
