"""handgrad check: the seed's own answers, planted slips, parts (a)/(b), a class, bad input."""
import csv
import io
import json
from pathlib import Path

import mpmath
import pytest

from derive.grading.check import check_file, check_files

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "seed_answers.toml"


def _exact():
    """The seed's part (c), independently, with mpmath (50 digits)."""
    mpmath.mp.dps = 50
    sig = lambda t: 1 / (1 + mpmath.exp(-t))
    v1 = mpmath.mpf(-1.5)
    y1 = sig(v1)
    v2 = -0.5 - 2 * y1
    y2 = sig(v2)
    d2 = y2 * (1 - y2) * (0 - y2)
    d1 = y1 * (1 - y1) * d2 * (-2)
    return dict(v1=v1, y1=y1, v2=v2, y2=y2, d2=d2, d1=d1, E=(0 - y2) ** 2 / 2)


def r4(x):
    return mpmath.nstr(x, 4, strip_zeros=False, min_fixed=-10, max_fixed=10)


def _write(tmp_path, answers: dict, name="a.toml", extra=""):
    body = "\n".join(f'"{k}" = "{v}"' for k, v in answers.items())
    p = tmp_path / name
    p.write_text(f'network = "xor"\nstep = 1\n{extra}\n[answers]\n{body}\n')
    return p


def _verdicts(result):
    return {a["quantity"]: (a["verdict"], a["diagnosis"]) for a in result["answers"]}


def test_seed_answers_10_correct_3_carried_0_wrong(cli):
    r = check_file(SEED)
    assert r["summary"] == {"correct": 10, "carried": 3, "wrong": 0}
    carried = {a["quantity"] for a in r["answers"] if a["verdict"] == "carried"}
    assert carried == {"v[2]", "y[2]", "delta[1]"}
    d1 = next(a for a in r["answers"] if a["quantity"] == "delta[1]")
    assert d1["recomputed"].startswith("0.01846") and d1["exact"].startswith("0.01843")
    run = cli("check", SEED)
    assert run.code == 0 and "10 correct, 3 carried, 0 wrong" in run.out


def _good(e):
    return {"v[1]": "-1.5", "y[1]": r4(e["y1"]), "v[2]": r4(e["v2"]), "y[2]": r4(e["y2"]),
            "E": r4(e["E"]), "delta[2]": r4(e["d2"]), "delta[1]": r4(e["d1"]),
            "w[2,3]": r4(-2 + e["d2"] * e["y1"]), "b[2]": r4(-0.5 + e["d2"]),
            "b[1]": r4(-1.5 + e["d1"]), "w[1,1]": "1"}


def test_exact_answers_all_correct(tmp_path):
    r = check_file(_write(tmp_path, _good(_exact())))
    assert r["summary"] == {"correct": 11, "carried": 0, "wrong": 0}


def test_sign_slip_is_named_and_its_consequences_carried(tmp_path):
    e = _exact()
    a = _good(e)
    d2 = -e["d2"]                                   # (y - d) instead of (d - y)
    a.update({"delta[2]": r4(d2), "w[2,3]": r4(-2 + d2 * e["y1"]), "b[2]": r4(-0.5 + d2),
              "delta[1]": r4(e["y1"] * (1 - e["y1"]) * d2 * -2)})
    a["b[1]"] = r4(-1.5 + mpmath.mpf(a["delta[1]"]))
    v = _verdicts(check_file(_write(tmp_path, a)))
    assert v["delta[2]"] == ("wrong", "error-sign")
    for q in ("w[2,3]", "b[2]", "delta[1]", "b[1]"):
        assert v[q][0] == "carried", q
    assert v["y[1]"] == ("correct", None)


@pytest.mark.parametrize("quantity,value,code", [
    ("delta[2]", lambda e: -e["y2"], "no-derivative"),
    ("delta[1]", lambda e: e["y1"] * (1 - e["y1"]) * e["d2"] * (-2 + e["d2"] * e["y1"]), "updated-weight"),
    ("delta[2]", lambda e: e["v2"] * (1 - e["v2"]) * (0 - e["y2"]), "dphi-of-v"),
    ("w[2,3]", lambda e: -2 + e["d2"] * e["v1"], "field-for-output"),
    ("w[2,3]", lambda e: -2 - e["d2"] * e["y1"], "update-sign"),
    ("b[2]", lambda e: mpmath.mpf(-0.5), "no-bias-update"),
    ("E", lambda e: e["y2"] ** 2, "error-no-half"),
    ("y[1]", lambda e: 1 / (1 + mpmath.exp(3)), "wrong-slope"),
])
def test_planted_slips_are_diagnosed_apart(tmp_path, quantity, value, code):
    e = _exact()
    a = _good(e)
    a[quantity] = r4(value(e))
    if quantity == "y[1]":        # later answers follow the slipped y1, as a student's would
        y1 = mpmath.mpf(a["y[1]"])
        a["v[2]"] = r4(-0.5 - 2 * y1)
        for q in ("y[2]", "E", "delta[2]", "delta[1]", "w[2,3]", "b[2]", "b[1]"):
            a.pop(q)
    v = _verdicts(check_file(_write(tmp_path, a)))
    assert v[quantity] == ("wrong", code)
    others = {q: vv for q, vv in v.items() if q != quantity}
    assert all(vv[0] in ("correct", "carried") for vv in others.values()), others


def test_no_learning_rate_slip(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)            # a student's network file must lie inside the working folder
    net = (ROOT / "derive" / "builtins" / "xor.toml").read_text().replace("learning_rate = 1", "learning_rate = 0.5")
    (tmp_path / "half.toml").write_text(net)
    e = _exact()
    p = tmp_path / "a.toml"
    p.write_text(f'network = "half.toml"\n[answers]\n"w[2,3]" = "{r4(-2 + e["d2"] * e["y1"])}"\n'
                 f'"b[2]" = "{r4(-0.5 + 0.5 * e["d2"])}"\n')
    v = _verdicts(check_file(p))
    assert v["w[2,3]"] == ("wrong", "no-learning-rate") and v["b[2]"] == ("correct", None)


def test_digits_requirement(tmp_path):
    e = _exact()
    r = check_file(_write(tmp_path, {"y[1]": "0.18", "v[1]": "-1.5", "delta[2]": r4(e["d2"])}, extra="digits = 3"))
    v = _verdicts(r)
    assert v["y[1]"] == ("wrong", "too-few-digits")
    assert v["v[1]"] == ("correct", None)              # exact values need no digits
    assert v["delta[2]"] == ("correct", None)
    assert r["digits"] == 3
    # the command line wins over the file
    assert _verdicts(check_file(_write(tmp_path, {"y[1]": "0.18"}, extra="digits = 3"), digits=2))["y[1]"] == \
        ("correct", None)
    assert _verdicts(check_file(_write(tmp_path, {"y[1]": "0.182"}), digits=4))["y[1]"] == ("wrong", "too-few-digits")


def test_default_policy_is_two_digits_and_zero_is_never_right(tmp_path):
    """The issue's cases: y[2] = 0 and delta[1] = 0 (exact 0.2963 and 0.01843) were correct,
    and so were w[2,3] = -2 and b[1] = -1.5, the values from before the update."""
    v = _verdicts(check_file(_write(tmp_path, {"y[2]": "0"})))
    assert v["y[2]"] == ("wrong", "too-few-digits")
    v = _verdicts(check_file(_write(tmp_path, {"delta[1]": "0.0"})))
    assert v["delta[1]"] == ("wrong", "step-derivative")      # xor's units are step units: phi' = 0
    v = _verdicts(check_file(_write(tmp_path, {"y[2]": "0.3", "E": "0.04"})))
    assert v == {"y[2]": ("wrong", "too-few-digits"), "E": ("wrong", "too-few-digits")}
    v = _verdicts(check_file(_write(tmp_path, {"w[2,3]": "-2", "b[1]": "-1.5"})))
    assert v == {"w[2,3]": ("wrong", "not-updated"), "b[1]": ("wrong", "no-bias-update")}


def test_not_updated_however_the_rounding_falls(tmp_path):
    """-2.0 is the exact -2.0113 correctly rounded to 2 digits, and the old value: not-updated,
    with the advice to write more digits. A weight whose update is 0 (input 0) is correct."""
    v = {a["quantity"]: a for a in check_file(_write(tmp_path, {"w[2,3]": "-2.0", "w[2,1]": "1"}))["answers"]}
    assert v["w[2,3]"]["diagnosis"] == "not-updated" and "more digits" in v["w[2,3]"]["message"]
    assert v["w[2,1]"]["verdict"] == "correct"
    # with the student's own delta = 0 the update is 0: the old value is carried, not wrong
    v = _verdicts(check_file(_write(tmp_path, {"delta[2]": "0", "w[2,3]": "-2"})))
    assert v["w[2,3]"] == ("carried", None)


def test_a_zero_delta_from_the_step_derivative_is_that_slip(tmp_path):
    """The student whose phi' slip made every delta zero scored 19 of 19: now the first zero
    delta is the slip (step-derivative: the step function's phi' = 0), the rest follow from it."""
    e = _exact()
    a = {"y[1]": r4(e["y1"]), "y[2]": r4(e["y2"]), "delta[2]": "0", "delta[1]": "0",
         "w[2,3]": "-2.00", "b[2]": "-0.500", "b[1]": "-1.50"}
    v = _verdicts(check_file(_write(tmp_path, a)))
    assert v["delta[2]"] == ("wrong", "step-derivative")
    assert [v[q][0] for q in ("delta[1]", "w[2,3]", "b[2]", "b[1]")] == ["carried"] * 4


def test_follow_through_from_unrounded_values_is_carried(tmp_path):
    """The issue's case: a value typed rounded but used unrounded. With the sign slip delta[2]
    = 0.0618 (exact -0.0617892...) and y[1] = 0.182, a student going on with the unrounded
    numbers gets delta[1] = -0.01843, one going on with the rounded ones
    0.182 * 0.818 * 0.0618 * (-2) = -0.01840: both follow from what they wrote."""
    e = _exact()
    unrounded = e["y1"] * (1 - e["y1"]) * -e["d2"] * -2
    rounded = mpmath.mpf("0.182") * mpmath.mpf("0.818") * mpmath.mpf("0.0618") * -2
    assert r4(unrounded) == "-0.01843" and r4(rounded) == "-0.01840"
    for d1 in (unrounded, rounded):
        a = {"y[1]": "0.182", "delta[2]": "0.0618", "delta[1]": r4(d1)}
        v = _verdicts(check_file(_write(tmp_path, a)))
        assert v == {"y[1]": ("correct", None), "delta[2]": ("wrong", "error-sign"),
                     "delta[1]": ("carried", None)}, (d1, v)


def test_two_steps_a_step_1_slip_is_penalised_once(tmp_path, monkeypatch):
    """[steps.1] and [steps.2]: step 2 starts from the student's own step-1 parameters."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "two.toml").write_text((ROOT / "derive" / "builtins" / "xor.toml").read_text()
                                       .replace("steps = 1", "steps = 2"))
    e = _exact()
    d2 = -e["d2"]                                  # the sign slip, carried into the weights
    w23, b2 = -2 + d2 * e["y1"], -0.5 + d2
    d1 = e["y1"] * (1 - e["y1"]) * d2 * -2
    b1 = -1.5 + d1
    # step 2: pattern (0, 1) -> 1 from the student's own parameters
    sig = lambda t: 1 / (1 + mpmath.exp(-t))
    v1 = 1 + b1
    y1 = sig(v1)
    v2 = 1 + w23 * y1 + b2
    y2 = sig(v2)
    dd2 = y2 * (1 - y2) * (1 - y2)
    p = tmp_path / "a.toml"
    p.write_text('network = "two.toml"\n[steps.1]\n'
                 f'"delta[2]" = "{r4(d2)}"\n"w[2,3]" = "{r4(w23)}"\n"b[2]" = "{r4(b2)}"\n"b[1]" = "{r4(b1)}"\n'
                 f'[steps.2]\n"v[1]" = "{r4(v1)}"\n"y[1]" = "{r4(y1)}"\n"v[2]" = "{r4(v2)}"\n'
                 f'"delta[2]" = "{r4(dd2)}"\n"b[2]" = "{r4(b2 + dd2)}"\n')
    r = check_file(p)
    wrong = [(a["step"], a["quantity"], a["diagnosis"]) for a in r["answers"] if a["verdict"] == "wrong"]
    assert wrong == [(1, "delta[2]", "error-sign")]
    assert r["steps"] == [1, 2] and all(a["verdict"] == "carried" for a in r["answers"] if a["step"] == 2)
    # a lone step 2, from the parameters the student gives in [before]
    p.write_text('network = "two.toml"\nstep = 2\n[before]\n'
                 f'"w[2,3]" = "{r4(w23)}"\n"b[2]" = "{r4(b2)}"\n"b[1]" = "{r4(b1)}"\n'
                 f'[answers]\n"v[1]" = "{r4(v1)}"\n"v[2]" = "{r4(v2)}"\n"delta[2]" = "{r4(dd2)}"\n')
    r = check_file(p)
    assert [a["verdict"] for a in r["answers"]] == ["carried"] * 3
    # without [before] the same numbers are wrong: step 2 starts from the exact parameters
    p.write_text(p.read_text().replace("[before]", "[ignored]").replace("[ignored]\n", "[answers_]\n"))
    p.write_text('network = "two.toml"\nstep = 2\n'
                 f'[answers]\n"v[1]" = "{r4(v1)}"\n')
    assert _verdicts(check_file(p))["v[1]"][0] == "wrong"


def test_toml_floats_keep_their_digits(tmp_path):
    p = tmp_path / "f.toml"
    p.write_text('network = "xor"\n[answers]\n"y[1]" = 0.1820\n"v[1]" = -1.50\n"w[2,3]" = -2.011\n')
    r = check_file(p)
    v = {a["quantity"]: a for a in r["answers"]}
    assert v["y[1]"]["given"] == "0.1820" and v["y[1]"]["verdict"] == "wrong"   # claims 4 digits
    assert v["v[1]"]["verdict"] == "correct" and v["w[2,3]"]["verdict"] == "correct"


def test_parts_a_and_b_missing_line(tmp_path):
    r = check_file(ROOT / "examples" / "seed_answers_ab.toml")
    v = {a["quantity"]: a for a in r["answers"]}
    assert v["line[1]"]["verdict"] == v["line[2]"]["verdict"] == "correct"
    assert v["lines"]["verdict"] == "wrong" and v["lines"]["diagnosis"] == "missing-line"
    assert "x1 + x2 = 2.5" in v["lines"]["message"]          # printed as the solution prints it
    assert all(v[f"truth[{x}]"]["verdict"] == "correct" for x in ("0,0", "0,1", "1,0", "1,1"))
    p = tmp_path / "ab.toml"
    p.write_text('network = "xor"\nlines = ["2*x1 + 2*x2 = 1", "x1 + x2 = 3/2", "x2 = 2.5 - x1", "x1 = 1"]\n'
                 'truth_table = [[1, 1, 1]]\n')
    v = {a["quantity"]: a for a in check_file(p)["answers"]}
    assert [v[f"line[{i}]"]["verdict"] for i in (1, 2, 3, 4)] == ["correct", "correct", "correct", "wrong"]
    assert v["line[4]"]["diagnosis"] == "not-a-boundary"
    assert v["lines"]["verdict"] == "correct"
    assert v["truth[1,1]"]["verdict"] == "wrong"


def test_class_csv_and_summary(tmp_path, cli):
    files = []
    for i in range(5):
        p = tmp_path / f"s{i}.toml"
        p.write_text(SEED.read_text().replace('"delta[2]" = "-0.062"', '"delta[2]" = "0.062"' if i % 2 else '"delta[2]" = "-0.062"'))
        files.append(p)
    bad = tmp_path / "broken.toml"
    bad.write_text("network = [[[")
    r = cli("check", "--format", "csv", *files, bad)
    assert r.code == 1
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert {row["file"] for row in rows} == {str(f) for f in files + [bad]}
    assert sum(1 for row in rows if row["diagnosis"] == "error-sign") == 2
    assert any(row["verdict"] == "error" and "not valid TOML" in row["message"] for row in rows)
    out = json.loads(cli("check", "--format", "json", *files).out)
    # (a 3-digit delta[1] built on the exact delta[2] may also match another slip by chance)
    assert out["summary"]["slips"]["error-sign"] == 2
    assert len(out["files"]) == 5
    text = cli("check", *files).out
    assert "error-sign: 2 students" in text


BAD_FILES = [
    ('network = "xor"\n[answers]\n"q[1]" = "1"\n', "unknown quantity name"),
    ('network = "xor"\n[answers]\n"v[9]" = "1"\n', "no quantity 'v[9]'"),
    ('network = "xor"\n[answers]\n"v[1]" = "one"\n', "not a number"),
]


@pytest.mark.parametrize("text,words", BAD_FILES)
def test_bad_answers_are_named_per_answer(tmp_path, cli, text, words):
    p = tmp_path / "a.toml"
    p.write_text(text + '"y[1]" = "0.182"\n')
    r = check_file(p)
    assert r["summary"]["correct"] == 1 and words in r["errors"][0]["message"]
    assert cli("check", p).code == 1


@pytest.mark.parametrize("text,field,words", [
    ('network = "xor"\nstep = 7\n[answers]\n"v[1]" = "1"\n', "step", "does not exist"),
    ('network = "missing.toml"\n[answers]\n"v[1]" = "1"\n', "network", "cannot load"),
    ('[answers]\n"v[1]" = "1"\n', "network", "missing"),
    ('network = "xor"\nbogus = 1\n', "bogus", "unknown field"),
    ("not toml ===", "", "not valid TOML"),
])
def test_unreadable_file_exit_2(tmp_path, cli, text, field, words, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p = tmp_path / "a.toml"
    p.write_text(text)
    r = cli("check", p)
    assert r.code == 2
    assert words in r.out and field in r.out


def test_one_bad_file_does_not_stop_the_class(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text(SEED.read_text())
    results = check_files([tmp_path / "nope.toml", good])
    assert "error" in results[0] and results[1]["summary"]["correct"] == 10


def test_a_class_in_several_processes_gives_the_same_results(tmp_path, monkeypatch):
    import derive.grading.check as check
    monkeypatch.setattr(check, "CHUNK", 2)
    files = []
    for i, text in enumerate(["0.182", "0.18", "0.1824", "0.190", "0", "0.2"] * 2):
        files.append(_write(tmp_path, {"y[1]": text, "v[2]": "-0.865"}, name=f"s{i}.toml"))
    files.append(tmp_path / "missing.toml")
    assert check.check_files(files, jobs=2) == check.check_files(files)
