"""Shared by the tests: how many Hypothesis examples to run, and where the checkout is.

CI (``CI=true``) runs every property at its full count, derandomized so the gate is the same on
every run; a local run (the ``dev`` profile) runs a tenth of them so the suite stays quick, and
keeps exploring new examples from run to run.
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IN_CI = bool(os.environ.get("CI"))


def heavy(test):
    """A worst case of the Limits (time and memory of the largest admitted input): run in CI
    (``CI=true``) and skipped locally, saying so; marked ``heavy`` so that CI's reruns under
    other BLAS kernels, which look for CPU-dependent numbers, need not repeat it."""
    import pytest
    return pytest.mark.heavy(pytest.mark.skipif(not IN_CI, reason="heavy worst case: runs with CI=true")(test))


def examples(n: int) -> int:
    """``n`` Hypothesis examples in CI, a tenth of them (at least 5) locally."""
    return n if IN_CI else max(5, n // 10)


def _negated(text: str) -> str:
    return text if text == "0" else text[1:] if text.startswith("-") else "-" + text


def step_values(step: dict) -> dict:
    """quantity -> value string of one step of ``solve --format json``, every group, without the
    negated names s[j], theta[j] (each checked to be its quantity negated, digit for digit): a
    template asks the contract's names."""
    from derive.model.names import NEGATED
    vals = {**step["forward"], "E": step["error"], **step["delta"], **step["gradient"],
            **step["change"], **step["after"]}
    out = {}
    for q, x in vals.items():
        kind = q.split("[", 1)[0]
        if kind in NEGATED:
            assert x == _negated(vals[NEGATED[kind] + q[len(kind):]]), (q, x)
        else:
            out[q] = x
    return out


def fill_answers(text: str, values: dict) -> str:
    """A blank answers file (handgrad template) with ``values[step][quantity]`` written in."""
    import re
    step, lines = None, []
    for line in text.splitlines():
        step = int(m.group(1)) if (m := re.fullmatch(r"\[steps\.(\d+)\]", line)) else step
        if line.startswith("step = "):
            step = int(line.split("=")[1])
        m = re.match(r'"([^"]+)" = ""', line)
        lines.append(line.replace('= ""', f'= "{values[step][m.group(1)]}"', 1) if m else line)
    return "\n".join(lines) + "\n"


#: Every admitted input finishes in this time and memory on the project's machine (issue 17);
#: the measured tests assert 3× these, so they catch blow-ups, not machine noise.
TARGET_SECONDS, TARGET_MB = 10, 500

#: the time of a run is the smaller of its wall-clock and CPU seconds: on a busy machine (CI's
#: two workers, other jobs) the wall clock counts the waits for a core; for a run on several
#: threads (torch) the CPU seconds count every thread. The smaller is what an idle machine shows.
_MEASURE = ("import resource, sys, time\n"
            "from handgrad.cli import main\n"
            "t, c = time.perf_counter(), time.process_time()\n"
            "code = main(sys.argv[1:])\n"
            "sys.stderr.write(f'\\nMEASURED {min(time.perf_counter() - t, time.process_time() - c)} '\n"
            "                 f'{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n"
            "sys.exit(code)\n")


class Measured:
    def __init__(self, code, out, err, seconds, mb):
        self.code, self.out, self.err, self.seconds, self.mb = code, out, err, seconds, mb

    def within(self, factor: float = 3) -> bool:
        return self.seconds <= factor * TARGET_SECONDS and self.mb <= factor * TARGET_MB


def measured(*args, cwd=None, timeout: float = 6 * TARGET_SECONDS + 60) -> Measured:
    """``handgrad ARGS`` in a fresh interpreter: exit code, output, seconds (the smaller of wall
    and CPU, above) and peak MB; a run past ``timeout`` wall seconds counts as infinitely long."""
    import subprocess
    import sys
    try:
        r = subprocess.run([sys.executable, "-c", _MEASURE, *map(str, args)], capture_output=True,
                           text=True, cwd=cwd, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Measured(None, "", "timed out", float("inf"), float("inf"))
    err, found, tail = r.stderr.rpartition("\nMEASURED ")
    if not found:                              # it died before reporting
        return Measured(r.returncode, r.stdout, r.stderr, float("inf"), float("inf"))
    seconds, kb = tail.split()
    return Measured(r.returncode, r.stdout, err, float(seconds), float(kb) / 1024)


def wrong_only_where_rounding_hides_an_update(result: dict) -> None:
    """Exact values rounded as a student rounds are all correct, except a parameter whose
    non-zero update does not show at the digits written: the rounded new value is the old one,
    and the contract marks it not-updated however the rounding falls (generate's
    visible-updates rule keeps such exercises out)."""
    for a in result["answers"]:
        if a["verdict"] != "correct":
            assert a["diagnosis"] in ("not-updated", "no-bias-update"), a
            assert "does not show at the digits written" in a["message"], a
