"""The network model shared by everything, and the loader of network files (CONTRACT.md).

A network is a DAG of neurons; ``Network.neurons`` is in topological order whatever the order
of the file. All numbers are exact :class:`~fractions.Fraction` values.
"""
from __future__ import annotations

import builtins
import keyword
import re
import tomllib
from dataclasses import dataclass, field, replace
from fractions import Fraction
from importlib import resources

import sympy

from derive.errors import InputError
from derive.fileio import read_regular
from derive.model.activations import Activation, SpecError, activation
from derive.model.losses import HALF_SSE, LOSSES, Loss
from derive.model.momentum import FORMS, MomentumForm
from derive.model.constants import Constant
from derive.model.names import b, output_symbol, parse, w
from derive.model.numbers import MAX_NUMBER_CHARS, NumberError, TomlFloat, exact_str, parse_number

_INPUT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,31}")
_NEURON_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_]{0,31}")
#: Bounds that keep every derivation finite (README, "Limits").
MAX_NEURONS = 2000
MAX_INPUTS = 64
MAX_PATTERNS = 1000
MAX_EPOCHS = 10000
MAX_UPDATES = 10000
MAX_FILE_BYTES = 2_000_000
MAX_CONNECTIONS = 20000
#: The exact training work one run may take (see :meth:`Network.training_work`, about 30 µs a
#: unit): the steps are computed twice, at 80 and 160 digits, to certify every printed digit
#: (derive.backprop.training), so the admitted worst case takes about 3 s, and its JSON as long.
MAX_TRAINING_WORK = 50_000
#: per pattern pass, besides its connections and neurons: the step's bookkeeping
PASS_OVERHEAD = 10
BUILTINS = ("xor",)
MAX_NAME_CHARS = 120               # the network's name (it heads every document)
_RESERVED = {"eta", "E"}
#: The fields of a network file, per table: the top level, [network], each [[neuron]],
#: [training] and each pattern of it (docs/formats.md describes every one; its test reads these).
FIELDS = {"file": ("network", "neuron", "training"),
          "network": ("name", "inputs", "outputs", "notation"),
          "neuron": ("id", "inputs", "weights", "bias", "activation"),
          "training": ("activation", "slope", "learning_rate", "mode", "epochs", "steps", "patterns",
                       "loss", "momentum", "momentum_form", "fixed"),
          "pattern": ("x", "d")}
_PYTHON_NAMES = set(dir(builtins))


def _clash(name: str) -> str | None:
    """Why ``name`` cannot stand for a symbol in the JSON's SymPy strings, or None: SymPy's
    parser reads Python keywords and built-ins (``min``, ``sum``, ``eval``) as code, its own
    names (``E``, ``pi``, ``beta``) as constants and functions; ``eta`` and ``E`` are ours."""
    if name in _RESERVED:
        return "is a reserved name of the notation"
    if keyword.iskeyword(name) or name in _PYTHON_NAMES:
        return "is a Python name, which SymPy's parser would read as code"
    if hasattr(sympy, name):
        return "is a SymPy name (a constant or function)"
    return None


def _look_alike(names) -> tuple[str, str] | None:
    """Two names that print alike: ``x1`` and ``x_1`` are both x with subscript 1."""
    seen: dict[str, str] = {}
    for s in names:
        key = s.replace("_", "")
        if key in seen:
            return seen[key], s
        seen[key] = s
    return None


@dataclass(frozen=True)
class Neuron:
    id: str
    inputs: tuple[str, ...]
    weights: tuple[Fraction, ...]
    bias: Fraction | None              # None: the neuron has no bias parameter (bias = "none")
    activation: Activation             # a name is accepted and read with ``activation()``

    def __post_init__(self):
        object.__setattr__(self, "activation", activation(self.activation))


@dataclass(frozen=True)
class Pattern:
    x: tuple[Fraction, ...]
    d: tuple[Fraction, ...]


@dataclass(frozen=True)
class Training:
    """The ``[training]`` table. ``slope`` is version 1's sigmoid a (None when not written);
    ``momentum`` α (None: no momentum term) in ``momentum_form``; ``fixed`` parameters are never
    updated. Names are accepted for ``activation``, ``loss`` and ``momentum_form``."""
    learning_rate: Fraction
    patterns: tuple[Pattern, ...]
    activation: Activation | None = None
    slope: Fraction | None = None
    mode: str = "online"
    epochs: int = 1
    steps: int | None = None
    loss: Loss = HALF_SSE
    momentum: Fraction | None = None
    momentum_form: MomentumForm = FORMS["haykin"]
    fixed: tuple[str, ...] = ()

    def __post_init__(self):
        if self.activation is not None:
            object.__setattr__(self, "activation", activation(self.activation))
        if isinstance(self.loss, str):
            object.__setattr__(self, "loss", LOSSES[self.loss])
        if isinstance(self.momentum_form, str):
            object.__setattr__(self, "momentum_form", FORMS[self.momentum_form])
        if self.slope is not None:
            object.__setattr__(self, "slope", Fraction(self.slope))


@dataclass(frozen=True)
class Network:
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    neurons: tuple[Neuron, ...]          # topological order
    name: str | None = None
    training: Training | None = None
    source: str = "<network>"
    #: the textbook notation the file's solution is written in by default (derive.notations)
    notation: str | None = None
    _by_id: dict = field(default=None, compare=False, repr=False)
    _consumers: dict = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_id", {n.id: n for n in self.neurons})
        consumers: dict = {n.id: [] for n in self.neurons}
        for k in self.neurons:
            for i, s in enumerate(k.inputs):
                if s in consumers:
                    consumers[s].append((k, i + 1))
        object.__setattr__(self, "_consumers", consumers)

    def neuron(self, nid: str) -> Neuron:
        return self._by_id[nid]

    def is_neuron(self, name: str) -> bool:
        return name in self._by_id

    def consumers(self, nid: str) -> list[tuple[Neuron, int]]:
        """Every (neuron k, 1-based position of nid among k's inputs) that takes y_nid."""
        return self._consumers[nid]

    def ancestors(self, nid: str) -> list[str]:
        """Neurons upstream of nid, in topological order."""
        seen: set[str] = set()
        stack = [nid]
        while stack:
            for s in self.neuron(stack.pop()).inputs:
                if self.is_neuron(s) and s not in seen:
                    seen.add(s)
                    stack.append(s)
        return [n.id for n in self.neurons if n.id in seen]

    @property
    def threshold(self) -> bool:
        return all(n.activation.threshold for n in self.neurons)

    @property
    def rational(self) -> bool:
        """Every weight and bias rational (no irrational constant): the exact regions and the
        truth table need it."""
        return all(isinstance(q, Fraction) for q in self.parameter_values().values())

    @property
    def loss(self) -> Loss:
        return self.training.loss if self.training is not None else HALF_SSE

    def parameters(self) -> list[str]:
        """Parameter names ``w[j,k]`` and ``b[j]`` in neuron order (no ``b[j]`` for a neuron
        without bias)."""
        out = []
        for n in self.neurons:
            out += [w(n.id, k + 1) for k in range(len(n.inputs))]
            if n.bias is not None:
                out.append(b(n.id))
        return out

    def parameter_values(self) -> dict[str, Fraction]:
        out = {}
        for n in self.neurons:
            for k, wk in enumerate(n.weights):
                out[w(n.id, k + 1)] = wk
            if n.bias is not None:
                out[b(n.id)] = n.bias
        return out

    def for_training(self) -> "Network":
        """The network as trained: ``[training] activation`` replaces every neuron's, and
        version 1's ``slope`` becomes the a of every sigmoid."""
        t = self.training
        if t is None or (t.activation is None and t.slope is None):
            return self
        neurons = self.neurons
        if t.activation is not None:
            neurons = tuple(replace(n, activation=t.activation) for n in neurons)
        if t.slope is not None:
            neurons = tuple(replace(n, activation=n.activation.with_params(a=t.slope))
                            if n.activation.takes_slope else n for n in neurons)
        return replace(self, neurons=neurons)

    def training_updates(self) -> int:
        """How many updates the ``[training]`` table asks for."""
        t = self.training
        per_epoch = len(t.patterns) if t.mode == "online" else 1
        return min(t.steps or t.epochs * per_epoch, t.epochs * per_epoch)

    def training_work(self) -> int:
        """The exact work of one run of the training steps: updates × (connections + neurons
        + ``PASS_OVERHEAD``) × patterns per update — about 30 µs a unit at 80 digits."""
        t = self.training
        connections = sum(len(n.inputs) for n in self.neurons)
        return (self.training_updates() * (connections + len(self.neurons) + PASS_OVERHEAD)
                * (1 if t.mode == "online" else len(t.patterns)))

    def to_dict(self) -> dict:
        """The network as read, numbers as exact strings (the JSON ``network`` key)."""
        out = {"name": self.name, "inputs": list(self.inputs), "outputs": list(self.outputs),
               "neurons": [{"id": n.id, "inputs": list(n.inputs),
                            "weights": [_exact(w) for w in n.weights],
                            "bias": "none" if n.bias is None else _exact(n.bias),
                            "activation": n.activation.to_json()}
                           for n in self.neurons]}
        if self.notation is not None:
            out["notation"] = self.notation
        t = self.training
        if t is not None:
            out["training"] = {
                "activation": None if t.activation is None else t.activation.to_json(),
                "slope": _exact(Fraction(1) if t.slope is None else t.slope),
                "learning_rate": _exact(t.learning_rate), "mode": t.mode,
                "epochs": t.epochs, "steps": t.steps,
                "patterns": [{"x": [_exact(v) for v in p.x], "d": [_exact(v) for v in p.d]}
                             for p in t.patterns],
                "loss": t.loss.name,
                "momentum": None if t.momentum is None else _exact(t.momentum),
                "momentum_form": t.momentum_form.name, "fixed": list(t.fixed)}
        return out


def _exact(x) -> str:
    """A number of the network as an exact string: short (scientific for 1e400) where it can
    be, ``p/q`` otherwise — never rounded."""
    s = exact_str(x, MAX_NUMBER_CHARS)
    if isinstance(x, Fraction) and parse_number(s) != x:
        return str(x)
    return s


# --------------------------------------------------------------------------- loading
def load(path_or_name) -> Network:
    """A network from a TOML file or a built-in name (``"xor"``). A built-in name always
    means the built-in network: a file of that name is read only as ``./xor``."""
    if isinstance(path_or_name, Network):
        return path_or_name
    name = str(path_or_name)
    if not name:
        raise InputError("<network>", "", "empty file name: give a network file or a built-in "
                         "name (" + ", ".join(BUILTINS) + ")")
    if "\n" in name or name.lstrip().startswith("["):
        raise InputError(repr(name[:30]) + ("..." if len(name) > 30 else ""), "",
                         "this is TOML text, not a file name: use derive.loads(text)")
    if name in BUILTINS:
        return builtin(name)
    try:
        raw = read_regular(name, MAX_FILE_BYTES)
    except InputError as e:
        if e.message == "no such file":
            raise InputError(name, "", "no such file (and not a built-in network: "
                             + ", ".join(BUILTINS) + ")") from None
        raise
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(name, "", "not UTF-8 text") from None
    return loads(text, source=name)


def builtin(name: str) -> Network:
    text = resources.files("derive").joinpath(f"builtins/{name}.toml").read_text("utf-8")
    return loads(text, source=f"<built-in {name}>")


def loads(text: str, source: str = "<string>") -> Network:
    """A network from the text of a network file (a leading UTF-8 byte-order mark is fine)."""
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"), parse_float=TomlFloat)
    except tomllib.TOMLDecodeError as e:
        raise InputError(source, "", f"not valid TOML: {e}") from None
    except RecursionError:
        raise InputError(source, "", "not valid TOML: nested too deeply") from None
    return from_dict(data, source)


class _Reader:
    """Typed access to a TOML table with errors that name the file and the field."""

    def __init__(self, source: str):
        self.source = source
        self.file_ids: list[str] = []         # neuron ids in file order, for field names

    def fail(self, field_: str, message: str):
        raise InputError(self.source, field_, message)

    def table(self, data, key, where, required=True) -> dict | None:
        v = data.get(key)
        if v is None:
            if required:
                self.fail(f"{where}{key}", "missing table")
            return None
        if not isinstance(v, dict):
            self.fail(f"{where}{key}", "must be a table")
        return v

    def get(self, data, key, where, kind, required=True, default=None):
        if key not in data:
            if required:
                self.fail(f"{where}{key}", "missing")
            return default
        v = data[key]
        ok = {"str": isinstance(v, str), "list": isinstance(v, list),
              "int": isinstance(v, int) and not isinstance(v, bool)}[kind]
        if not ok:
            self.fail(f"{where}{key}", f"must be {'a' if kind != 'int' else 'an'} {dict(str='string', list='list', int='integer')[kind]}, "
                      f"got {_describe(v)}")
        return v

    def number(self, value, where) -> Fraction | Constant:
        try:
            return parse_number(value)
        except NumberError as e:
            self.fail(where, str(e))

    def rational(self, value, where) -> Fraction:
        q = self.number(value, where)
        if not isinstance(q, Fraction):
            self.fail(where, f"must be a rational number, got the constant {q}")
        return q

    def activation(self, spec, where) -> Activation:
        try:
            return activation(spec)
        except SpecError as e:
            self.fail(where + e.where, str(e))

    def names(self, data, key, where, pattern, what) -> list[str]:
        items = self.get(data, key, where, "list")
        for i, s in enumerate(items):
            if not isinstance(s, str):
                self.fail(f"{where}{key}[{i}]", f"must be a string, got {_describe(s)}")
            if not pattern.fullmatch(s):
                self.fail(f"{where}{key}[{i}]", f"{s!r} is not a valid {what} (letters, digits, "
                          "underscores; at most 32 characters)")
        return items


def _describe(v) -> str:
    if isinstance(v, bool):
        return "a boolean"
    return {dict: "a table", list: "a list", str: "a string", int: "an integer",
            float: "a float", TomlFloat: "a float"}.get(type(v), type(v).__name__)


def _unknown_keys(r: _Reader, data: dict, allowed, where: str):
    for k in data:
        if k not in allowed:
            r.fail(f"{where}{k}", f"unknown field (expected one of: {', '.join(sorted(allowed))})")


def from_dict(data: dict, source: str = "<network>") -> Network:
    r = _Reader(source)
    _unknown_keys(r, data, FIELDS["file"], "")
    net = r.table(data, "network", "")
    _unknown_keys(r, net, FIELDS["network"], "network.")
    name = r.get(net, "name", "network.", "str", required=False)
    notation = None
    if "notation" in net:
        from derive.notations import notation as find
        notation = find(net["notation"], source, "network.notation").name
    if name is not None and len(name) > MAX_NAME_CHARS:
        r.fail("network.name", f"{len(name)} characters; at most {MAX_NAME_CHARS}")
    inputs = r.names(net, "inputs", "network.", _INPUT_NAME, "input name")
    if not inputs:
        r.fail("network.inputs", "needs at least one input")
    if len(inputs) > MAX_INPUTS:
        r.fail("network.inputs", f"at most {MAX_INPUTS} inputs")
    for i, s in enumerate(inputs):
        if why := _clash(s):
            r.fail(f"network.inputs[{i}]", f"{s!r} {why}; choose another name")
    if len(set(inputs)) != len(inputs):
        r.fail("network.inputs", "duplicate input name")
    if alike := _look_alike(inputs):
        r.fail("network.inputs", f"{alike[0]!r} and {alike[1]!r} print alike (the same "
               "letters and subscript); rename one")
    outputs = r.names(net, "outputs", "network.", _NEURON_ID, "neuron id")
    if not outputs:
        r.fail("network.outputs", "needs at least one output neuron")

    raw_neurons = data.get("neuron")
    if raw_neurons is None:
        r.fail("neuron", "missing: add at least one [[neuron]] table")
    if not isinstance(raw_neurons, list) or not all(isinstance(n, dict) for n in raw_neurons):
        r.fail("neuron", "must be an array of tables ([[neuron]])")
    if len(raw_neurons) > MAX_NEURONS:
        r.fail("neuron", f"at most {MAX_NEURONS} neurons")
    neurons: dict[str, Neuron] = {}
    for i, n in enumerate(raw_neurons):
        where = f"neuron[{i}]."
        _unknown_keys(r, n, FIELDS["neuron"], where)
        nid = r.get(n, "id", where, "str")
        if not _NEURON_ID.fullmatch(nid):
            r.fail(f"{where}id", f"{nid!r} is not a valid neuron id (letters, digits, underscores)")
        if nid in neurons:
            r.fail(f"{where}id", f"duplicate neuron id {nid!r}")
        if nid in inputs:
            r.fail(f"{where}id", f"{nid!r} is also an input name")
        if output_symbol(nid) in inputs:
            r.fail(f"{where}id", f"the output symbol y{nid} of neuron {nid!r} clashes with an input name")
        if why := _clash(output_symbol(nid)):
            r.fail(f"{where}id", f"the output symbol y{nid} of neuron {nid!r} {why}; choose another id")
        ins = r.names(n, "inputs", where, re.compile(r".{1,64}"), "input")
        if not ins:
            r.fail(f"{where}inputs", "needs at least one input")
        if len(set(ins)) != len(ins):
            r.fail(f"{where}inputs", "names the same input twice")
        ws = r.get(n, "weights", where, "list")
        if len(ws) != len(ins):
            r.fail(f"{where}weights", f"has {len(ws)} weights for {len(ins)} inputs")
        weights = tuple(r.number(w, f"{where}weights[{k}]") for k, w in enumerate(ws))
        if "bias" not in n:
            r.fail(f"{where}bias", "missing (write bias = \"none\" for a neuron without bias)")
        bias = None if n["bias"] == "none" else r.number(n["bias"], f"{where}bias")
        if "activation" not in n:
            r.fail(f"{where}activation", "missing")
        act = r.activation(n["activation"], f"{where}activation")
        neurons[nid] = Neuron(nid, tuple(ins), weights, bias, act)
    if alike := _look_alike(neurons):
        r.fail("neuron", f"neuron ids {alike[0]!r} and {alike[1]!r} print alike (the same "
               "letters and subscript); rename one")

    r.file_ids = list(neurons)
    for i, n in enumerate(neurons.values()):
        for k, s in enumerate(n.inputs):
            if s not in neurons and s not in inputs:
                r.fail(f"neuron[{i}].inputs[{k}]", f"{s!r} is neither a network input nor a neuron id")
    connections = sum(len(n.inputs) for n in neurons.values())
    if connections > MAX_CONNECTIONS:
        r.fail("neuron", f"{connections} connections; at most {MAX_CONNECTIONS}")
    order = _topological(r, neurons)
    for i, o in enumerate(outputs):
        if o not in neurons:
            r.fail(f"network.outputs[{i}]", f"{o!r} names no neuron")
    if len(set(outputs)) != len(outputs):
        r.fail("network.outputs", "names the same neuron twice")

    training = None
    if "training" in data:
        training = _training(r, r.table(data, "training", ""), len(inputs), len(outputs))
        t = training
        _check_training(r, [neurons[n] for n in order], outputs, t)
    net = Network(tuple(inputs), tuple(outputs), tuple(neurons[n] for n in order),
                  name, training, source, notation)
    if training is not None and (work := net.training_work()) > MAX_TRAINING_WORK:
        r.fail("training", f"{net.training_updates()} updates of {connections} connections is too "
               f"much exact work ({work:,} > {MAX_TRAINING_WORK:,}); lower epochs or steps")
    _check_groups(r, net.for_training(), "training.activation" if training and training.activation else None)
    return net


def _check_groups(r: _Reader, net: Network, field_: str | None) -> None:
    """A group activation (softmax) is on every output neuron and nowhere else, and feeds no
    other neuron."""
    ids = [i for i, n in enumerate(net.neurons) if n.activation.group]
    if not ids:
        return
    name = net.neurons[ids[0]].activation.name
    for i in ids:
        n = net.neurons[i]
        where = field_ or f"neuron[{_file_index(r, n.id)}].activation"
        if n.id not in net.outputs:
            r.fail(where, f"{name} is only for output neurons; neuron {n.id!r} is not an output")
        if net.consumers(n.id):
            r.fail(where, f"{name} outputs feed no other neuron; neuron {n.id!r} feeds "
                   f"{net.consumers(n.id)[0][0].id!r}")
    others = [o for o in net.outputs if not net.neuron(o).activation.group]
    if others:
        o = others[0]
        r.fail(field_ or f"neuron[{_file_index(r, o)}].activation",
               f"{name} must be on every output neuron (one group); output {o!r} is "
               f"{net.neuron(o).activation.name}")
    if len({net.neuron(o).activation for o in net.outputs}) > 1:
        r.fail(field_ or "network.outputs", f"the {name} outputs must form one group (same parameters)")


def _file_index(r: _Reader, nid: str) -> int:
    return r.file_ids.index(nid)


def _check_training(r: _Reader, neurons: list[Neuron], outputs: list[str], t: Training) -> None:
    """What needs the network and the [training] table together: slope, loss, fixed."""
    by_id = {n.id: n for n in neurons}
    trained = [t.activation or n.activation for n in neurons]
    if t.slope is not None:
        if not any(a.takes_slope for a in trained):
            r.fail("training.slope", "is the sigmoid's a, but no unit is trained as a sigmoid "
                   "(set the activation's own parameters instead, e.g. "
                   "activation = { name = \"tanh\", a = 1.7159, b = \"2/3\" })")
        own = [n.id for n, a in zip(neurons, trained) if a.takes_slope and a.params["a"] != 1]
        if own:
            r.fail("training.slope", f"the sigmoid of neuron {own[0]!r} has its own a: "
                   "give the slope in one place")
    for i, q in enumerate(t.fixed):
        kind, nid, k = parse(q) or ("", "", None)
        n = by_id.get(nid)
        ok = n is not None and ((kind == "b" and n.bias is not None) or
                                (kind == "w" and 1 <= k <= len(n.inputs)))
        if not ok:
            r.fail(f"training.fixed[{i}]", f"{q!r} names no parameter of the network "
                   "(write w[j,k] or b[j], e.g. \"b[h1]\")")
    acts = [t.activation or by_id[o].activation for o in outputs]
    if t.slope is not None:
        acts = [a.with_params(a=t.slope) if a.takes_slope else a for a in acts]
    problem = t.loss.check(acts, [p.d for p in t.patterns])
    if problem:
        r.fail("training.loss", problem)


def _topological(r: _Reader, neurons: dict[str, Neuron]) -> list[str]:
    order: list[str] = []
    state: dict[str, int] = {}          # 1 visiting, 2 done
    ids = list(neurons)
    for root in ids:
        if root in state:
            continue
        stack = [(root, iter(neurons[root].inputs))]
        state[root] = 1
        while stack:
            nid, it = stack[-1]
            for s in it:
                if s in neurons:
                    if state.get(s) == 1:
                        r.fail(f"neuron[{ids.index(s)}].inputs", f"cycle through neuron {s!r} (the network must be feed-forward)")
                    if s not in state:
                        state[s] = 1
                        stack.append((s, iter(neurons[s].inputs)))
                        break
            else:
                state[nid] = 2
                order.append(nid)
                stack.pop()
    return order


def _training(r: _Reader, t: dict, n_in: int, n_out: int) -> Training:
    w = "training."
    _unknown_keys(r, t, FIELDS["training"], w)
    act = None if "activation" not in t else r.activation(t["activation"], f"{w}activation")
    slope = None
    if "slope" in t:
        slope = r.rational(t["slope"], f"{w}slope")
        if slope <= 0:
            r.fail(f"{w}slope", "must be positive")
    loss = r.get(t, "loss", w, "str", required=False, default="half_sse")
    if loss not in LOSSES:
        r.fail(f"{w}loss", f"unknown loss {loss!r} (one of: {' | '.join(LOSSES)})")
    momentum = None
    if "momentum" in t:
        momentum = r.number(t["momentum"], f"{w}momentum")
        if not 0 <= momentum < 1:
            r.fail(f"{w}momentum", f"must be in [0, 1), got {exact_str(momentum)}")
    form = r.get(t, "momentum_form", w, "str", required=False, default="haykin")
    if form not in FORMS:
        r.fail(f"{w}momentum_form", f"unknown momentum form {form!r} (one of: {' | '.join(FORMS)})")
    if "momentum_form" in t and momentum is None:
        r.fail(f"{w}momentum_form", "needs momentum = α as well")
    fixed = r.get(t, "fixed", w, "list", required=False, default=[])
    for i, q in enumerate(fixed):
        if not isinstance(q, str):
            r.fail(f"{w}fixed[{i}]", f"must be a parameter name such as \"b[h1]\", got {_describe(q)}")
    if len(set(fixed)) != len(fixed):
        r.fail(f"{w}fixed", "names the same parameter twice")
    if "learning_rate" not in t:
        r.fail(f"{w}learning_rate", "missing")
    eta = r.number(t["learning_rate"], f"{w}learning_rate")
    if eta <= 0:
        r.fail(f"{w}learning_rate", "must be positive")
    mode = r.get(t, "mode", w, "str", required=False, default="online")
    if mode not in ("online", "batch"):
        r.fail(f"{w}mode", f"must be 'online' or 'batch', got {mode!r}")
    epochs = r.get(t, "epochs", w, "int", required=False, default=1)
    if not 1 <= epochs <= MAX_EPOCHS:
        r.fail(f"{w}epochs", f"must be between 1 and {MAX_EPOCHS}")
    steps = r.get(t, "steps", w, "int", required=False)
    if steps is not None and not 1 <= steps <= MAX_UPDATES:
        r.fail(f"{w}steps", f"must be between 1 and {MAX_UPDATES}")
    pats = r.get(t, "patterns", w, "list")
    if not pats:
        r.fail(f"{w}patterns", "needs at least one pattern")
    if len(pats) > MAX_PATTERNS:
        r.fail(f"{w}patterns", f"at most {MAX_PATTERNS} patterns")
    patterns = []
    for i, p in enumerate(pats):
        pw = f"{w}patterns[{i}]"
        if not isinstance(p, dict):
            r.fail(pw, "must be a table like { x = [0, 0], d = [0] }")
        _unknown_keys(r, p, FIELDS["pattern"], pw + ".")
        x = r.get(p, "x", pw + ".", "list")
        d = r.get(p, "d", pw + ".", "list")
        if len(x) != n_in:
            r.fail(f"{pw}.x", f"has {len(x)} values for {n_in} inputs")
        if len(d) != n_out:
            r.fail(f"{pw}.d", f"has {len(d)} values for {n_out} outputs")
        patterns.append(Pattern(tuple(r.number(v, f"{pw}.x[{k}]") for k, v in enumerate(x)),
                                tuple(r.number(v, f"{pw}.d[{k}]") for k, v in enumerate(d))))
    total = epochs * (len(patterns) if mode == "online" else 1)
    if steps is None and total > MAX_UPDATES:
        r.fail(f"{w}epochs", f"asks for {total} updates; at most {MAX_UPDATES} (set steps)")
    return Training(eta, tuple(patterns), act, slope, mode, epochs, steps, LOSSES[loss], momentum,
                    FORMS[form], tuple(fixed))


def layered(sizes, weights, biases, hidden: str = "tanh", output: str = "linear",
            training: Training | None = None, name: str | None = None) -> Network:
    """A fully connected layered network ``sizes = [n_in, h1, ..., n_out]``.

    ``weights[l][i][k]`` is the weight from unit k of layer l to unit i of layer l+1 (the
    layout of ``nn.Linear.weight``), ``biases[l][i]`` its bias; numbers are converted exactly
    (a float becomes its exact binary value). Inputs are x1..xn; neurons are named
    ``h<l>_<i>`` for hidden layers and ``o<i>`` for outputs.
    """
    inputs = tuple(f"x{i + 1}" for i in range(sizes[0]))
    hidden, output = activation(hidden), activation(output)     # one object per layer kind
    prev = list(inputs)
    neurons = []
    last = len(sizes) - 2
    for layer in range(len(sizes) - 1):
        ids = [f"o{i + 1}" if layer == last else f"h{layer + 1}_{i + 1}" for i in range(sizes[layer + 1])]
        for i, nid in enumerate(ids):
            neurons.append(Neuron(nid, tuple(prev), tuple(Fraction(w) for w in weights[layer][i]),
                                  Fraction(biases[layer][i]), output if layer == last else hidden))
        prev = ids
    return Network(inputs, tuple(prev), tuple(neurons), name, training, name or "<layered>")


def dumps(net: Network) -> str:
    """The network as a TOML network file (numbers as exact strings); ``loads`` reads it back."""
    def q(x) -> str:
        return '"' + _exact(x) + '"'
    def act(a: Activation) -> str:
        spec = a.to_json()
        if isinstance(spec, str):
            return f'"{spec}"'
        return "{ " + ", ".join(f'{k} = "{v}"' for k, v in spec.items()) + " }"
    lines = ["[network]"]
    if net.name:
        lines.append(f'name = "{net.name}"')
    if net.notation:
        lines.append(f'notation = "{net.notation}"')
    lines += [f"inputs = [{', '.join(chr(34) + s + chr(34) for s in net.inputs)}]",
              f"outputs = [{', '.join(chr(34) + s + chr(34) for s in net.outputs)}]", ""]
    for n in net.neurons:
        lines += ["[[neuron]]", f'id = "{n.id}"',
                  f"inputs = [{', '.join(chr(34) + s + chr(34) for s in n.inputs)}]",
                  f"weights = [{', '.join(q(w) for w in n.weights)}]",
                  "bias = " + ('"none"' if n.bias is None else q(n.bias)),
                  f"activation = {act(n.activation)}", ""]
    t = net.training
    if t is not None:
        lines.append("[training]")
        if t.activation:
            lines.append(f"activation = {act(t.activation)}")
        if t.slope is not None:
            lines.append(f"slope = {q(t.slope)}")
        lines += [f'loss = "{t.loss.name}"', f"learning_rate = {q(t.learning_rate)}",
                  f'mode = "{t.mode}"', f"epochs = {t.epochs}"]
        if t.steps is not None:
            lines.append(f"steps = {t.steps}")
        if t.momentum is not None:
            lines += [f"momentum = {q(t.momentum)}", f'momentum_form = "{t.momentum_form.name}"']
        if t.fixed:
            lines.append(f"fixed = [{', '.join(chr(34) + s + chr(34) for s in t.fixed)}]")
        lines.append("patterns = [")
        for p in t.patterns:
            lines.append(f"  {{ x = [{', '.join(q(x) for x in p.x)}], d = [{', '.join(q(x) for x in p.d)}] }},")
        lines.append("]")
    return "\n".join(lines) + "\n"
