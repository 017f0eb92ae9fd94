from fractions import Fraction

import pytest

import derive
from derive.model.network import loads

GOOD = """
[network]
inputs = ["x1", "x2"]
outputs = ["2"]

[[neuron]]
id = "2"
inputs = ["x1", "x2", "1"]
weights = [1, 0.15, -2]
bias = "-1/2"
activation = "step"

[[neuron]]
id = "1"
inputs = ["x1", "x2"]
weights = [1, "1e0"]
bias = -1.5
activation = "step"
"""


def test_builtin_xor_is_the_seed_network():
    net = derive.load("xor")
    assert [n.id for n in net.neurons] == ["1", "2"]
    assert net.neuron("1").weights == (1, 1) and net.neuron("1").bias == Fraction(-3, 2)
    assert net.neuron("2").inputs == ("x1", "x2", "1")
    assert net.neuron("2").weights == (1, 1, -2) and net.neuron("2").bias == Fraction(-1, 2)
    t = net.training
    assert (t.activation.name, t.learning_rate, t.mode, t.steps) == ("sigmoid", 1, "online", 1)
    assert [(p.x, p.d) for p in t.patterns][0] == ((0, 0), (0,))


def test_any_order_and_exact_numbers():
    net = loads(GOOD, "good.toml")
    assert [n.id for n in net.neurons] == ["1", "2"]          # topological, not file order
    assert net.neuron("2").weights[1] == Fraction(15, 100)     # the decimal as written
    assert net.parameters() == ["w[1,1]", "w[1,2]", "b[1]", "w[2,1]", "w[2,2]", "w[2,3]", "b[2]"]


def test_toml_floats_are_the_decimals_as_written():
    """Beyond what a binary float holds: the text of the TOML float is read, not its double."""
    net = loads(GOOD.replace('weights = [1, 0.15, -2]', 'weights = [1, 0.1000000000000000000001, -2e-1]'), "f.toml")
    assert net.neuron("2").weights[1] == Fraction(10**21 + 1, 10**22)
    assert net.neuron("2").weights[2] == Fraction(-1, 5)
    underscored = GOOD.replace("bias = -1.5", "bias = 1_000.5")
    assert loads(underscored, "f.toml").neuron("1").bias == Fraction(2001, 2)


def _mutate(old, new):
    assert old in GOOD
    return GOOD.replace(old, new, 1)


BAD = [
    ("not toml [[[", "", "not valid TOML"),
    (_mutate('outputs = ["2"]', ""), "network.outputs", "missing"),
    (_mutate('inputs = ["x1", "x2", "1"]', 'inputs = ["x1", "x2", "1", "3"]'), "weights", "weights for"),
    (_mutate('inputs = ["x1", "x2", "1"]\nweights = [1, 0.15, -2]', 'inputs = ["x1", "zz", "1"]\nweights = [1, 0.15, -2]'),
     "inputs[1]", "neither a network input nor a neuron id"),
    (_mutate('inputs = ["x1", "x2"]\nweights = [1, "1e0"]', 'inputs = ["x1", "2"]\nweights = [1, "1e0"]'),
     "inputs", "cycle"),
    (_mutate('activation = "step"', 'activation = "swish"'), "activation", "unknown activation"),
    (_mutate('id = "1"', 'id = "2"'), "id", "duplicate neuron id"),
    (_mutate('bias = "-1/2"', 'bias = "1/0"'), "neuron[0].bias", "divides by zero"),
    (_mutate('bias = "-1/2"', 'bias = "nan"'), "neuron[0].bias", "not a number"),
    (_mutate('bias = "-1/2"', 'bias = true'), "neuron[0].bias", "boolean"),
    (_mutate('bias = "-1/2"', 'bias = "__import__(\'os\').system(\'echo pwned\')"'), "neuron[0].bias", "not a number"),
    (_mutate('bias = -1.5', 'bias = nan'), "neuron[1].bias", "not a finite number"),
    (_mutate('bias = -1.5', 'bias = inf'), "neuron[1].bias", "not a finite number"),
    (_mutate('outputs = ["2"]', 'outputs = ["7"]'), "network.outputs[0]", "names no neuron"),
    (_mutate('bias = "-1/2"\n', ''), "neuron[0].bias", "missing"),
    (_mutate('inputs = ["x1", "x2"]\noutputs', 'inputs = ["x1", "x 2"]\noutputs'), "network.inputs[1]", "not a valid input name"),
    (_mutate('inputs = ["x1", "x2"]\noutputs', 'inputs = ["x1", "E"]\noutputs'), "network.inputs[1]", "reserved"),
    (GOOD + "\n[training]\nlearning_rate = 1\npatterns = [ { x = [0], d = [0] } ]\n", "training.patterns[0].x", "1 values for 2 inputs"),
    (GOOD + "\n[training]\npatterns = [ { x = [0, 0], d = [0] } ]\n", "training.learning_rate", "missing"),
    (GOOD + "\n[training]\nlearning_rate = 1\nmode = \"minibatch\"\npatterns = [ { x = [0, 0], d = [0] } ]\n", "training.mode", "online"),
    (GOOD.replace("[network]", "[network]\nnmae = 'x'"), "network.nmae", "unknown field"),
]


@pytest.mark.parametrize("text,field,words", BAD, ids=[b[2] + "-" + b[1] for b in BAD])
def test_bad_network_file_exits_2_with_one_line(tmp_path, cli, text, field, words):
    path = tmp_path / "net.toml"
    path.write_text(text)
    r = cli("solve", path)
    assert r.code == 2
    assert r.out == ""
    line = r.err.strip()
    assert "\n" not in line and "Traceback" not in line
    assert str(path) in line and field in line and words in line, line


def test_missing_file_and_directory(tmp_path, cli):
    r = cli("solve", tmp_path / "nope.toml")
    assert r.code == 2 and "no such file" in r.err
    r = cli("solve", tmp_path)
    assert r.code == 2 and "directory" in r.err


def test_not_utf8(tmp_path, cli):
    p = tmp_path / "bin.toml"
    p.write_bytes(b"\xff\xfe\x00")
    r = cli("solve", p)
    assert r.code == 2 and "UTF-8" in r.err


def test_step_units_cannot_train(tmp_path, cli):
    p = tmp_path / "n.toml"
    p.write_text(GOOD + "\n[training]\nlearning_rate = 1\npatterns = [ { x = [0, 0], d = [0] } ]\n")
    r = cli("solve", p)
    assert r.code == 2 and "cannot be trained by gradient" in r.err and "n.toml: training.activation: neuron " in r.err
