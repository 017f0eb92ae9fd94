"""Blank answers files (handgrad template): every quantity of the asked steps, in the order a
student computes them; filled with solve's values, check marks every one correct."""
import re
import tempfile
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from support import examples, fill_answers as fill, step_values, wrong_only_where_rounding_hides_an_update

import derive
from derive.exercises.answers import blank, questions
from derive.grading.check import check_file, check_files
from derive.model.network import dumps
from numeric.testing import networks


def solve_values(net) -> dict:
    """step -> quantity -> value string, straight from `solve --format json`."""
    return {s["index"]: step_values(s) for s in derive.solve(net)["training"]["steps"]}


def expected_quantities(net) -> set:
    """Every quantity a step asks, written out from the contract's names."""
    tnet = net.for_training()
    ids = [n.id for n in tnet.neurons]
    params = set(tnet.parameters())
    updated = params - set(net.training.fixed)                   # a fixed parameter is not updated
    return ({f"v[{j}]" for j in ids} | {f"y[{j}]" for j in ids} | {"E"} | {f"e[{k}]" for k in tnet.outputs}
            | {f"dphi[{n.id}]" for n in tnet.neurons if not n.activation.group}      # softmax: a Jacobian
            | {f"delta[{j}]" for j in ids} | {"grad_" + p for p in params} | {"d" + p for p in updated}
            | updated)


@settings(max_examples=examples(60))
@given(networks(modes=("online",)), st.sampled_from([None, 3, 6]), st.integers(1, 3))
def test_filled_with_solve_values_is_all_correct(net, digits, steps):
    t = net.training
    net = replace(net, training=replace(t, steps=steps, epochs=-(-steps // len(t.patterns))))
    qs = questions(net)
    text = blank(qs, "net.toml", digits=digits)
    data = tomllib.loads(text)
    assert data["network"] == "net.toml" and data["student"] == ""
    tables = [data["answers"]] if steps == 1 else [data["steps"][str(i)] for i in range(1, steps + 1)]
    assert steps == 1 or set(data["steps"]) == {str(i) for i in range(1, steps + 1)}
    for table in tables:
        assert all(v == "" for v in table.values())
        assert set(table) == expected_quantities(net) and len(table) == len(qs.quantities)
    values = solve_values(net)
    if digits:       # rounded as a student rounds: still correct
        values = {i: {q: _round(x, digits) for q, x in vals.items()} for i, vals in values.items()}
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "net.toml").write_text(dumps(net))
        Path(tmp, "a.toml").write_text(fill(text, values))
        # the instructor names the network (a student's file may only name one inside the
        # working folder)
        r = check_files([Path(tmp, "a.toml")], network=str(Path(tmp, "net.toml")))[0]
    assert "error" not in r and not r["errors"] and not r["notes"], r
    assert len(r["answers"]) == steps * len(expected_quantities(net))
    wrong_only_where_rounding_hides_an_update(r)


def _round(s: str, digits: int) -> str:
    from decimal import Decimal, ROUND_HALF_UP
    x = Decimal(s) if "/" not in s else Decimal(s.split("/")[0]) / Decimal(s.split("/")[1])
    if x == 0:
        return "0"
    return str(x.quantize(Decimal(1).scaleb(x.adjusted() - digits + 1), rounding=ROUND_HALF_UP))


def test_order_is_the_order_a_student_computes():
    text = blank(questions(derive.load("xor")), "xor")
    keys = re.findall(r'^"([^"]+)" = ""', text, re.M)
    params = ["w[1,1]", "w[1,2]", "b[1]", "w[2,1]", "w[2,2]", "w[2,3]", "b[2]"]
    assert keys == ["v[1]", "y[1]", "v[2]", "y[2]", "E", "e[2]", "dphi[2]", "delta[2]", "dphi[1]", "delta[1]"] \
        + ["grad_" + p for p in params] + ["d" + p for p in params] + params
    assert '"w[2,3]" = ""  ' in text and "# weight w[2,3] after the update (input 3: y[1])" in text
    assert "# step 1 (epoch 1): pattern x = (0, 0), d = (0)" in text


def test_blank_file_checks_as_nothing_answered_and_partial_as_given(tmp_path):
    text = blank(questions(derive.load("xor")), "xor")
    (tmp_path / "a.toml").write_text(text.replace('"v[1]" = ""', '"v[1]" = "-1.5"'))
    r = check_file(tmp_path / "a.toml")
    assert r["summary"] == {"correct": 1, "carried": 0, "wrong": 0} and not r["errors"]


def test_steps_option_and_cli(cli, tmp_path):
    net = derive.load("xor")
    net4 = replace(net, training=replace(net.training, steps=None))
    (tmp_path / "n.toml").write_text(dumps(net4))
    r = cli("template", tmp_path / "n.toml", "--steps", "3", "-o", tmp_path / "a.toml")
    assert r.code == 0 and r.out == ""
    data = tomllib.loads((tmp_path / "a.toml").read_text())
    assert data["network"] == "n.toml" and set(data["steps"]) == {"1", "2", "3"}
    assert "# step 3 (epoch 1): pattern x = (1, 0), d = (1)" in (tmp_path / "a.toml").read_text()


@pytest.mark.parametrize("args, message", [
    (["xor", "--steps", "2"], "--steps: the network's training has 1 step, not 2"),
    (["xor", "--steps", "0"], "must be positive"),
    (["xor", "--notation", "klingon"], "--notation: unknown notation 'klingon'"),
    (["nosuch.toml"], "no such file"),
])
def test_bad_input_is_one_line_exit_2(cli, args, message):
    r = cli("template", *args)
    assert r.code == 2 and message in r.err and r.err.count("\n") == 1 and r.out == ""


def test_network_without_training_or_in_batch_mode(cli):
    ex = Path(__file__).resolve().parents[2] / "examples"
    r = cli("template", ex / "sign_two_outputs.toml")
    assert r.code == 2 and "training: missing" in r.err
    r = cli("template", ex / "skip_mixed.toml")
    assert r.code == 2 and "training.mode" in r.err and "batch" in r.err


def test_a_built_in_name_stays_the_built_in_where_a_file_of_that_name_exists(cli, tmp_path, monkeypatch):
    """`template xor` reads the built-in even beside a file named xor; the answers file written
    into another folder must say "xor" (the built-in), not the path ../xor to that file."""
    ex = Path(__file__).resolve().parents[2] / "examples"
    (tmp_path / "xor").write_text((ex / "hagan_ch11.toml").read_text())   # another network
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    r = cli("template", "xor", "-o", tmp_path / "out" / "a.toml")
    assert r.code == 0, r.err
    assert 'network = "xor"' in (tmp_path / "out" / "a.toml").read_text()
