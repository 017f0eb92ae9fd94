"""What check reads: numbers and names as students type them, TOML slips, and which network a
file is graded against (the instructor decides; a student's file cannot open other files)."""
import os
import threading
from pathlib import Path

import pytest

from derive.grading.check import check_file, check_files
from derive.grading.spelling import NameReader, NameError_

ROOT = Path(__file__).resolve().parents[2]
XOR = (ROOT / "derive" / "builtins" / "xor.toml").read_text()


def _file(tmp_path, body, name="a.toml", network='network = "xor"\n'):
    p = tmp_path / name
    p.write_text(network + body, encoding="utf-8")
    return p


def _answers(r):
    return {a["quantity"]: a for a in r["answers"]}


# --------------------------------------------------------------------------- numbers
@pytest.mark.parametrize("typed", [
    "\u22120.06179",           # U+2212 MINUS SIGN
    "\u2013 0.06179",          # an en dash and a space
    " -0.06179 ",
    "-.06179",
    "-6.179E-2",
    "-6.179 * 10^-2",
    "-6.179×10^-2",
    "-6.179 x 10^{-2}",
    "-0,06179",                # a decimal comma
    "-\uff10.\uff10\uff16\uff11\uff17\uff19",    # fullwidth digits
    "-\u0660.\u0660\u0666\u0661\u0667\u0669",    # Arabic-Indic digits
])
def test_numbers_as_students_type_them(tmp_path, typed):
    r = check_file(_file(tmp_path, f'[answers]\n"delta[2]" = "{typed}"\n"y[1]" = 1.824E-1\n'))
    assert not r["errors"]
    assert [a["verdict"] for a in r["answers"]] == ["correct", "correct"]


@pytest.mark.parametrize("typed,advice", [
    ("29.63%", "write the number itself, 0.2963"),
    ("-0.5+0.00997", "work it out and write one number (-0.49003)"),
    ("1,234.5", "one decimal separator"),
    ("0.5 V", "no letters or units"),
    ("abc", "write a decimal such as"),
])
def test_what_is_not_a_number_says_what_to_write(tmp_path, typed, advice):
    r = check_file(_file(tmp_path, f'[answers]\n"y[1]" = "{typed}"\n"v[1]" = "-1.5"\n'))
    assert _answers(r)["v[1]"]["verdict"] == "correct"         # the other answers are checked
    assert len(r["errors"]) == 1 and advice in r["errors"][0]["message"]


def test_blank_answers_are_not_answered(tmp_path):
    r = check_file(_file(tmp_path, '[answers]\n"y[1]" = ""\n"v[1]" = "-1.5"\n'))
    assert r["blank"] == [{"quantity": "y[1]", "step": 1}] and r["summary"]["correct"] == 1


# --------------------------------------------------------------------------- names
@pytest.mark.parametrize("typed,name", [
    ("v1", "v[1]"), ("v_1", "v[1]"), ("v_{1}", "v[1]"), ("δ1", "delta[1]"), ("δ[1]", "delta[1]"),
    ("delta_1", "delta[1]"), ("w23", "w[2,3]"), ("w_{23}", "w[2,3]"), ("w[2][3]", "w[2,3]"),
    ("w_{2,3}", "w[2,3]"), ("y₁", "y[1]"), ("Δw23", "dw[2,3]"),
    ("s2", "s[2]"), ("θ_1", "theta[1]"), ("e2", "e[2]"), ("E", "E"),
])
def test_names_as_students_type_them(tmp_path, typed, name):
    r = check_file(_file(tmp_path, f'[answers]\n"{typed}" = "1"\n'))
    assert not r["errors"] and [a["quantity"] for a in r["answers"]] == [name]


def test_latex_names_in_single_quotes(tmp_path):
    r = check_file(_file(tmp_path, "[answers]\n'\\delta_{2}' = \"1\"\n'$w_{23}$' = \"1\"\n"))
    assert [a["quantity"] for a in r["answers"]] == ["delta[2]", "w[2,3]"]
    r = check_file(_file(tmp_path, '[answers]\n"\\delta_{2}" = "1"\n'))
    assert "use single quotes: '\\delta_{2}' = \"1\"" in r["error"]


def test_an_ambiguous_name_names_the_candidates():
    reader = NameReader(["w[1,23]", "w[12,3]", "v[1]"])
    with pytest.raises(NameError_, match=r"w\[1,23\] or w\[12,3\]: write one of them"):
        reader.read("w123")
    assert reader.read("w1_23") == "w[1,23]" and reader.read("w[12][3]") == "w[12,3]"


def test_notations_add_spellings_as_data():
    from derive.grading.spelling import SPELLINGS
    reader = NameReader(["v[1]", "y[1]"], {**SPELLINGS, "n": "v", "a": "y"})     # Hagan's n and a
    assert reader.read("n1") == "v[1]" and reader.read("a_1") == "y[1]"


def test_unknown_and_missing_names_are_reported_per_answer(tmp_path):
    r = check_file(_file(tmp_path, '[answers]\n"q1" = "1"\n"v9" = "1"\n"y1" = "0.1824"\n'))
    msgs = [e["message"] for e in r["errors"]]
    assert "unknown quantity name 'q1'" in msgs[0] and "no quantity 'v9'" in msgs[1]
    assert r["summary"]["correct"] == 1


def test_the_same_quantity_twice_is_an_error(tmp_path):
    r = check_file(_file(tmp_path, '[answers]\n"v1" = "-1.5"\n"v[1]" = "-1.5"\n'))
    assert "answered twice" in r["errors"][0]["message"]


def test_s_and_theta_answer_delta_and_bias_with_the_sign_turned(tmp_path):
    r = check_file(_file(tmp_path, '[answers]\n"s[2]" = "0.06179"\n"theta[1]" = "1.482"\n'))
    v = _answers(r)
    assert v["s[2]"]["verdict"] == "correct" and v["s[2]"]["exact"].startswith("0.0617892")
    assert v["theta[1]"]["verdict"] == "correct" and v["theta[1]"]["exact"].startswith("1.48156")


@pytest.mark.parametrize("line,hint", [
    ('v[1] = "-1.5"', 'quote the name: "v[1]" = "-1.5"'),
    ("δ1 = 0.0184", 'quote the name: "δ1" = 0.0184'),
    ('"y[1]" = 0,182', 'quote the value: "y[1]" = "0,182"'),
    ('"delta[2]" = −0.0618', 'quote the value: "delta[2]" = "−0.0618"'),
    ("y1 = .182", 'quote the value: y1 = ".182"'),
])
def test_toml_errors_say_what_to_quote(tmp_path, line, hint):
    r = check_file(_file(tmp_path, f"[answers]\n{line}\n"))
    assert "not valid TOML" in r["error"] and hint in r["error"]


def test_a_byte_order_mark_is_fine(tmp_path):
    p = tmp_path / "bom.toml"
    p.write_bytes(b"\xef\xbb\xbf" + b'network = "xor"\n[answers]\n"v[1]" = "-1.5"\n')
    assert check_file(p)["summary"]["correct"] == 1


# --------------------------------------------------------------------------- who chooses the network
def test_network_paths_outside_the_working_folder_are_refused(tmp_path, monkeypatch):
    """A student's file cannot make check open other files (the issue: /etc/shadow, ../..)."""
    work = tmp_path / "class"
    work.mkdir()
    monkeypatch.chdir(work)
    secret = tmp_path / "secret.toml"
    secret.write_text("TOP-SECRET = 1\n")
    os.symlink(secret, work / "link.toml")
    for spec, words in [("/etc/passwd", "absolute path"), (str(secret), "absolute path"),
                        ("../secret.toml", "resolves outside"), ("link.toml", "resolves outside"),
                        ("sub/../../secret.toml", "resolves outside"), ("~/x.toml", "absolute path")]:
        r = check_file(_file(work, '[answers]\n"v[1]" = "1"\n', network=f'network = "{spec}"\n'))
        assert words in r["error"] and "TOP-SECRET" not in r["error"], (spec, r)
        assert r["error"].startswith(str(work / "a.toml") + ": network:")


def test_devices_fifos_and_folders_are_refused_without_hanging(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "fifo.toml")
    (tmp_path / "dir.toml").mkdir()
    os.symlink("/dev/zero", tmp_path / "zero.toml")
    results = {}

    def run():
        for spec in ("fifo.toml", "dir.toml"):
            results[spec] = check_file(_file(tmp_path, '[answers]\n"v[1]" = "1"\n', network=f'network = "{spec}"\n'))
    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(20)
    assert not t.is_alive(), "check hung on a FIFO"
    assert "a FIFO, not a regular file" in results["fifo.toml"]["error"]
    assert "a directory, not a regular file" in results["dir.toml"]["error"]
    r = check_file(_file(tmp_path, '[answers]\n"v[1]" = "1"\n', network='network = "zero.toml"\n'))
    assert "resolves outside" in r["error"]          # /dev/zero is outside the working folder
    # the answers file itself: a FIFO given on the command line is refused too
    assert "a FIFO" in check_file(tmp_path / "fifo.toml")["error"]


def test_a_file_never_shadows_a_builtin(tmp_path, monkeypatch):
    """A student's own file named xor (where v[1] = 0 is right) is not the built-in xor."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "xor").write_text(XOR.replace('bias = "-3/2"', "bias = 0"))
    assert 'bias = 0' in (tmp_path / "xor").read_text()
    r = check_file(_file(tmp_path, '[answers]\n"v[1]" = "0"\n'))
    assert _answers(r)["v[1]"]["verdict"] == "wrong"
    r = check_file(_file(tmp_path, '[answers]\n"v[1]" = "0"\n', network='network = "./xor"\n'))
    assert _answers(r)["v[1]"]["verdict"] == "correct"         # named as a file, it is the file
    import derive
    assert derive.load("xor").neurons[0].bias == -1.5


def test_network_files_inside_the_working_folder_are_fine(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nets").mkdir()
    (tmp_path / "nets" / "mine.toml").write_text(XOR)
    (tmp_path / "answers").mkdir()
    r = check_file(_file(tmp_path / "answers", '[answers]\n"v[1]" = "-1.5"\n',
                         network='network = "../nets/mine.toml"\n'))
    assert r["summary"]["correct"] == 1


def test_the_instructor_chooses_the_network(tmp_path, cli):
    other = tmp_path / "other.toml"
    other.write_text(XOR.replace('bias = "-3/2"', "bias = -1"))
    p = _file(tmp_path, '[answers]\n"v[1]" = "-1"\n', network='network = "/etc/passwd"\n')
    r = check_files([p], network=str(other))[0]
    assert r["summary"]["correct"] == 1 and r["network"] == str(other)
    assert "/etc/passwd" in r["notes"][0]                       # the disagreement is reported
    run = cli("check", p, "--network", "xor")
    assert run.code == 1 and "graded against 'xor'" in run.out
    # no note when the student's key agrees
    q = _file(tmp_path, '[answers]\n"v[1]" = "-1"\n', name="b.toml", network='network = "other.toml"\n')
    assert check_files([q], network=str(other))[0]["notes"] == []


def test_variants_by_id_or_file_name(tmp_path):
    gen = tmp_path / "gen"
    (gen / "variants").mkdir(parents=True)
    (gen / "variants" / "s1.toml").write_text(XOR.replace('bias = "-3/2"', "bias = -1"))
    (gen / "variants" / "s2.toml").write_text(XOR.replace('bias = "-3/2"', "bias = -2"))
    answers = tmp_path / "answers"
    answers.mkdir()
    a = _file(answers, 'id = "s1"\n[answers]\n"v[1]" = "-1"\n', name="anything.toml", network="")
    b = _file(answers, '[answers]\n"v[1]" = "-2"\n', name="s2.toml", network='network = "../gen/variants/s2.toml"\n')
    c = _file(answers, 'id = "../s1"\n[answers]\n"v[1]" = "-1"\n', name="c.toml", network="")
    d = _file(answers, '[answers]\n"v[1]" = "-1"\n', name="s9.toml", network="")
    ra, rb, rc, rd = check_files([a, b, c, d], variants=str(gen))
    assert ra["summary"]["correct"] == 1 and rb["summary"]["correct"] == 1 and rb["notes"] == []
    assert "not a student id" in rc["error"] and "no such file" in rd["error"]
