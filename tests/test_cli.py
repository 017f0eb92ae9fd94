"""The command line end to end on the example files."""
import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_solve_default_is_the_seed(cli):
    r = cli("solve")
    assert r.code == 0 and r.out.startswith("Worked solution: xor")
    assert "x1 + x2 = 2.5" in r.out and "computes XOR" in r.out and "w[2,3] = w[2,3]" in r.out


def test_solve_json_contract_keys(cli):
    out = json.loads(cli("solve", "--format", "json").out)
    assert {"network", "local_fields", "outputs", "decision", "truth_table", "boolean_function",
            "training"} <= set(out)
    step = out["training"]["steps"][0]
    assert {"index", "epoch", "pattern", "forward", "error", "delta", "after"} <= set(step)


@pytest.mark.parametrize("name", ["skip_mixed.toml", "sign_two_outputs.toml"])
@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "latex"])
def test_examples_solve(cli, name, fmt):
    r = cli("solve", EXAMPLES / name, "--format", fmt)
    assert r.code == 0 and r.err == ""


def test_example_batch_network_verifies(cli):
    r = cli("verify", EXAMPLES / "skip_mixed.toml", "--format", "json")
    assert r.code == 0 and json.loads(r.out)["passed"]


def test_python_m_form():
    import subprocess
    import sys
    r = subprocess.run([sys.executable, "-m", "derive", "solve", "--format", "json"], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0 and json.loads(r.stdout)["boolean_function"] == {"2": "XOR"}


def test_usage_errors_are_one_line(cli):
    r = cli("frobnicate")
    assert r.code == 2 and r.err.count("\n") == 1 and r.err.startswith("handgrad: ")
    r = cli("solve", "--format", "pdf")
    assert r.code == 2 and "invalid choice" in r.err
