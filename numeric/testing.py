"""A kit for property tests of your own: random valid networks, and a four-way gradient check.

    from hypothesis import given
    from numeric.testing import networks, assert_gradients_agree

    @given(networks())
    def test_my_gradients(net):
        assert_gradients_agree(net)
"""
from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from derive.model.activations import ACTIVATIONS
from derive.model.losses import LOSSES
from derive.model.momentum import FORMS
from derive.model.network import Network, from_dict

#: every activation gradient training accepts (elementwise ones; softmax is drawn as an output
#: layer), and every threshold activation: read from the registry, so a new one is drawn too
SMOOTH = tuple(n for n, c in ACTIVATIONS.items() if c.kind != "threshold" and not c.group)
THRESHOLD = tuple(n for n, c in ACTIVATIONS.items() if c.kind == "threshold")
GROUPS = tuple(n for n, c in ACTIVATIONS.items() if c.group)


def _decimal(lo, hi, places: int):
    """Exact decimals in [lo, hi] with ``places`` digits after the point, as TOML-like strings."""
    scale = 10**places
    lo, hi = Fraction(lo), Fraction(hi)
    return st.integers(int(-(-lo * scale // 1)), int(hi * scale // 1)).map(lambda n: str(Fraction(n, scale)))


#: ``networks(**VERSION_1)`` draws only what version 1 files could say: the default loss, no
#: softmax, no activation parameters, no momentum, every bias present, nothing fixed
VERSION_1 = dict(losses=("half_sse",), groups=(), parameters=False, momentum=False, no_bias=False,
                 fixed=False)


@st.composite
def _activation(draw, name: str, parameters: bool):
    """A name, or with ``parameters`` sometimes a table with parameters from the class's ranges."""
    cls = ACTIVATIONS[name]
    if not parameters or not cls.ranges or not draw(st.booleans()):
        return name
    return {"name": name, **{k: draw(_decimal(lo, hi, 2)) for k, (lo, hi) in cls.ranges.items()}}


@st.composite
def networks(draw, activations=SMOOTH, min_inputs=1, max_inputs=3, max_neurons=5, max_outputs=2,
             training=True, modes=("online", "batch"), max_patterns=3, weight_bound=1,
             input_bound=1, weights=None, skip=True, losses=tuple(LOSSES), groups=GROUPS,
             softmax=None, parameters=True, momentum=True, no_bias=True, fixed=True, steps=1) -> Network:
    """Random feed-forward networks (DAGs with skip connections, shuffled file order).

    Weights are decimals in ±``weight_bound`` and pattern inputs in ±``input_bound`` (two
    decimal places), so no sigmoid or tanh saturates. Activations are drawn from
    ``activations``, with their parameters (``parameters``) from each class's ``ranges``; the
    sinks may form a softmax output layer (``groups``; ``softmax`` True always, with a second
    sink added where needed, False never). With ``training`` a ``[training]`` table is added: a
    loss from ``losses`` (cross-entropy makes the outputs sigmoid or softmax and the targets
    valid for it), 1..``max_patterns`` patterns, ``steps`` updates, and with ``momentum``,
    ``no_bias`` and ``fixed`` sometimes momentum (either form; a form's name: always that
    one), neurons without bias and fixed parameters.
    """
    n_in = draw(st.integers(min_inputs, max_inputs))
    inputs = [f"x{i + 1}" for i in range(n_in)]
    n = draw(st.integers(1, max_neurons))
    ids = [str(i + 1) for i in range(n)]
    wstrat = _decimal(-weight_bound, weight_bound, 2) if weights is None else weights
    neurons = []
    for i, nid in enumerate(ids):
        # without skip connections a neuron sees only the layer just before it
        candidates = inputs + ids[:i] if skip else (ids[i - 1:i] or inputs)
        k = draw(st.integers(1, min(len(candidates), 4)))
        chosen = draw(st.permutations(candidates))[:k]
        if i > 0 and skip and ids[i - 1] not in chosen and draw(st.booleans()):
            chosen = [ids[i - 1]] + chosen[:3]
        bias = "none" if no_bias and training and draw(st.integers(0, 5)) == 0 else draw(wstrat)
        neurons.append({"id": nid, "inputs": list(chosen),
                        "weights": [draw(wstrat) for _ in chosen], "bias": bias,
                        "activation": draw(_activation(draw(st.sampled_from(activations)), parameters))})
    consumed = {s for nrn in neurons for s in nrn["inputs"]}
    sinks = [nid for nid in ids if nid not in consumed]
    if softmax and groups and len(sinks) < 2:       # a second sink, reading what the first reads
        nid = str(n + 1)
        ids.append(nid)
        first = next(nrn for nrn in neurons if nrn["id"] == sinks[0])
        neurons.append({"id": nid, "inputs": list(first["inputs"]),
                        "weights": [draw(wstrat) for _ in first["inputs"]], "bias": draw(wstrat),
                        "activation": first["activation"]})
        sinks.append(nid)
        n += 1
    extra = draw(st.lists(st.sampled_from(ids), max_size=max_outputs, unique=True))
    outputs = list(dict.fromkeys(sinks + extra))[:max(max_outputs, len(sinks))]
    loss = draw(st.sampled_from(losses)) if training and losses else "half_sse"
    group = (draw(st.sampled_from(groups)) if groups and len(sinks) >= 2 and softmax is not False
             and (softmax or draw(st.booleans())) else None)
    if group is not None:                      # a softmax layer: the sinks, and only they
        outputs = sinks
        for nrn in neurons:
            if nrn["id"] in sinks:
                nrn["activation"] = group
    elif loss == "cross_entropy":              # binary cross-entropy needs sigmoid outputs
        for nrn in neurons:
            if nrn["id"] in outputs:
                nrn["activation"] = draw(_activation("sigmoid", parameters))
    order = draw(st.permutations(range(n)))
    data = {"network": {"name": "random", "inputs": inputs, "outputs": outputs},
            "neuron": [neurons[i] for i in order]}
    if training:
        xs = _decimal(-input_bound, input_bound, 2)
        k = len(outputs)
        if loss == "cross_entropy" and group is not None:      # a distribution over the layer
            d = st.lists(st.integers(1, 9), min_size=k, max_size=k).map(
                lambda c: [str(Fraction(ci, sum(c))) for ci in c])
        elif loss == "cross_entropy":
            d = st.lists(_decimal(0, 1, 2), min_size=k, max_size=k)
        else:
            d = st.lists(_decimal(-1, 1, 2), min_size=k, max_size=k)
        pats = draw(st.lists(st.fixed_dictionaries({
            "x": st.lists(xs, min_size=n_in, max_size=n_in), "d": d}), min_size=1, max_size=max_patterns))
        data["training"] = {"learning_rate": draw(st.sampled_from(["1", "0.5", "0.1"])),
                            "mode": draw(st.sampled_from(modes)), "epochs": steps, "steps": steps,
                            "patterns": pats, "loss": loss}
        if isinstance(momentum, str) or (momentum and draw(st.booleans())):
            data["training"]["momentum"] = draw(st.sampled_from(["0.5", "0.9", "1/3"]))
            data["training"]["momentum_form"] = (momentum if isinstance(momentum, str)
                                                 else draw(st.sampled_from(list(FORMS))))
        if fixed and draw(st.integers(0, 3)) == 0:
            params = [f"w[{nrn['id']},{k + 1}]" for nrn in neurons for k in range(len(nrn["inputs"]))]
            params += [f"b[{nrn['id']}]" for nrn in neurons if nrn["bias"] != "none"]
            data["training"]["fixed"] = draw(st.lists(st.sampled_from(params), max_size=3, unique=True))
    return from_dict(data, "<hypothesis>")


def threshold_networks(**kw):
    kw.setdefault("activations", THRESHOLD)
    kw.setdefault("groups", ())
    kw.setdefault("training", False)
    kw.setdefault("weights", st.integers(-4, 4).map(lambda n: str(Fraction(n, 2))))
    return networks(**kw)


def assert_gradients_agree(network, points: int = 2, seed: int = 0, **tolerances) -> dict:
    """Raise AssertionError naming the worst parameter if the four gradient computations of
    ``handgrad verify`` (SymPy closed forms, NumPy engine, torch autograd, finite differences)
    disagree on ``network``; return the report otherwise."""
    from numeric.verify import verify
    report = verify(network, points=points, seed=seed, **tolerances)
    if not report["passed"]:
        worst = report["worst"]
        raise AssertionError(
            f"gradients disagree ({worst['pair']}): parameter {worst['parameter']} at "
            f"{worst['point']}: {worst['a']!r} vs {worst['b']!r} "
            f"(abs error {worst['abs_error']:.3g}, rel error {worst['rel_error']:.3g})")
    return report
