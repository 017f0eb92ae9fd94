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

from derive.model.network import Network, from_dict

SMOOTH = ("sigmoid", "tanh", "linear", "relu")
THRESHOLD = ("step", "sign")


def _decimal(lo: int, hi: int, places: int):
    """Exact decimals in [lo, hi] with ``places`` digits after the point, as TOML-like strings."""
    scale = 10**places
    return st.integers(lo * scale, hi * scale).map(lambda n: str(Fraction(n, scale)))


@st.composite
def networks(draw, activations=SMOOTH, min_inputs=1, max_inputs=3, max_neurons=5, max_outputs=2,
             training=True, modes=("online", "batch"), max_patterns=3, weight_bound=1,
             input_bound=1, weights=None, skip=True) -> Network:
    """Random feed-forward networks (DAGs with skip connections, shuffled file order).

    Weights are decimals in ±``weight_bound`` and pattern inputs in ±``input_bound`` (two
    decimal places), so no sigmoid or tanh saturates. With ``training`` a ``[training]`` table
    is added with 1..``max_patterns`` patterns and one update.
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
        neurons.append({"id": nid, "inputs": list(chosen),
                        "weights": [draw(wstrat) for _ in chosen], "bias": draw(wstrat),
                        "activation": draw(st.sampled_from(activations))})
    consumed = {s for nrn in neurons for s in nrn["inputs"]}
    sinks = [nid for nid in ids if nid not in consumed]
    extra = draw(st.lists(st.sampled_from(ids), max_size=max_outputs, unique=True))
    outputs = list(dict.fromkeys(sinks + extra))[:max(max_outputs, len(sinks))]
    order = draw(st.permutations(range(n)))
    data = {"network": {"name": "random", "inputs": inputs, "outputs": outputs},
            "neuron": [neurons[i] for i in order]}
    if training:
        xs = _decimal(-input_bound, input_bound, 2)
        pats = draw(st.lists(st.fixed_dictionaries({
            "x": st.lists(xs, min_size=n_in, max_size=n_in),
            "d": st.lists(_decimal(-1, 1, 2), min_size=len(outputs), max_size=len(outputs))}),
            min_size=1, max_size=max_patterns))
        data["training"] = {"learning_rate": draw(st.sampled_from(["1", "0.5", "0.1"])),
                            "mode": draw(st.sampled_from(modes)), "epochs": 1, "steps": 1,
                            "patterns": pats}
    return from_dict(data, "<hypothesis>")


def threshold_networks(**kw):
    kw.setdefault("activations", THRESHOLD)
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
