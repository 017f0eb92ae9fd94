"""What the checker computes about a network: only the training steps the answers ask for, and
each quantity's dependencies (the quantities its verdict can depend on) as a plain transitive
walk over the formulas would find them."""
from hypothesis import given, settings
from support import examples

import derive.grading.derivation as derivation
from derive.grading.check import check_data
from derive.grading.derivation import Derivation
from derive.grading.slips import variants
from derive.model.formula import symbols
from derive.model.network import loads
from numeric.testing import networks

#: 40 online steps of a 2-2-1 sigmoid network
LONG = """
[network]
inputs = ["x1", "x2"]
outputs = ["o"]
[[neuron]]
id = "h"
inputs = ["x1", "x2"]
weights = [0.5, -0.25]
bias = 0.1
activation = "sigmoid"
[[neuron]]
id = "o"
inputs = ["h", "x2"]
weights = [1.5, 0.5]
bias = 0.2
activation = "sigmoid"
[training]
learning_rate = 0.5
epochs = 20
patterns = [ { x = [0, 1], d = [1] }, { x = [1, 1], d = [0] } ]
"""


def test_only_the_steps_asked_for_are_computed(monkeypatch):
    """Answers of steps 1 and 3 of a 40-step training: the training runs through step 3 (and
    step 2, which step 3 starts from), never through the other 37."""
    asked = []
    real = derivation.run

    def counted(net, *args, **kw):
        asked.append(net.training_updates())
        return real(net, *args, **kw)
    monkeypatch.setattr(derivation, "run", counted)
    D = Derivation(loads(LONG))
    assert D.step_count == 40 and asked == []
    r = check_data({"steps": {"1": {"v[h]": "-0.15"}, "3": {"v[h]": "1"}}}, D)
    assert [a["verdict"] for a in r["answers"]] == ["correct", "wrong"]
    assert asked == [3]
    check_data({"step": 2, "answers": {"v[h]": "0.35"}}, D)     # computed already
    assert asked == [3]
    assert len(D.steps) == 40 and asked == [3, 40]


def _walked(D: Derivation, name: str) -> set[str]:
    """The keys ``name``'s formula and its slips use, and theirs, transitively; a parameter's
    own name in a formula is its value before the step (given, not a quantity)."""
    q = D.quantities[name]
    seen, todo = set(), [q.formula] + [f for _, f in variants(D, q)]
    while todo:
        for s in symbols(todo.pop()):
            dep = D.by_key.get(s) or D.quantities.get(s)
            if dep is not None and not (dep.parameter and s == dep.name) and dep.key not in seen:
                seen.add(dep.key)
                todo.append(dep.formula)
    return seen


@settings(max_examples=examples(40), deadline=None)
@given(networks(modes=("online",), max_neurons=4, max_inputs=2))
def test_dependencies_are_the_transitive_walk(net):
    D = Derivation(net)
    for name in D.order:
        up = D.upstream(name)
        assert set(up) == _walked(D, name), name
        assert list(up) == sorted(up, key=lambda k: D.position[D.by_key[k].name])
