"""The command line end to end on the example files."""
import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_solve_default_is_the_seed(cli):
    r = cli("solve")
    assert r.code == 0 and r.out.startswith("Worked solution: xor")
    assert "x1 + x2 = 2.5" in r.out and "computes XOR" in r.out and "w[2,3](n + 1) = w[2,3](n)" in r.out


def test_solve_json_contract_keys(cli):
    out = json.loads(cli("solve", "--format", "json").out)
    assert {"network", "local_fields", "outputs", "decision", "truth_table", "boolean_function",
            "training"} <= set(out)
    step = out["training"]["steps"][0]
    assert {"index", "epoch", "pattern", "forward", "error", "delta", "after"} <= set(step)


@pytest.mark.parametrize("name", ["skip_mixed.toml", "sign_two_outputs.toml"])
@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "latex", "html"])
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
    assert r.err.count("handgrad:") == 1 and "handgrad solve --help" in r.err


def test_bare_command_prints_usage_and_every_subcommand(cli):
    r = cli()                               # the same as `handgrad --help`
    assert r.code == 0 and r.out.startswith("usage: handgrad") and r.err == ""
    for command in ("solve", "check", "verify", "sine"):
        assert f"    {command} " in r.out
    assert "exit codes" in r.out


def test_version(capsys):
    from handgrad import __version__
    from handgrad.cli import main
    with pytest.raises(SystemExit) as ex:
        main(["--version"])
    assert ex.value.code == 0 and capsys.readouterr().out.strip() == f"handgrad {__version__}"


def test_progress_only_on_a_terminal(monkeypatch):
    import io
    import sys
    from handgrad.progress import progress
    items = [1, 2, 3]
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert progress(items) is items                      # a file or a pipe: no bar, no \r
    tty = io.StringIO()
    tty.isatty = lambda: True
    monkeypatch.setattr(sys, "stderr", tty)
    assert list(progress(items, unit="seed")) == items
    assert "seed" in tty.getvalue() and "\r" in tty.getvalue()


def test_sine_progress_never_reaches_a_file(tmp_path):
    import subprocess
    import sys
    err = tmp_path / "err.txt"
    with open(err, "w") as fh:
        r = subprocess.run([sys.executable, "-m", "handgrad", "sine", "--seeds", "2", "--epochs", "5"],
                           stdout=subprocess.DEVNULL, stderr=fh, timeout=120)
    assert r.returncode == 0 and err.read_bytes() == b""


@pytest.mark.parametrize("argv", [["verify"], ["sine", "--engine", "torch", "--epochs", "2"]])
def test_without_torch_the_torch_commands_say_what_to_install(argv):
    import subprocess
    import sys
    code = ("import sys; sys.modules['torch'] = None\n"      # as if torch were not installed
            "from handgrad.cli import main; sys.exit(main(sys.argv[1:]))")
    r = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "pip install 'handgrad[torch]'" in r.stderr
    assert r.stderr.startswith(f"handgrad: {argv[0]}") and r.stderr.count("handgrad:") == 1


def test_torch_is_an_extra_not_a_dependency():
    import tomllib
    project = tomllib.loads((EXAMPLES.parent / "pyproject.toml").read_text())["project"]
    assert not any(d.startswith("torch") for d in project["dependencies"])
    for extra in ("torch", "test"):
        assert any(d.startswith("torch") for d in project["optional-dependencies"][extra])
