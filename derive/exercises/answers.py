"""Blank answers files (``handgrad template``) and answer keys.

The quantities of a training step come from the per-neuron formulas, in the order a student
computes them (forward pass v, y per neuron; the error E; the local gradients δ from the outputs
back; the parameters after the update). A blank answers file lists them, each with an empty
value and a comment saying what it is; ``handgrad check`` reads it back (an empty value is an
answer not given). The key holds the same quantities with their exact and rounded values.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from derive.backprop.quantities import Formulas
from derive.backprop.training import Step, run, trained_network
from derive.errors import InputError
from derive.model.names import group, meaning, parse, y
from derive.model.network import Network
from derive.model.numbers import exact_str, text_number, to_mpf

#: An answers file holds at most this many answers (as ``handgrad check`` reads).
MAX_ANSWERS = 5000
#: the most digits a key shows (values carry 80; an update hidden beyond this is shown here)
MAX_SHOWN = 30


def step_quantities(F: Formulas) -> list[str]:
    """The names of one step's quantities, in the order a student computes them — those of
    :meth:`Formulas.step_quantities` a student is asked for: a fixed parameter is not (it is
    never updated, so its "answer" is a number printed on the sheet)."""
    changes = F.changes()
    return [q for q in F.step_quantities() if group(q) != "after" or q in changes]


def value(step: Step, q: str):
    """The exact value of quantity ``q`` at ``step`` (parameters: after the update)."""
    for values in (step.after, step.changes):
        if q in values:
            return values[q]
    return step.passes[0].env[q]


@dataclass(frozen=True)
class KeyValue:
    """One answer of the key: its exact value (as ``solve``'s JSON writes it) and the value
    rounded to ``digits`` significant digits — more where ``digits`` would hide a non-zero
    update, so a key value never reads as the parameter's old value (``check`` marks such an
    answer not-updated, as it must)."""
    step: int
    quantity: str
    exact: str
    rounded: str
    digits: int

    def tolerance(self) -> str:
        """Half a unit of the last of ``digits`` significant digits (0 for 0: only 0 is 0)."""
        r = Decimal(self.rounded)
        if r == 0:
            return "0"
        half = Decimal(5).scaleb(r.adjusted() - self.digits)
        return format(half, "f") if -30 < half.adjusted() < 30 else str(half)


def key_value(step: Step, q: str, digits: int) -> KeyValue:
    from derive.grading.typed import read_number
    x = value(step, q)
    text, d = text_number(x, digits), digits
    if q in step.before and to_mpf(x) != to_mpf(step.before[q]):
        while d < MAX_SHOWN and read_number(text).holds(step.before[q]):
            d += 1
            text = text_number(x, d)
    return KeyValue(step.index, q, exact_str(x), text, d)


# --------------------------------------------------------------------------- notations
def notation(name: str | None):
    """The textbook notation a blank file names its quantities in (:mod:`derive.notations`);
    an unknown name is an error of ``--notation``."""
    from derive.notations import notation as find
    return find(name, "template", "--notation")


def headings(N) -> dict:
    """The comment above each group of a step's quantities, in the notation's words."""
    params = "thresholds" if N.bias == "threshold" else "biases"
    return {"forward": "forward pass", "error": N.word("E"),
            "delta": f"{N.word('deltas')}, from the outputs back",
            "gradient": f"gradients d{N.symbols['E'].text}/dw, d{N.symbols['E'].text}/d{N.symbols[N.bias_kind].text}",
            "change": f"changes of the weights and {params}", "after": f"weights and {params} after the update"}


def names_in(net: Network, N, quantities) -> dict[str, str]:
    """{contract name: the notation's name} (Haykin's: the contract's own; Hagan's a[1,2] for
    y[h2] in a layered network; Negnevitsky's theta[3] for b[3], w[1,3] for w[3,1])."""
    from derive.notations import HAYKIN
    if N is HAYKIN:
        return {q: q for q in quantities}
    from derive.notations.formulas import rename
    from derive.render.math import text as plain
    from derive.render.mathprint import Printer
    P = Printer(notation=N, net=net)
    out = {}
    for q in quantities:
        kind, j, _ = parse(q)
        out[q] = (f"{N.symbols['dphi'].text}[{P._unit_text(j)}]" if kind == "dphi"
                  else plain(P.quantity(rename(N, q)[0])))
    return out


def describe_in(N, net: Network, q: str) -> str:
    """What quantity ``q`` is, in notation ``N``: a quantity the book writes with the sign
    turned says so (Hagan's s[2,1]: "sensitivity of neuron a2 (= -delta[a2])")."""
    from derive.notations.formulas import rename
    kind, j, _ = parse(q)
    if kind == "E":                    # Hagan's performance index F, Nielsen's cost C
        return f"{N.word('E')} of the pattern"
    if rename(N, kind)[1] == 1:
        return describe(net, q)
    what = {"delta": f"{N.word('delta')} of neuron {j}", "b": f"threshold of neuron {j} after the update",
            "db": f"change of the threshold of neuron {j} at this step",
            "grad_b": f"d{N.symbols['E'].text}/dtheta of neuron {j}"}[kind]
    return f"{what} (= -{q})"


def describe(net: Network, q: str) -> str:
    """What quantity ``q`` is, naming the input a weight's k stands for."""
    text = meaning(q)
    kind, j, k = parse(q)
    if k:
        src = net.neuron(j).inputs[k - 1]
        text += f" (input {k}: {y(src) if net.is_neuron(src) else src})"
    return text


# --------------------------------------------------------------------------- the file
_SAFE_STRING = re.compile(r'[^"\\\x00-\x1f\x7f]*')


def toml_string(s: str) -> str:
    if _SAFE_STRING.fullmatch(s):
        return f'"{s}"'
    return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) < 32 or ord(c) == 127 else
                         ("\\" + c if c in '"\\' else c) for c in s) + '"'


@dataclass(frozen=True)
class Questions:
    """The steps a student answers, with their quantities and exact values."""
    net: Network
    steps: list[Step]
    quantities: list[str]


def questions(net: Network, steps: int | None = None, source: str = "") -> Questions:
    """The first ``steps`` training steps of ``net`` (default: all of the file's)."""
    t = net.training
    if t is None:
        raise InputError(source or net.source, "training", "missing: the network file has no "
                         "[training] table, so there are no steps to answer")
    if t.mode != "online":
        raise InputError(source or net.source, "training.mode", "answers files hold online steps "
                         "(each step one pattern); this network trains in batch mode")
    available = net.training_updates()
    if steps is not None:
        if steps > available:
            raise InputError(source or net.source, "--steps", f"the network's training has "
                             f"{available} step{'s' if available != 1 else ''}, not {steps}")
        net = replace(net, training=replace(t, steps=steps))
    tnet, F = trained_network(net)
    qs = step_quantities(F)
    n = len(qs) * (steps or available)
    if n > MAX_ANSWERS:
        raise InputError(source or net.source, "--steps", f"{n} answers; an answers file holds "
                         f"at most {MAX_ANSWERS} (ask for fewer steps)")
    return Questions(tnet, run(net, (tnet, F)), qs)


def blank(ex: Questions, network: str, *, student: str = "", sid: str | None = None,
          digits: int | None = None, notation_name: str | None = None, title: str | None = None) -> str:
    """The blank answers file of ``ex``; ``network`` is what its ``network`` key names."""
    N = notation(notation_name)
    net = ex.net
    shown = names_in(net, N, ex.quantities)
    many = len(ex.steps) > 1
    head = [f"# {title or 'Answers'}: network {net.name or network}, "
            f"{len(ex.steps)} step{'s' if many else ''} of backpropagation.",
            "# Write each value between the quotes, as a decimal (\"-0.06179\"); "
            + (f"give at least {digits} significant digits." if digits else "keep enough digits."),
            "# Weights and biases are the values after the step's update."]
    lines = head + [f"network = {toml_string(network)}"]
    if sid is not None:
        lines.append(f"id = {toml_string(sid)}")
    lines.append(f"student = {toml_string(student)}")
    if digits is not None:
        lines.append(f"digits = {digits}")
    if notation_name is not None and N.name != "haykin":
        lines.append(f"notation = {toml_string(N.name)}")
    if not many:
        lines.append(f"step = {ex.steps[0].index}")
    width = max(len(shown[q]) for q in ex.quantities) + 9
    heads = headings(N)
    for s in ex.steps:
        p = s.passes[0].pattern
        lines += ["", f"[steps.{s.index}]" if many else "[answers]",
                  f"# step {s.index} (epoch {s.epoch}): pattern x = ({', '.join(map(exact_str, p.x))}), "
                  f"d = ({', '.join(map(exact_str, p.d))})"]
        phase = None
        for q in ex.quantities:
            if group(q) != phase:
                phase = group(q)
                lines.append(f"# {heads[phase]}")
            what = describe_in(N, net, q) + (f" ({q})" if shown[q] != q and "(= -" not in describe_in(N, net, q) else "")
            lines.append(f'{toml_string(shown[q]) + " = " + chr(34) * 2:<{width}}# {what}')
    return "\n".join(lines) + "\n"


def key(ex: Questions, digits: int) -> list[KeyValue]:
    """Every answer of ``ex`` with its exact and rounded value, in the order a student computes."""
    return [key_value(s, q, digits) for s in ex.steps for q in ex.quantities]
