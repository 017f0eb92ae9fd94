"""The four-way check: the built-in network, skip connections, mixed activations, 2-30-30-1,
and at least 200 Hypothesis examples through the public kit."""
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from support import examples

import derive
from derive.model.network import dumps
from numeric.testing import assert_gradients_agree, networks
from numeric.verify import verify

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

SKIP_MIXED = """
[network]
inputs = ["a", "b", "c"]
outputs = ["out", "h2"]

[[neuron]]
id = "out"
inputs = ["h1", "h2", "a", "h3"]
weights = [0.7, -1.2, 0.3, 0.9]
bias = 0.1
activation = "linear"

[[neuron]]
id = "h3"
inputs = ["h1", "c"]
weights = [1.5, -0.4]
bias = "1/3"
activation = "relu"

[[neuron]]
id = "h1"
inputs = ["a", "b"]
weights = [0.5, -0.25]
bias = 0.2
activation = "sigmoid"

[[neuron]]
id = "h2"
inputs = ["h1", "b", "c"]
weights = [-0.8, 0.6, 1.1]
bias = -0.3
activation = "tanh"

[training]
slope = 2
learning_rate = 0.5
patterns = [ { x = [0.1, -0.2, 0.3], d = [0.5, -0.1] }, { x = [1, 0.5, -1], d = [0, 0.2] } ]
"""


def test_builtin_network_passes(cli):
    r = cli("verify", "--format", "json")
    assert r.code == 0
    report = json.loads(r.out)
    assert report["passed"] and report["parameters"] == 7 and report["points"] == 4 + 8
    assert set(report["pairs"]) == {"sympy-numpy", "sympy-torch", "numpy-torch", "sympy-fd", "numpy-fd", "torch-fd"}
    for pair, e in report["pairs"].items():
        assert e["max_rel_error"] <= (1e-12 if "fd" not in pair else 1e-5)   # the seed network is tame
    assert set(report["seconds"]) >= {"sympy", "numpy", "torch", "fd"}


def test_skip_connections_mixed_activations_and_slope(tmp_path, cli):
    p = tmp_path / "mixed.toml"
    p.write_text(SKIP_MIXED)
    r = cli("verify", p)
    assert r.code == 0, r.out
    assert "PASSED" in r.out


def test_2_30_30_1():
    from nets import tanh_net
    report = verify(tanh_net([2, 30, 30, 1]), points=4)
    assert report["passed"] and report["parameters"] == 1051


def test_disagreement_is_reported_with_exit_1(monkeypatch, cli):
    import numeric.engine as engine
    real = engine.Engine.pattern_gradients

    def broken(self, X, D, theta):
        g = real(self, X, D, theta)
        g[:, 2] *= 1.001              # a planted slip in b[1]
        return g
    monkeypatch.setattr(engine.Engine, "pattern_gradients", broken)
    r = cli("verify")
    assert r.code == 1 and "DISAGREE" in r.out and "b[1]" in r.out
    with pytest.raises(AssertionError, match=r"b\[1\]"):
        assert_gradients_agree(derive.load("xor"))


def test_threshold_network_without_training_activation_is_bad_input(tmp_path, cli):
    text = dumps(derive.load("xor")).split("[training]")[0]
    p = tmp_path / "t.toml"
    p.write_text(text)
    r = cli("verify", p)
    assert r.code == 2 and "cannot be trained by gradient" in r.err


@settings(max_examples=examples(200))
@given(networks(max_inputs=3, max_neurons=5, max_patterns=2))
def test_four_way_agreement_on_random_networks(net):
    assert_gradients_agree(net, points=2)


def test_kit_from_a_fresh_test_file(tmp_path):
    (tmp_path / "test_mine.py").write_text(textwrap.dedent("""
        from hypothesis import given, settings
        from numeric.testing import networks, assert_gradients_agree

        @settings(max_examples=5, deadline=None)
        @given(networks())
        def test_my_gradients(net):
            assert_gradients_agree(net)
    """))
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                       cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1 passed" in r.stdout
