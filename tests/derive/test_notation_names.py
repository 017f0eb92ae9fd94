"""Answers in the books' own names (derive/notations/names.py, read by the checker).

Oracles: the printed values of Hagan's ch. 11 example and Negnevitsky's ch. 6 XOR step, typed
the way their students write them; each book's definition of its δ and its threshold."""
import shutil

import pytest

from derive.grading.check import check_file
from support import ROOT

EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)            # check follows network files inside its folder only


def _check(tmp_path, network: str, body: str, **kw):
    shutil.copy(EXAMPLES / network, tmp_path / network)
    f = tmp_path / "answers.toml"
    f.write_text(f'network = "{network}"\n' + body)
    return check_file(f, **kw)


def _verdicts(r) -> dict:
    assert not r.get("error"), r.get("error")
    return {a.get("name") or a["quantity"]: a for a in r["answers"]}


HAGAN_STUDENT = '''notation = "hagan"
digits = 3
[answers]
"a^1" = "[0.321; 0.368]"
"a²" = "0.446"
"e" = "1.261"
"s^2" = "-2.522"
"s¹" = "[-0.0495 0.0997]ᵀ"
"W^{2}" = [0.171, -0.0772]
"b^2" = "0.732"
"W^1" = [["-0.265"], ["-0.420"]]
"b1" = ["-0.475", "-0.140"]
"alpha" = "0.1"
'''


def test_hagan_chapter_11_typed_as_his_students_do_is_all_correct(tmp_path):
    """Hagan's printed a¹, a², e, s², s¹ and the updated W², b², W¹, b¹ (ch. 11), as vectors
    and matrices in his names: every element correct, reported under his element names."""
    r = _check(tmp_path, "hagan_ch11.toml", HAGAN_STUDENT)
    v = _verdicts(r)
    assert r["summary"] == {"correct": 15, "carried": 0, "wrong": 0} and not r["errors"]
    assert v["alpha"]["quantity"] == "eta"
    assert v["s[2,1]"]["quantity"] == "s[a2]" and v["s[2,1]"]["exact"].startswith("-2.52")
    assert v["a[1,2]"]["quantity"] == "y[h2]" and v["w[1,2,1]"]["quantity"] == "w[h2,1]"
    assert r["notation"] == "hagan"


def test_hagans_alpha_is_the_learning_rate_and_2_alpha_a_named_slip(tmp_path):
    """α = 0.2 for Hagan's α = 0.1: the η = 2α mix-up between E = ½e² and F = e²."""
    v = _verdicts(_check(tmp_path, "hagan_ch11.toml", 'notation = "hagan"\n[answers]\n"α" = "0.2"\n'))
    assert (v["α"]["verdict"], v["α"]["diagnosis"]) == ("wrong", "eta-2alpha")


def test_a_slip_in_a_hagan_vector_is_carried_forward(tmp_path):
    """a¹₁ wrong (0.331): the s¹ Hagan computes from it is carried, not wrong."""
    body = HAGAN_STUDENT.replace('"a^1" = "[0.321; 0.368]"', '"a^1" = "[0.331; 0.368]"')
    # s¹₁ = (1 − a)(a) w²₁ s² with his a¹₁ = 0.331: 0.331 · 0.669 · 0.09 · (−2.522) = −0.0503
    body = body.replace('"s¹" = "[-0.0495 0.0997]ᵀ"', '"s¹" = "[-0.0503 0.0997]"')
    v = _verdicts(_check(tmp_path, "hagan_ch11.toml", body))
    assert v["a[1,1]"]["verdict"] == "wrong" and v["s[1,1]"]["verdict"] == "carried"


NEGNEVITSKY_STUDENT = '''digits = 3
[answers]
"y3" = "0.5250"
"y4" = "0.8808"
"y5" = "0.5097"
"e5" = "-0.5097"
"δ5" = "-0.1274"
"δ3" = "0.0381"
"δ4" = "-0.0147"
"Δw35" = "-0.00669"
"Δθ5" = "0.0127"
"w13" = "0.5038"
"w_{14}" = "0.8985"
"w23" = "0.4038"
"w24" = "0.9985"
"w35" = "-1.2067"
"w45" = "1.0888"
"θ3" = "0.7962"
"theta4" = "-0.0985"
"θ_5" = "0.3127"
'''


def test_negnevitsky_xor_typed_as_his_students_do_is_all_correct(tmp_path):
    """His printed values (ch. 6), w_ij from unit i to neuron j and thresholds θ, read in the
    network file's notation (no notation key in the answers file)."""
    r = _check(tmp_path, "negnevitsky_xor.toml", NEGNEVITSKY_STUDENT)
    v = _verdicts(r)
    assert r["summary"]["wrong"] == 0 and not r["errors"], [a for a in r["answers"] if a["verdict"] == "wrong"]
    assert v["w13"]["quantity"] == "w[3,1]" and v["w35"]["quantity"] == "w[5,1]"
    assert v["θ3"]["quantity"] == "theta[3]" and v["Δθ5"]["quantity"] == "dtheta[5]"


def test_nielsens_delta_is_dC_dz(tmp_path):
    """In Nielsen's notation δ = ∂C/∂z: his δ³₁ = −(Haykin's δ); the layered names z²₁, a²₁,
    w³₁₂ and the layer vectors read as the network's quantities."""
    body = ('notation = "nielsen"\ndigits = 3\n[answers]\n"z^2_1" = "-0.75"\n"a^2" = ["0.321", "0.368"]\n'
            '"delta^3_1" = "-2.52"\n"delta[h1]" = "-0.0495"\n"w^3_{12}" = "-0.0772"\n')
    v = _verdicts(_check(tmp_path, "hagan_ch11.toml", body))
    assert all(a["verdict"] == "correct" for a in v.values()), v
    assert v["delta^3_1"]["quantity"] == "s[a2]" and v["z^2_1"]["quantity"] == "v[h1]"
    assert v["w^3_{12}"]["quantity"] == "w[a2,2]"


def test_an_unknown_notation_in_an_answers_file(tmp_path):
    r = _check(tmp_path, "hagan_ch11.toml", 'notation = "hagen"\n[answers]\n"a^1" = "[0.3; 0.4]"\n')
    assert "notation: unknown notation 'hagen' (known: bishop, hagan, haykin" in r["error"]


def test_a_name_no_notation_of_the_file_knows(tmp_path):
    """The message lists the closest names, and the notations that do know the name."""
    r = _check(tmp_path, "hagan_ch11.toml", '[answers]\n"a[1]" = "0.3"\n"y[h9]" = "0.3"\n')
    msgs = {e["quantity"]: e["message"] for e in r["errors"]}
    assert "a name of the notation" in msgs["a[1]"] and "hagan (the outputs of layer 1" in msgs["a[1]"]
    assert "add notation" in msgs["a[1]"]
    assert "closest: y[h1]" in msgs["y[h9]"] or "closest: y[h2]" in msgs["y[h9]"]


LAYERED = '''[network]
inputs = ["x1", "x2"]
outputs = ["3"]
[[neuron]]
id = "1"
inputs = ["x1", "x2"]
weights = [0.5, -0.5]
bias = 0.1
activation = "sigmoid"
[[neuron]]
id = "2"
inputs = ["x1", "x2"]
weights = [0.3, 0.2]
bias = -0.1
activation = "sigmoid"
[[neuron]]
id = "3"
inputs = ["1", "2"]
weights = [1, -1]
bias = 0.2
activation = "sigmoid"
[training]
learning_rate = 0.5
patterns = [ { x = [1, 0], d = [1] } ]
'''


def test_a_name_that_is_ambiguous_for_the_network(tmp_path):
    """Hagan's s[2] is the sensitivity of layer 2 (neuron 3) and of neuron 2: both are said."""
    (tmp_path / "net.toml").write_text(LAYERED)
    f = tmp_path / "a.toml"
    f.write_text('network = "net.toml"\nnotation = "hagan"\n[answers]\n"s[2]" = "0.1"\n"s[2,1]" = "0.1"\n')
    r = check_file(f)
    msg = r["errors"][0]["message"]
    assert "'s[2]' could be" in msg and "of neuron 2" in msg and "layer 2" in msg
    assert [a["quantity"] for a in r["answers"]] == ["s[3]"]


@pytest.mark.parametrize("value,message", [
    ('"[0.321; 0.368; 0.5]"', "3 values for a 2 vector"),
    ('"0.321"', "give 2 values"),
    ('"0.321 0.368"', 'give 2 values, e.g. ["0.321", "0.368"]'),
    ('[["0.3", "0.4"], ["0.5"]]', "3 values for a 2 vector"),
])
def test_vector_answers_of_the_wrong_shape(tmp_path, value, message):
    r = _check(tmp_path, "hagan_ch11.toml", f'notation = "hagan"\n[answers]\n"a^1" = {value}\n')
    assert message in r["errors"][0]["message"]


def _filled(template: str, steps: list) -> str:
    """A blank file in a notation, each value the JSON's, in the sign its comment states."""
    import re

    def values_of(step):
        values = {"E": step["error"]}
        for group in ("forward", "delta", "gradient", "change", "after"):
            values.update(step[group])
        return values
    values = values_of(steps[0])
    out = []
    for line in template.splitlines():
        if m := re.fullmatch(r"\[steps\.(\d+)\]", line):
            values = values_of(steps[int(m.group(1)) - 1])
        m = re.match(r'"([^"]+)" = ""\s*#.*?(?:\(= -([^)]+)\)|\(([A-Za-z_]+\[[^()]+\]|E)\))?$', line)
        if m:
            name, neg, pos = m.groups()
            q = neg or pos or name
            val = values[q] if not neg else ("-" + values[q]).replace("--", "")
            line = line.replace('= ""', f'= "{val}"', 1)
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("network", ["hagan_ch11.toml", "negnevitsky_xor.toml", "mazur.toml"])
@pytest.mark.parametrize("name", ["hagan", "nielsen", "mitchell", "negnevitsky", "bishop", "haykin"])
def test_a_template_in_a_notation_filled_with_solves_values_is_all_correct(tmp_path, cli, network, name):
    import json
    shutil.copy(EXAMPLES / network, tmp_path / network)
    r = cli("template", network, "--notation", name)
    assert r.code == 0, r.err
    assert (f'notation = "{name}"' in r.out) == (name != "haykin")
    from derive.notations import NOTATIONS
    N = NOTATIONS[name]                          # the error in the book's words: Hagan's F is his
    E = N.symbols["E"].text                      # performance index, Nielsen's C the cost
    assert any(line.startswith(f'"{E}" = ""') and f"# {N.word('E')} of the pattern" in line
               for line in r.out.splitlines()), r.out
    steps = json.loads(cli("solve", network, "--format", "json").out)["training"]["steps"]
    (tmp_path / "a.toml").write_text(_filled(r.out, steps))
    res = check_file(tmp_path / "a.toml")
    assert not res.get("error") and not res["errors"], res.get("error") or res["errors"]
    assert res["summary"]["wrong"] == 0 and res["summary"]["correct"] == len(res["answers"]) > 10
