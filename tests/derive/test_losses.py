"""Every loss × output kind × momentum form against an independent implementation written here
with mpmath from the textbook formulas: E, the chain rule through ∂E/∂y (never our δ formulas
or the cross-entropy shortcut), softmax's Jacobian written out, Haykin's and Hagan's momentum,
fixed parameters. Compared to 25 significant digits on random networks."""
from fractions import Fraction

import mpmath
import pytest
from hypothesis import given, settings, strategies as st

from derive.backprop.training import run
from derive.model.losses import LOSSES
from derive.model.numbers import to_mpf
from numeric.testing import networks
from support import examples

mp = mpmath.mp


def _m(q):
    return mpmath.mpf(q.numerator) / q.denominator if isinstance(q, Fraction) else mpmath.mpf(str(to_mpf(q)))


# --------------------------------------------------------------------------- the reference
def _phi(act, v):
    """(φ(v), φ'(v)) from the textbook, by the activation's name and parameters."""
    p = {k: _m(val) for k, val in act.params.items()}
    name = act.name
    if name == "sigmoid":
        y = 1 / (1 + mpmath.exp(-p["a"] * v))
        return y, p["a"] * y * (1 - y)
    if name == "tanh":
        t = mpmath.tanh(p["b"] * v)
        return p["a"] * t, p["a"] * p["b"] * (1 - t * t)
    if name == "relu":
        return (v, 1) if v > 0 else (mpmath.mpf(0), 0)
    if name == "leaky_relu":
        return (v, 1) if v > 0 else (p["alpha"] * v, p["alpha"])
    if name == "linear":
        return p["a"] * v, p["a"]
    if name == "softplus":
        return mpmath.log(1 + mpmath.exp(v)), 1 / (1 + mpmath.exp(-v))
    raise AssertionError(f"no textbook formula for {name} in this test")


def _loss(name, d, y, softmax):
    """(E, ∂E/∂y_k) of one pattern."""
    if name == "half_sse":
        return sum((dk - yk) ** 2 for dk, yk in zip(d, y)) / 2, [-(dk - yk) for dk, yk in zip(d, y)]
    if name == "sse":
        return sum((dk - yk) ** 2 for dk, yk in zip(d, y)), [-2 * (dk - yk) for dk, yk in zip(d, y)]
    if softmax:
        return -sum(dk * mpmath.log(yk) for dk, yk in zip(d, y)), [-dk / yk for dk, yk in zip(d, y)]
    return (-sum(dk * mpmath.log(yk) + (1 - dk) * mpmath.log(1 - yk) for dk, yk in zip(d, y)),
            [-dk / yk + (1 - dk) / (1 - yk) for dk, yk in zip(d, y)])


def _pattern(net, params, x, d):
    """E, δ_j = −∂E/∂v_j, and ∂E/∂θ of one pattern, by the chain rule."""
    val = {s: _m(xi) for s, xi in zip(net.inputs, x)}
    fields, dphi = {}, {}
    group = [o for o in net.outputs if net.neuron(o).activation.group]
    for n in net.neurons:
        v = sum(params[f"w[{n.id},{k + 1}]"] * val[s] for k, s in enumerate(n.inputs))
        fields[n.id] = v + params.get(f"b[{n.id}]", 0)
        if not n.activation.group:
            val[n.id], dphi[n.id] = _phi(n.activation, fields[n.id])
    if group:                              # y_k = e^(v_k) / Σ_j e^(v_j)
        z = [mpmath.exp(fields[g]) for g in group]
        for g, zg in zip(group, z):
            val[g] = zg / sum(z)
    E, dEdy_out = _loss(net.training.loss.name, [_m(q) for q in d], [val[o] for o in net.outputs], bool(group))
    dEdy = {n.id: 0 for n in net.neurons}
    for o, g in zip(net.outputs, dEdy_out):
        dEdy[o] += g
    # softmax units feed nothing: their ∂E/∂y is the loss's alone; ∂y_j/∂v_k = y_j (1[j=k] − y_k)
    dEdv = {k: sum(dEdy[j] * val[j] * ((1 if j == k else 0) - val[k]) for j in group) for k in group}
    for n in reversed(net.neurons):
        if not n.activation.group:
            dEdv[n.id] = dphi[n.id] * dEdy[n.id]
        for k, s in enumerate(n.inputs):
            if s in dEdy:
                dEdy[s] += dEdv[n.id] * params[f"w[{n.id},{k + 1}]"]
    grad = {}
    for n in net.neurons:
        for k, s in enumerate(n.inputs):
            grad[f"w[{n.id},{k + 1}]"] = dEdv[n.id] * val[s]
        if f"b[{n.id}]" in params:
            grad[f"b[{n.id}]"] = dEdv[n.id]
    return E, {j: -g for j, g in dEdv.items()}, grad


def reference_run(net):
    """Every step of the [training] table: (E, δ of the last pattern, parameters after)."""
    t = net.training
    tnet = net.for_training()
    params = {q: _m(val) for q, val in tnet.parameter_values().items()}
    eta = _m(t.learning_rate)
    alpha = None if t.momentum is None else _m(t.momentum)
    prev = {q: mpmath.mpf(0) for q in params}
    out = []

    def update(grad):
        nonlocal params, prev
        new, change = dict(params), {}
        for q, g in grad.items():
            if q in t.fixed:
                continue
            step = -eta * g
            if alpha is None:
                change[q] = step
            elif t.momentum_form.name == "haykin":        # Δw(n) = α Δw(n−1) + η δ y
                change[q] = alpha * prev[q] + step
            else:                                         # ΔW(k) = γ ΔW(k−1) − (1 − γ) α s aᵀ
                change[q] = alpha * prev[q] + (1 - alpha) * step
            new[q] = params[q] + change[q]
        params, prev = new, {**prev, **change}

    limit = t.steps
    for _ in range(t.epochs):
        if t.mode == "online":
            for p in t.patterns:
                if limit is not None and len(out) >= limit:
                    return out
                E, deltas, grad = _pattern(tnet, params, p.x, p.d)
                update(grad)
                out.append((E, deltas, dict(params)))
        else:
            if limit is not None and len(out) >= limit:
                return out
            total, summed = 0, {}
            for p in t.patterns:
                E, deltas, grad = _pattern(tnet, params, p.x, p.d)
                total += E
                for q, g in grad.items():
                    summed[q] = summed.get(q, 0) + g
            update(summed)
            out.append((total, deltas, dict(params)))
    return out


# --------------------------------------------------------------------------- the comparison
def _close(ours, ref, q):
    a, b = _m(ours), ref
    assert abs(a - b) <= mpmath.mpf(10) ** -25 * max(1, abs(b)), (q, a, b)


KINDS = [(loss, softmax, form) for loss in LOSSES for softmax in (False, True)
         for form in (None, "haykin", "hagan")]


def _strategy(loss, softmax, form):
    return networks(max_neurons=5, max_patterns=2, steps=3, losses=(loss,), softmax=softmax,
                    momentum=form or False)


@pytest.mark.parametrize("loss,softmax,form", KINDS)
@settings(max_examples=examples(20))
@given(data=st.data())
def test_steps_against_the_textbook(loss, softmax, form, data):
    net = data.draw(_strategy(loss, softmax, form))
    assert any(n.activation.group for n in net.neurons) == softmax
    assert (net.training.momentum_form.name if net.training.momentum is not None else None) == form
    with mpmath.workdps(60):
        ref = reference_run(net)
        steps = run(net)
        assert len(steps) == len(ref)
        for s, (E, deltas, after) in zip(steps, ref):
            _close(s.error, E, "E")
            for j, dj in deltas.items():
                _close(s.passes[-1].env[f"delta[{j}]"], dj, f"delta[{j}]")
            for q, val in after.items():
                _close(s.after[q], val, q)


def test_the_readme_table_lists_every_loss():
    from support import ROOT
    readme = (ROOT / "README.md").read_text()
    for name, loss in LOSSES.items():
        assert f"| `{name}`" in readme, name
        for fmt in ("text", "latex", "unicode"):
            assert loss.error_rule(fmt, [])

