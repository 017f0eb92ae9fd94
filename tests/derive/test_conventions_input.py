"""Bad input to the version-2 conventions: each one line on stderr naming file, field and what is
wrong, exit 2 (never a traceback, never silently ignored)."""
import pytest

BASE = """
[network]
inputs = ["x1", "x2"]
outputs = ["o1", "o2"]

[[neuron]]
id = "h"
inputs = ["x1", "x2"]
weights = [0.5, -0.25]
bias = 0.1
activation = "tanh"

[[neuron]]
id = "o1"
inputs = ["h"]
weights = [1.5]
bias = -0.2
activation = "sigmoid"

[[neuron]]
id = "o2"
inputs = ["h", "x1"]
weights = [0.75, 1]
bias = 0.3
activation = "sigmoid"

[training]
learning_rate = 0.5
patterns = [ { x = [1, 0], d = [0.25, 0.75] } ]
"""


def _m(old, new):
    assert old in BASE, old
    return BASE.replace(old, new, 1)


SOFTMAX_OUT = _m('bias = -0.2\nactivation = "sigmoid"', 'bias = -0.2\nactivation = "softmax"').replace(
    'bias = 0.3\nactivation = "sigmoid"', 'bias = 0.3\nactivation = "softmax"')

BAD = [
    (_m("learning_rate = 0.5", 'loss = "mse"\nlearning_rate = 0.5'), "training.loss", "unknown loss 'mse'"),
    (_m('activation = "tanh"', 'activation = "swish"'), "neuron[0].activation", "unknown activation 'swish'"),
    (_m('activation = "tanh"', 'activation = { name = "relu", a = 2 }'), "neuron[0].activation.a",
     "relu has no parameter 'a'"),
    (_m('activation = "tanh"', 'activation = { name = "tanh", c = 2 }'), "neuron[0].activation.c",
     "tanh has no parameter 'c'"),
    (_m('activation = "tanh"', 'activation = { name = "sigmoid", a = -1 }'), "neuron[0].activation.a",
     "must be positive"),
    (_m('activation = "tanh"', 'activation = { name = "leaky_relu", alpha = 2 }'),
     "neuron[0].activation.alpha", "from 0 to 1"),
    (_m('activation = "tanh"', 'activation = { a = 2 }'), "neuron[0].activation.name", "missing"),
    (_m('activation = "tanh"', 'activation = 3'), "neuron[0].activation", "must be a name"),
    (_m('activation = "tanh"', 'activation = { name = "tanh", a = "sqrt(2)" }'), "neuron[0].activation.a",
     "rational"),
    (_m('activation = "tanh"', 'activation = "softmax"'), "neuron[0].activation", "only for output neurons"),
    (_m('bias = -0.2\nactivation = "sigmoid"', 'bias = -0.2\nactivation = "softmax"'),
     "activation", "must be on every output neuron"),
    (SOFTMAX_OUT.replace('inputs = ["h", "x1"]', 'inputs = ["h", "o1"]'), "activation", "feed no other neuron"),
    (_m("learning_rate = 0.5", 'loss = "cross_entropy"\nlearning_rate = 0.5').replace("0.75] }", "1.5] }"),
     "training.loss", "targets in [0, 1]"),
    (_m("learning_rate = 0.5", 'loss = "cross_entropy"\nlearning_rate = 0.5').replace(
        'bias = 0.3\nactivation = "sigmoid"', 'bias = 0.3\nactivation = "linear"'),
     "training.loss", "needs sigmoid or softmax output units"),
    (SOFTMAX_OUT.replace("learning_rate = 0.5", 'loss = "cross_entropy"\nlearning_rate = 0.5')
     .replace("0.75] }", "0.5] }"), "training.loss", "must sum to 1"),
    (_m("learning_rate = 0.5", "momentum = 1\nlearning_rate = 0.5"), "training.momentum", "must be in [0, 1)"),
    (_m("learning_rate = 0.5", "momentum = -0.1\nlearning_rate = 0.5"), "training.momentum", "must be in [0, 1)"),
    (_m("learning_rate = 0.5", 'momentum = 0.5\nmomentum_form = "nesterov"\nlearning_rate = 0.5'),
     "training.momentum_form", "unknown momentum form"),
    (_m("learning_rate = 0.5", 'momentum_form = "hagan"\nlearning_rate = 0.5'), "training.momentum_form",
     "needs momentum"),
    (_m("learning_rate = 0.5", 'fixed = ["b[nobody]"]\nlearning_rate = 0.5'), "training.fixed[0]",
     "names no parameter"),
    (_m("learning_rate = 0.5", 'fixed = ["w[h,3]"]\nlearning_rate = 0.5'), "training.fixed[0]",
     "names no parameter"),
    (_m("learning_rate = 0.5", 'fixed = ["b[h]", "b[h]"]\nlearning_rate = 0.5'), "training.fixed",
     "same parameter twice"),
    (_m("learning_rate = 0.5", 'fixed = ["b[o1]"]\nlearning_rate = 0.5').replace("bias = -0.2", 'bias = "none"'),
     "training.fixed[0]", "names no parameter"),
    (_m("bias = 0.1", 'bias = "log(0)"'), "neuron[0].bias", "log of 0"),
    (_m("bias = 0.1", 'bias = "1/(1-1)"'), "neuron[0].bias", "divides by zero"),
    (_m("bias = 0.1", 'bias = "sqrt(-1)"'), "neuron[0].bias", "square root of the negative number"),
    (_m("bias = 0.1", 'bias = "sin(x1)"'), "neuron[0].bias", "unknown name 'x1'"),
    (_m("bias = 0.1", 'bias = "nonee"'), "neuron[0].bias", "not a number"),
    (_m("learning_rate = 0.5", "slope = 2\nlearning_rate = 0.5").replace('"sigmoid"', '"tanh"'),
     "training.slope", "no unit is trained as a sigmoid"),
    (_m("learning_rate = 0.5", 'slope = 2\nactivation = "tanh"\nlearning_rate = 0.5'), "training.slope",
     "no unit is trained as a sigmoid"),
    (_m("learning_rate = 0.5", "slope = 2\nlearning_rate = 0.5").replace(
        'bias = -0.2\nactivation = "sigmoid"', 'bias = -0.2\nactivation = { name = "sigmoid", a = 3 }'),
     "training.slope", "has its own a"),
    (_m("learning_rate = 0.5", 'slope = "pi"\nlearning_rate = 0.5'), "training.slope", "rational"),
]


@pytest.mark.parametrize("text,field,words", BAD, ids=[f"{b[1]}-{b[2]}" for b in BAD])
def test_bad_conventions_exit_2_with_one_line(tmp_path, cli, text, field, words):
    path = tmp_path / "net.toml"
    path.write_text(text)
    r = cli("solve", path)
    assert r.code == 2 and r.out == ""
    line = r.err.strip()
    assert "\n" not in line and "Traceback" not in line
    assert str(path) in line and field in line and words in line, line


def test_the_base_file_and_its_good_variants_solve(tmp_path, cli):
    for text in (BASE, SOFTMAX_OUT, _m("bias = 0.1", 'bias = "none"'),
                 _m("learning_rate = 0.5", 'momentum = 0.9\nmomentum_form = "hagan"\nfixed = ["b[h]"]\n'
                    'learning_rate = 0.5'),
                 _m("learning_rate = 0.5", "slope = 2\nlearning_rate = 0.5")):
        path = tmp_path / "net.toml"
        path.write_text(text)
        r = cli("solve", path, "--format", "json")
        assert r.code == 0, r.err
