"""The one ordered list of a step's quantities (``Formulas.step_quantities``) that the JSON, the
checker, the answer template and the renderer read."""
from fractions import Fraction

import pytest
from hypothesis import given, settings

import derive
from derive.model.numbers import MP, to_mpf
from derive.backprop.quantities import Formulas
from derive.backprop.training import run, step_json, trained_network
from derive.model.formula import evaluate
from derive.model.names import group, meaning, parse, previous
from numeric.testing import networks
from support import examples


def test_seed_order_is_the_order_a_student_computes():
    tnet, F = trained_network(derive.load("xor"))
    assert list(F.step_quantities()) == [
        "v[1]", "y[1]", "v[2]", "y[2]", "E", "e[2]", "dphi[2]", "delta[2]", "dphi[1]", "delta[1]",
        "grad_w[1,1]", "grad_w[1,2]", "grad_b[1]", "grad_w[2,1]", "grad_w[2,2]", "grad_w[2,3]", "grad_b[2]",
        "dw[1,1]", "dw[1,2]", "db[1]", "dw[2,1]", "dw[2,2]", "dw[2,3]", "db[2]",
        "w[1,1]", "w[1,2]", "b[1]", "w[2,1]", "w[2,2]", "w[2,3]", "b[2]"]


def test_groups_run_in_the_contract_order():
    tnet, F = trained_network(derive.load("xor"))
    order = ["forward", "error", "delta", "gradient", "change", "after"]
    groups = [group(q) for q in F.step_quantities()]
    assert groups == sorted(groups, key=order.index)


@settings(max_examples=examples(40))
@given(networks(max_neurons=5, steps=2, modes=("online",)))
def test_evaluating_in_order_gives_the_steps_values(net):
    """Each formula needs only names before it (plus the pattern, the parameters before the
    update, η and the momentum state), and the values are the training run's."""
    tnet, F = trained_network(net)
    steps = run(net, (tnet, F))
    t = net.training
    prev = {previous(q): Fraction(0) for q in steps[0].changes} if t.momentum is not None else {}
    for s in steps:
        ps = s.passes[0]
        env = {k: val for k, val in ps.env.items()
               if k in s.before or k in tnet.inputs or k.startswith("d[") or k in ("eta", "alpha")}
        assert {k: ps.env[k] for k in prev} == prev      # the momentum state: the last changes
        env.update(prev)
        with MP.workdps(steps.dps):             # the precision the run certified its values at
            for q, f in F.step_quantities().items():
                env[q if parse(q)[0] not in ("w", "b") else "after " + q] = evaluate(f, env)
        def same(computed, val):      # the run sets a value cancelled to 0 by rounding to 0
            return computed == val or (val == 0 and abs(to_mpf(computed)) < MP.mpf(10) ** (30 - steps.dps))
        for q, val in s.after.items():
            assert same(env["after " + q], val)
        for q, val in {**s.changes, **s.gradient, **ps.group("delta"), **ps.group("forward")}.items():
            assert same(env[q], val), q
        if t.momentum is not None:
            prev = {previous(q): val for q, val in s.changes.items()}


_XOR_FIXED = (open(derive.__path__[0] + "/builtins/xor.toml").read()
              .replace("steps = 1", 'steps = 1\nfixed = ["b[1]", "b[2]"]'))


def test_fixed_parameters_keep_their_value_and_have_no_change():
    net = derive.loads(_XOR_FIXED)
    steps = run(net)
    assert steps[0].after["b[1]"] == Fraction(-3, 2) and steps[0].after["b[2]"] == Fraction(-1, 2)
    assert "db[1]" not in steps[0].changes and "dw[2,3]" in steps[0].changes
    js = step_json(net.for_training(), steps[0])
    assert list(js) == ["index", "epoch", "pattern", "forward", "error", "delta", "gradient", "change", "after"]
    assert "grad_b[1]" in js["gradient"]          # the gradient exists; the update ignores it



@pytest.mark.parametrize("name,words", [("delta[2]", "local gradient of neuron 2"),
                                        ("grad_w[2,3]", "dE/dw of weight w[2,3]"),
                                        ("dw[h1,1]", "change of weight w[h1,1] at this step")])
def test_meaning_of_names(name, words):
    assert meaning(name) == words


def test_formulas_of_a_network_without_training_are_the_default_loss():
    F = Formulas(derive.load("xor").for_training())
    assert F.loss.name == "half_sse"
