"""What every activation is: one object owning φ and φ' in every form, its parameters, its
printed names and its kind.

A subclass sets ``name`` (and ``aliases``, Hagan's ``logsig`` for the sigmoid), its parameters
with their defaults, ``kind`` (``smooth``; ``kink``: φ' jumps at ``kinks``; ``threshold``: φ' is
0 almost everywhere, so part (a) and (b) apply and gradient training does not), and defining a
subclass in a module of this package registers it — nothing else in handgrad lists activations.

An instance is the activation with its parameter values (``Tanh(a=1.7159, b=2/3)``); two
instances are equal when their class and parameters are.

Forms, side by side:
    ``exact(v)``   φ(v) of a Fraction or mpf (a Fraction where rational)
    ``sympy(x)``   φ as a SymPy expression
    ``numpy(V)``   φ elementwise on an array (softmax: row-wise on a block)
    ``torch(V)``   φ on a torch tensor
    ``phi(v)``     φ(v) as a worked solution writes it, parameters shown (a formula tree)
    ``dphi(v, y)`` φ'(v) as a student writes it, in terms of y where that is the custom
    ``np_dphi(V, Y)`` and ``np_backward(V, Y, G)`` = ∂E/∂v from G = ∂E/∂y
    ``forward_into``, ``dphi_into``, ``backward_from``: the same into the engine's buffers
"""
from __future__ import annotations

import operator
from fractions import Fraction
from typing import ClassVar

import numpy as np

from derive.model.formula import Expr, Func
from derive.model.functions import Function
from derive.model.numbers import NumberError, exact_str, parse_number

KINDS = ("smooth", "kink", "threshold")

#: canonical name -> class, filled by subclassing (see ``Activation.__init_subclass__``)
ACTIVATIONS: dict[str, type["Activation"]] = {}
#: every accepted spelling (canonical names and aliases) -> canonical name
SPELLINGS: dict[str, str] = {}


class SpecError(ValueError):
    """A bad activation in a network file: ``where`` is the sub-field (``""`` or ``".a"``)."""

    def __init__(self, where: str, message: str):
        super().__init__(message)
        self.where = where


class Activation(Function):
    aliases: ClassVar[tuple[str, ...]] = ()
    kind: ClassVar[str] = "smooth"
    #: fields v where φ' jumps (``kind == "kink"``): finite differences are meaningless there
    kinks: ClassVar[tuple[Fraction, ...]] = ()
    #: parameter -> default value
    defaults: ClassVar[dict[str, Fraction]] = {}
    #: parameter -> (low, high): the values random test networks draw
    ranges: ClassVar[dict[str, tuple[Fraction, Fraction]]] = {}
    #: True for softmax: the output layer is one group, y_k depends on every v_j
    group: ClassVar[bool] = False
    #: threshold units: (output, condition on v) for each state, e.g. ((0, "<="), (1, ">"))
    states: ClassVar[tuple] = ()
    #: version 1's ``[training] slope`` sets this activation's a (the sigmoid's)
    takes_slope: ClassVar[bool] = False
    #: φ and φ' in plain text, for the worked solution's prose and the README
    formula_text: ClassVar[str] = ""
    derivative_text: ClassVar[str] = ""

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        if cls.__dict__.get("name"):
            assert cls.kind in KINDS, cls
            assert cls.name not in ACTIVATIONS, f"activation {cls.name!r} defined twice"
            ACTIVATIONS[cls.name] = cls
            for s in (cls.name,) + cls.aliases:
                SPELLINGS[s] = cls.name

    def __init__(self, **params):
        values = {}
        for key, default in self.defaults.items():
            values[key] = Fraction(params.pop(key, default))
        if params:
            raise SpecError("." + next(iter(params)), f"{self.name} has no parameter "
                            f"{next(iter(params))!r}" + (f" (its parameters: {', '.join(self.defaults)})"
                                                         if self.defaults else " (it has none)"))
        self.params = values
        for key, value in values.items():          # plain attributes: the engine's hot path reads them
            setattr(self, key, value)
        problem = self.check()
        if problem:
            raise SpecError("." + problem[0], problem[1])
        self.prepare()

    def prepare(self) -> None:
        """Precompute what the numeric forms need from the parameters (floats, flags)."""

    def check(self) -> tuple[str, str] | None:
        """(parameter, what is wrong) when the parameter values are not allowed."""
        for key, value in self.params.items():
            if value <= 0:
                return key, f"must be positive, got {exact_str(value)}"
        return None

    def with_params(self, **changes) -> "Activation":
        return type(self)(**{**self.params, **changes})

    def __eq__(self, other):
        return type(other) is type(self) and other.params == self.params

    def __hash__(self):
        return hash((type(self), tuple(self.params.items())))

    def __repr__(self):
        changed = [f"{k}={exact_str(v)}" for k, v in self.params.items() if v != self.defaults[k]]
        return f"{self.name}({', '.join(changed)})" if changed else self.name

    # -- description ----------------------------------------------------------------------------
    @property
    def threshold(self) -> bool:
        return self.kind == "threshold"

    #: φ(v) = v: the engine skips the copy (set by ``prepare``)
    identity: bool = False

    @property
    def label(self) -> str:
        """``sigmoid`` or ``tanh (a = 1.7159, b = 2/3)``: the name, with the parameters that
        differ from their defaults."""
        changed = [f"{k} = {exact_str(v)}" for k, v in self.params.items() if v != self.defaults[k]]
        return self.name + (f" ({', '.join(changed)})" if changed else "")

    @property
    def doc(self) -> str:
        """``1/(1 + exp(-a v)), a = 2; derivative a y (1 - y)``."""
        params = ", ".join(f"{k} = {exact_str(v)}" for k, v in self.params.items())
        out = self.formula_text + (f", {params}" if params else "")
        return out + (f"; derivative {self.derivative_text}" if self.derivative_text else "")

    def to_json(self):
        """The activation as a network file writes it: its name, or a table when a parameter
        differs from its default."""
        if all(v == self.defaults[k] for k, v in self.params.items()):
            return self.name
        return {"name": self.name, **{k: exact_str(v) for k, v in self.params.items()}}

    # -- formulas -------------------------------------------------------------------------------
    def phi(self, v: Expr) -> Expr:
        return Func(self, v)

    def dphi(self, v: Expr, y: Expr) -> Expr | None:
        """φ'(v) as a student writes it; None for threshold units."""
        return None

    # -- numbers --------------------------------------------------------------------------------
    # ``axis`` is the axis of the units in a block (softmax normalises along it); elementwise
    # activations ignore it.
    def numpy(self, V, axis=-1):
        raise NotImplementedError

    def np_dphi(self, V, Y):
        raise NotImplementedError

    def dphi_into(self, V, Y, out):
        """out[...] = φ'(V) from V and Y = φ(V); returns ``out`` (the engine's buffers)."""
        out[...] = self.np_dphi(V, Y)
        return out

    def np_backward(self, V, Y, G, axis=-1):
        """∂E/∂v from G = ∂E/∂y for a block of units."""
        return G * self.np_dphi(V, Y)

    def forward_into(self, V, out, axis=-1) -> None:
        """out[...] = φ(V) (the engine's preallocated buffers)."""
        out[...] = self.numpy(V)

    def backward_from(self, G, V, Y, axis=-1):
        """∂E/∂v from G = ∂E/∂y as a new array or G itself (the engine's hot path)."""
        return self.np_backward(V, Y, G)

    def torch(self, V):
        raise NotImplementedError


#: the conditions a threshold unit's ``states`` are written with, as comparisons with 0
_COMPARE = {"<": operator.lt, "<=": operator.le, "==": operator.eq, ">": operator.gt, ">=": operator.ge}
_OP_TEXT = {"<": "<", "<=": "<=", "==": "=", ">": ">", ">=": ">="}


class Threshold(Activation):
    """A threshold unit: its ``states`` (output, condition on v) are all there is to it, and
    φ of a number, an array and a tensor is read from them (step's ((0, "<="), (1, ">")) is 1
    for v > 0, else 0), and so is the text of its formula; each subclass keeps its own SymPy form (the JSON's ``Heaviside(v, 0)``)."""
    kind = "threshold"

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        if cls.states and "formula_text" not in cls.__dict__:      # the states, highest first
            cls.formula_text = ", ".join(f"{out} for v {_OP_TEXT[op]} 0" for out, op in reversed(cls.states))

    def exact(self, v):
        return next(Fraction(out) for out, op in self.states if _COMPARE[op](v, 0))

    def numpy(self, V, axis=-1):
        return sum(out * _COMPARE[op](V, 0).astype(float) for out, op in self.states)

    def torch(self, V):
        return sum(out * _COMPARE[op](V, 0).to(V.dtype) for out, op in self.states)


def activation(spec) -> Activation:
    """The activation a network file names: ``"tanh"``, Hagan's ``"tansig"``, or a table
    ``{ name = "tanh", a = 1.7159, b = "2/3" }``. Raises :class:`SpecError`."""
    if isinstance(spec, Activation):
        return spec
    if isinstance(spec, str):
        name, raw = spec, {}
    elif isinstance(spec, dict):
        name = spec.get("name")
        if not isinstance(name, str):
            raise SpecError(".name", "missing: a table needs name = \"...\" (e.g. "
                            "{ name = \"tanh\", a = 1.7159, b = \"2/3\" })")
        raw = {k: val for k, val in spec.items() if k != "name"}
    else:
        raise SpecError("", "must be a name such as \"sigmoid\" or a table such as "
                        "{ name = \"sigmoid\", a = 2 }")
    if name not in SPELLINGS:
        raise SpecError("", f"unknown activation {name!r} (one of: {' | '.join(SPELLINGS)})")
    cls = ACTIVATIONS[SPELLINGS[name]]
    params = {}
    for key, value in raw.items():
        if key not in cls.defaults:
            raise SpecError(f".{key}", f"{cls.name} has no parameter {key!r}"
                            + (f" (its parameters: {', '.join(cls.defaults)})" if cls.defaults else " (it has none)"))
        try:
            params[key] = parse_number(value)
        except NumberError as e:
            raise SpecError(f".{key}", str(e)) from None
        if not isinstance(params[key], Fraction):
            raise SpecError(f".{key}", "an activation's parameter must be a rational number")
    return cls(**params)


def np_sigmoid(z):
    """1/(1 + e^(−z)), stable for |z| up to 1e4 and beyond: never exponentiates a positive
    number."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
