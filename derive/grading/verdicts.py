"""One verdict per answer: correct, carried (error carried forward) or wrong, step after step.

The precision policy (CONTRACT.md, "Checking, version 2"): an answer is **correct** when it
equals the exact value, or has at least ``digits`` significant digits and the exact value
rounds to it at the digits written (lies within half a unit of its last digit). ``0`` has no
significant digits, so it is never correct for a value that is not 0.

**Carried**: not correct, but with enough digits, and its interval meets the range of its
formula over the intervals of the student's earlier answers (:mod:`derive.grading.intervals`),
or it equals exactly the value recomputed from their answers as written. Quantities the student
did not answer stand for the range of their own formula; a later step starts from the
parameters the student gave (or from that range) — so one slip is penalised once.

**Wrong** otherwise, diagnosed in this order:
- ``not-updated`` / ``no-bias-update``: a parameter answered with its value from before the step
  (the old value lies in the answer's interval), where the update recomputed from the student's
  own numbers is not 0 — however the rounding falls;
- ``too-few-digits``: right at the digits written (for the exact value or for the student's own
  earlier answers) but shorter than the policy — unless a catalogue slip explains it better:
  the number, read at the policy's digits, is the slip's value (from the numbers as written or
  the exact ones) and not the right one (``delta = 0`` from the step function's φ' = 0);
- a slip of :mod:`derive.grading.slips` whose formula, over the student's earlier answers or with
  the exact earlier values, gives the number.

Guard against over-wide intervals: ranges are tight (monotone pieces, not plain interval
arithmetic), and an earlier answer stands for at most the policy's precision — one written with
fewer digits stands for the values that round to it at the policy's digits, and ``0`` or a
fraction for itself — so a short answer cannot open a wide window for the answers after it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from fractions import Fraction

from derive.grading.derivation import Derivation, Quantity
from derive.grading.intervals import Interval, meets, point, range_of
from derive.grading.slips import variants
from derive.grading.typed import Typed
from derive.model.formula import symbols
from derive.model.numbers import MP, exact_str, text_number, to_mpf

DEFAULT_DIGITS = 2
#: verdicts a class keeps for reuse (per network)
MEMO_SIZE = 200_000


@dataclass(frozen=True)
class Policy:
    digits: int = DEFAULT_DIGITS

    def enough(self, t: Typed) -> bool:
        return t.exact or t.sig >= self.digits

    def interval(self, t: Typed, exact=None) -> Interval:
        """What an earlier answer stands for when later answers are carried forward: the
        values that round to it; itself when it is 0, a fraction or the exact value (``-1.5``
        for -3/2 was computed exactly, not rounded)."""
        if t.exact or t.zero or (isinstance(exact, Fraction) and t.value == exact):
            return point(t.value)
        if t.sig >= self.digits:
            return t.interval()
        half = t.unit / 10 ** (self.digits - t.sig) / 2
        return t.value - half, t.value + half


@dataclass(frozen=True)
class Given:
    """One answer: the name it was given under, the quantity it answers, and the number (in the
    quantity's own sign: ``s[2] = 0.06`` answers delta[2] = -0.06)."""
    name: str
    quantity: str
    sign: int
    typed: Typed          # as the student wrote it
    raw: str
    #: the name in the student's notation, where it is not the contract's (Hagan's a[1,2])
    label: str | None = None

    @property
    def value(self) -> Typed:
        return self.typed if self.sign == 1 else self.typed.negated()


class StepEnv:
    """The intervals (or, with ``points``, the numbers) of one step for one student: their
    answers where given, the range of the formula where not, computed in order on demand."""

    def __init__(self, D: Derivation, step: int, values: dict, given: dict, answered: frozenset,
                 typed: dict | None = None):
        self.D = D
        self.step = step
        self.typed = typed or {}      # key -> the student's typed number (for worked lines)
        self.values = values          # key -> interval: x, d, eta, parameters before the step
        self.given = given            # key -> () -> interval of the student's answer (made on use)
        self.answered = answered      # names of the views the student answered
        self.filled = 0

    def __getitem__(self, key):
        got = self.values.get(key)
        if got is not None:
            return got
        if key in self.given:
            self.values[key] = self.given[key]()
            return self.values[key]
        q = self.D.by_key.get(key)
        if q is None:
            raise KeyError(key)
        self.fill(self.D.position[q.name])
        return self.values[key]

    def fill(self, upto: int) -> None:
        """Compute every quantity up to position ``upto`` that is neither given nor a view."""
        order, quantities = self.D.order, self.D.quantities
        while self.filled <= upto:
            q = quantities[order[self.filled]]
            self.filled += 1
            if q.key in self.values or q.view and q.key not in self.given:
                continue
            self.values[q.key] = self.given[q.key]() if q.key in self.given else self.formula_range(q)

    def value(self, key: str) -> Interval:
        """A quantity's interval, a view's too (the range of its formula when not answered)."""
        q = self.D.by_key[key]
        if q.view and key not in self.given:
            self.fill(self.D.position[q.name])
            return self.formula_range(q)
        return self[key]

    def formula_range(self, q: Quantity) -> Interval:
        """The range of q's formula over the earlier values (not the student's own answer)."""
        return range_of(self.D.effective(q.name, self.answered), self)


def _show(x, t: Typed | None = None) -> str:
    """A value for a message: two digits more than the student wrote (at least 4)."""
    digits = max(4, (t.sig if t is not None and t.sig else 2) + 2)
    return text_number(x, min(digits, 12))


def _range_text(r: Interval, t: Typed) -> str:
    lo, hi = _show(r[0], t), _show(r[1], t)
    return lo if lo == hi else f"{lo} to {hi}"


def _signed(r: Interval, sign: int) -> Interval:
    return r if sign == 1 else (-r[1], -r[0])


def _minus(a, b):
    return a - b if isinstance(a, Fraction) and isinstance(b, Fraction) else to_mpf(a) - to_mpf(b)


_EQUAL = MP.mpf(10) ** -40


def _equal(a, b) -> bool:
    """Equal, or within 1e-40 relative where one is an 80-digit value."""
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a == b
    fa, fb = float(a), float(b)
    if abs(fa - fb) > 1e-12 * (1 + abs(fb)):           # clearly apart: no 80-digit arithmetic
        return False
    return abs(to_mpf(a) - to_mpf(b)) <= _EQUAL * (1 + abs(to_mpf(b)))


def _inside(x, iv: Interval) -> bool:
    return meets(point(x), iv)


def judge(D: Derivation, q: Quantity, g: Given, env: StepEnv, penv: StepEnv, exact: dict,
          policy: Policy, work: bool = False) -> dict:
    """The verdict of one answer; ``env`` holds the student's intervals, ``penv`` their numbers
    as written, ``exact`` the exact values of the step. With ``work``, an answer that is not
    correct carries ``_work``: its formula with the student's own numbers (for feedback)."""
    t = g.value
    x = exact[q.key]
    sign = g.sign
    written = t.interval()                       # the values that round to it, by position
    I = point(t.value) if t.exact or t.zero else written    # what the number claims

    def out(verdict, message, diagnosis=None, recomputed=None):
        r = {"quantity": g.name, "given": g.raw, "exact": D.exact_text(env.step, q.key, sign), "verdict": verdict,
             "recomputed": None if recomputed is None else exact_str(sign * recomputed),
             "diagnosis": diagnosis, "message": message}
        if g.label is not None and g.label != g.name:
            r["name"] = g.label
        if work and verdict != "correct":
            r["_work"] = worked(D, q, penv, x)
        return r

    if q.parameter:
        old = penv[q.name][0]
        if _inside(old, I):
            p = penv.formula_range(q)[0]
            change = _minus(p, old)
            if change != 0:
                code = "no-bias-update" if q.kind == "b" else "not-updated"
                hidden = "; the update does not show at the digits written: write more digits" \
                    if _inside(x, I) else ""
                return out("wrong", f"this is the value before the update; your own numbers change it by "
                           f"{_show(sign * change, t)} to {_show(sign * p, t)} (exact {_show(sign * x, t)})"
                           + hidden, code)
    if _equal(t.value, x) or (policy.enough(t) and not t.exact and not t.zero and _inside(x, I)):
        return out("correct", "correct")
    p = penv.formula_range(q)[0]                  # recomputed from the answers as written
    at_point = _equal(t.value, p) or _inside(p, I)
    R = None if at_point else env.formula_range(q)     # the range holds p: needed only if p fails
    consistent = at_point or meets(I, R)
    if consistent and (policy.enough(t) or _equal(t.value, p)):
        how = (f"({_show(sign * p, t)})" if at_point else
               f"computed on with unrounded values ({_range_text(_signed(R, sign), t)})")
        return out("carried", f"follows from your earlier answers {how}; the exact value is {_show(sign * x, t)}",
                   recomputed=p)
    if R is None:
        R = env.formula_range(q)
    if not policy.enough(t) and (_inside(x, written) or meets(written, R)):
        # right at the digits written, but too short; a slip explains it better when the number,
        # read at the policy's digits, is the slip's value (from the numbers as written, or
        # the exact ones) and not the right one
        at_policy = policy.interval(t)
        slip = _find_slip(D, q, at_policy, penv, None, exact, g)
        if slip is None or _inside(x, at_policy) or meets(at_policy, R):
            what = ("0 has no significant digits" if t.zero else
                    f"right to the {t.sig} significant digit{'s' if t.sig != 1 else ''} written")
            return out("wrong", f"{what}; at least {policy.digits} are required "
                       f"(the exact value is {_show(sign * x, t)})", "too-few-digits")
    else:
        slip = _find_slip(D, q, I, penv, env, exact, g, (t, x, p))
    msg = f"expected {_show(sign * x, t)}"
    if not _equal(p, x):
        msg += f" ({_show(sign * p, t)} from your earlier answers)"
    if slip is not None:
        msg += f": you {slip.message}"
    return out("wrong", msg, slip.code if slip else None)


@dataclass(frozen=True)
class Worked:
    """A worked line: ``quantity = formula = the formula with the student's numbers = result``.
    ``values`` maps each symbol to the student's typed number where they gave one, else the
    number recomputed from their answers (or given by the exercise)."""
    quantity: str
    formula: object
    values: dict
    result: object
    exact: object


def worked(D: Derivation, q: Quantity, penv: StepEnv, x) -> Worked:
    f = D.effective(q.name, penv.answered)
    values = {}
    for s in symbols(f):
        key = D.by_key[s].key if s in D.by_key else s
        values[s] = penv.typed.get(key) or penv[s][0]
    return Worked(q.name, f, values, penv.formula_range(q)[0], x)


def _find_slip(D: Derivation, q: Quantity, I: Interval, penv: StepEnv, env: StepEnv | None, exact: dict,
               g: Given | None = None, typed: tuple | None = None):
    """The first catalogue slip whose formula gives a value in I: with the exact earlier
    values, from the student's numbers as written (``penv``), or anywhere over the intervals
    of their earlier answers (``env``, when given); a slip with a ``when`` only for answers
    under a name it fits (δ or s), and a rule with a ``test`` (truncation) on ``typed`` =
    (the typed number, the exact value, the value from the student's own answers)."""
    from derive.grading.slips import SLIPS
    for index, (slip, f) in enumerate(variants(D, q)):
        if slip.when is not None and g is not None and not slip.when(g):
            continue
        try:
            if _inside(D.slip_exact(penv.step, q, index, f), I) or _inside(range_of(f, penv)[0], I):
                return slip
            if env is not None and meets(I, range_of(f, env)):
                return slip
        except (KeyError, ZeroDivisionError):
            continue
    if typed is not None:
        t, x, p = typed
        for slip in SLIPS:
            if slip.test is not None and slip.test(t, x, p):          # all in the quantity's own sign
                return slip
    return None


# --------------------------------------------------------------------------- the walk
def walk(D: Derivation, steps: dict[int, list[Given]], policy: Policy,
         before: dict[str, Typed] | None = None, work: bool = False) -> list[dict]:
    """Verdicts of every answer of every step, in step order and the order a student computes
    them. Step N + 1 starts from the parameters of step N as the student gave them (their range
    where not given); ``before`` gives the parameters the first answered step starts from."""
    first, last = min(steps), max(steps)
    carried = D.carried_state()
    exact0 = D.before(first)
    iv = {name: point(x) for name, x in exact0.items()}
    pt = dict(iv)
    for name, t in (before or {}).items():
        iv[name] = policy.interval(t, exact0[name])
        pt[name] = point(t.value)
    results: list[dict] = []
    for index in range(first, last + 1):
        given = steps.get(index, [])
        keys = {}
        for g in given:
            keys.setdefault(D.quantities[g.quantity].key, g)
        exact = D.exact(index)
        envs = None

        def make():                    # the student's intervals and numbers, on first need
            base = {k: point(x) for k, x in D.base(index).items()}
            answered = frozenset(g.quantity for g in keys.values() if D.quantities[g.quantity].view)
            env = StepEnv(D, index, {**base, **iv},
                          {k: partial(policy.interval, g.value, exact[k]) for k, g in keys.items()}, answered)
            penv = StepEnv(D, index, {**base, **pt}, {k: partial(point, g.value.value) for k, g in keys.items()},
                           answered, {k: g.value for k, g in keys.items()})
            return env, penv
        # a class shares its verdicts: the same answer after the same earlier answers (from the
        # exact starting state) is judged once
        memo = D.memo.setdefault("verdicts", {}) if index == first and not before else None
        texts = {k: (g.raw, g.sign) for k, g in keys.items()}
        for g in sorted(given, key=lambda g: D.position[g.quantity]):
            q = D.quantities[g.quantity]
            mkey = None if memo is None else (index, g.name, g.label, g.raw, g.sign, policy.digits, work,
                                              tuple(map(texts.get, D.upstream(q.name))))
            r = memo.get(mkey) if memo is not None else None
            if r is None:
                envs = envs or make()
                r = judge(D, q, g, *envs, exact, policy, work)
                r["step"] = index
                if memo is not None and len(memo) < MEMO_SIZE:
                    memo[mkey] = r
            results.append(dict(r))
        if index < last:
            envs = envs or make()
            iv = {name: envs[0].value(key) for name, key in carried}
            pt = {name: envs[1].value(key) for name, key in carried}
    return results
