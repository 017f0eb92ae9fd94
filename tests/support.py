"""Shared by the tests: how many Hypothesis examples to run, and where the checkout is.

CI (``CI=true``) runs every property at its full count, derandomized so the gate is the same on
every run; a local run (the ``dev`` profile) runs a tenth of them so the suite stays quick, and
keeps exploring new examples from run to run.
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IN_CI = bool(os.environ.get("CI"))


def examples(n: int) -> int:
    """``n`` Hypothesis examples in CI, a tenth of them (at least 5) locally."""
    return n if IN_CI else max(5, n // 10)


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
