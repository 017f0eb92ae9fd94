"""Every printed digit is certain (issue 17, item 5): the steps are recomputed at doubled
precision until every value agrees, and values that cannot be certified are not printed.

The oracle is the textbook recursion of a 1-1-1 linear network, computed here with mpmath at
3,000 digits (not through handgrad's formulas): y_h = w1 x + b1, y_o = w2 y_h + b2,
δ_o = d − y_o, δ_h = w2 δ_o, then w2 += η δ_o y_h, b2 += η δ_o, w1 += η δ_h x, b1 += η δ_h.
With w = 2, x = 2, η = 1 it diverges and each step triples the relative error: 80-digit
arithmetic printed a wrong 13th digit at step 150 and a wrong first digit from step 180."""
import mpmath
import pytest

import derive
from derive.backprop.training import run
from derive.budget import Budget
from derive.model.network import loads
from derive.model.numbers import JSON_DIGITS, to_mpf

LINEAR_111 = """
[network]
inputs = ["x1"]
outputs = ["o"]
[[neuron]]
id = "h"
inputs = ["x1"]
weights = [2]
bias = 0
activation = "linear"
[[neuron]]
id = "o"
inputs = ["h"]
weights = [2]
bias = 0
activation = "linear"
[training]
learning_rate = 1
epochs = 300
patterns = [ { x = [2], d = [1] } ]
"""


def oracle(steps: int, d=1):
    """w2 after each step, by the textbook recursion at 3,000 digits (``d``: a number, or a
    function of the context for a constant)."""
    ctx = mpmath.MPContext()
    ctx.dps = 3000
    w1, b1, w2, b2, x = (ctx.mpf(v) for v in (2, 0, 2, 0, 2))
    d = d(ctx) if callable(d) else ctx.mpf(d)
    out = []
    for _ in range(steps):
        yh = w1 * x + b1
        yo = w2 * yh + b2
        do = d - yo
        dh = w2 * do
        w2, b2, w1, b1 = w2 + do * yh, b2 + do, w1 + dh * x, b1 + dh
        out.append((ctx, w2))
    return out


def rounded(ctx, value, digits: int) -> str:
    """``value`` correctly rounded to ``digits`` significant digits, as mantissa and exponent."""
    s = ctx.nstr(value, digits, min_fixed=1, max_fixed=0, strip_zeros=False)
    mant, _, exp = s.partition("e")
    return mant + "e" + str(int(exp))


def printed(text: str) -> str:
    mant, _, exp = text.partition("e")
    return mant + "e" + str(int(exp))


def test_every_printed_digit_of_a_diverging_run_is_right():
    sol = derive.solve(loads(LINEAR_111))
    steps = sol["training"]["steps"]
    assert len(steps) == 300 and "notes" not in sol
    truth = oracle(300)
    for i in (5, 149, 179, 299):
        ctx, w2 = truth[i]
        assert printed(steps[i]["after"]["w[o,1]"]) == rounded(ctx, w2, JSON_DIGITS), i + 1


def test_steps_that_cannot_be_certified_are_left_out():
    """With a budget for only two runs (80 and 160 digits), the steps whose values the two runs
    do not agree on are left out with a note; every step kept is right."""
    net = loads(LINEAR_111)
    from derive.backprop.training import precision_cost
    two_runs = precision_cost(net.training_work(), 80) + precision_cost(net.training_work(), 160)
    sol = derive.solve(net, budget=Budget(limits={**Budget().limits, "training": two_runs}))
    steps = sol["training"]["steps"]
    assert 50 < len(steps) < 100
    assert sol["notes"] == [f"training steps {len(steps) + 1} to 300 left out: they lose digits "
                            "to rounding, and the budget allows no more than 160 digits of working "
                            "precision to certify them"]
    truth = oracle(len(steps))
    ctx, w2 = truth[-1]
    assert printed(steps[-1]["after"]["w[o,1]"]) == rounded(ctx, w2, JSON_DIGITS)


def test_the_worked_solution_prints_the_certified_values():
    digits = 12
    text = derive.solve(loads(LINEAR_111.replace("epochs = 300", "epochs = 170")), digits=digits).render("text")
    ctx, w2 = oracle(170)[-1]
    mant, exp = rounded(ctx, w2, digits).split("e")
    assert f"{mant}e{exp}" in text.replace("×10^", "e")


def test_constants_are_recomputed_at_the_certifying_precision():
    """A target of 1 + sin(π/4) is known to 100 digits; a diverging run amplifies its error past
    the 40 printed digits, and both certifying runs would agree on the same wrong value unless
    the constant is recomputed at their precision."""
    sol = derive.solve(loads(LINEAR_111.replace("d = [1]", 'd = ["1 + sin(pi/4)"]')))
    steps = sol["training"]["steps"]
    truth = oracle(300, lambda ctx: 1 + ctx.sin(ctx.pi / 4))
    for i in (99, 199, 299):
        ctx, w2 = truth[i]
        assert printed(steps[i]["after"]["w[o,1]"]) == rounded(ctx, w2, JSON_DIGITS), i + 1


#: Softmax with cross-entropy: Σ_k δ_k = 0, so a hidden unit with equal weights to both outputs
#: has δ = 0 by cancellation (its input is 0, so the weights stay equal)
CANCELLING = {"tanh": """
[network]
inputs = ["x1"]
outputs = ["2", "3"]
[[neuron]]
id = "1"
inputs = ["x1"]
weights = [1]
bias = "none"
activation = "tanh"
[[neuron]]
id = "2"
inputs = ["1"]
weights = [0.3]
bias = 0.1
activation = "softmax"
[[neuron]]
id = "3"
inputs = ["1"]
weights = [0.3]
bias = -0.2
activation = "softmax"
[training]
loss = "cross_entropy"
learning_rate = 1
epochs = 3
patterns = [ { x = [0], d = ["1/2", "1/2"] } ]
""", "leaky_relu with momentum": """
[network]
inputs = ["x1"]
outputs = ["2", "3"]
[[neuron]]
id = "1"
inputs = ["x1"]
weights = [0]
bias = "none"
activation = "leaky_relu"
[[neuron]]
id = "2"
inputs = ["1"]
weights = [0.01]
bias = "none"
activation = "softmax"
[[neuron]]
id = "3"
inputs = ["1"]
weights = [0.01]
bias = 0.01
activation = "softmax"
[training]
loss = "cross_entropy"
learning_rate = 1
epochs = 3
momentum = 0.5
patterns = [ { x = [0], d = ["1/2", "1/2"] } ]
"""}


@pytest.mark.parametrize("text", CANCELLING.values(), ids=CANCELLING)
def test_a_value_cancelled_to_zero_prints_as_zero_and_holds_back_no_step(text):
    """δ_1 = 0 by cancellation is 0.0 at 80 digits, about 1e-160 at 160: its digits are rounding
    noise, so it is not printed and does not hold the steps back; the value is 0."""
    net = loads(text)
    steps = run(net)
    assert len(steps) == 3 and not getattr(steps, "notes", None)
    for s in steps:
        assert abs(to_mpf(s.passes[0].env["delta[1]"])) < mpmath.mpf(10) ** -60
    for step in derive.solve(net)["training"]["steps"]:
        assert step["delta"]["delta[1]"] == "0" and step["change"]["dw[1,1]"] == "0"
        assert step["delta"]["delta[2]"] != "0"
