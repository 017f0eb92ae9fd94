"""handgrad generate: every variant within the template's choices and meeting every require rule
(checked by solving it, with the rules written out here from the textbook formulas); keys equal
solve; filled answer files all correct; the same inputs give the same bytes; a variant depends on
the seed and the student's id only; the Moodle XML parses and its numbers are the key's."""
import csv
import re
import tomllib
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import mpmath
import pytest
from hypothesis import given, settings, strategies as st
from support import examples, fill_answers, step_values, wrong_only_where_rounding_hides_an_update

import derive
from derive.grading.check import check_files
from numeric.testing import VERSION_1, networks

TEMPLATE = """
[network]
name = "xor-variants"
inputs = ["x1", "x2"]
outputs = ["2"]

[[neuron]]
id = "1"
inputs = ["x1", "x2"]
weights = [{ choose = [-1, "-1/2", "1/2", 1] }, { range = [-2, 2], step = "1/2", exclude = [0] }]
bias = { range = [-1, 1], step = "1/4" }
activation = "step"

[[neuron]]
id = "2"
inputs = ["x1", "x2", "1"]
weights = [1, { choose = [1, 2] }, { range = [-3, 3], step = 1 }]
bias = "-1/2"
activation = "step"

[training]
activation = "sigmoid"
learning_rate = { choose = [0.5, 1, 2] }
steps = 2
patterns = [
  { x = [{ choose = [0, 1] }, 1], d = [0] },
  { x = [1, 0], d = [{ choose = [0, 1] }] },
]

[generate]
digits = 4
require = ["nonzero-deltas", "no-saturation", "visible-updates", "distinct"]
"""
# the template's choices, written out independently: path -> allowed exact values
ALLOWED = {
    ("neuron", 0, "weights", 0): {Fraction(v) for v in (-1, "-1/2", "1/2", 1)},
    ("neuron", 0, "weights", 1): {Fraction(k, 2) for k in range(-4, 5) if k},
    ("neuron", 0, "bias"): {Fraction(k, 4) for k in range(-4, 5)},
    ("neuron", 1, "weights", 1): {Fraction(1), Fraction(2)},
    ("neuron", 1, "weights", 2): {Fraction(k) for k in range(-3, 4)},
    ("training", "learning_rate"): {Fraction(1, 2), Fraction(1), Fraction(2)},
    ("training", "patterns", 0, "x", 0): {Fraction(0), Fraction(1)},
    ("training", "patterns", 1, "d", 0): {Fraction(0), Fraction(1)},
}


def generate(cli, tmp: Path, *args, template=TEMPLATE, name="t.toml"):
    (tmp / name).write_text(template)
    return cli("generate", tmp / name, *args)


def exact(v) -> Fraction:
    return Fraction(str(v)) if not isinstance(v, str) else Fraction(v)


def at(tree, path):
    for p in path:
        tree = tree[p]
    return tree


def rounds(x: mpmath.mpf | Fraction, digits: int) -> Decimal:
    d = Decimal(str(x.numerator)) / Decimal(str(x.denominator)) if isinstance(x, Fraction) \
        else Decimal(mpmath.nstr(x, 50, strip_zeros=False))
    if d == 0:
        return d
    return d.quantize(Decimal(1).scaleb(d.adjusted() - digits + 1), rounding=ROUND_HALF_UP)


def mp(s: str):
    return mpmath.mpf(Fraction(s).numerator) / Fraction(s).denominator if "/" in s else mpmath.mpf(s)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    from handgrad.cli import main
    tmp = tmp_path_factory.mktemp("gen")
    (tmp / "t.toml").write_text(TEMPLATE)
    (tmp / "roster.csv").write_text("id,name,email\n" + "".join(
        f"u{i:02d},Student Nr{i},u{i}@x.org\n" for i in range(1, 21)) + "zoe,Zoë Dvořák-Łukasz,z@x.org\n")
    assert main(["generate", str(tmp / "t.toml"), "--roster", str(tmp / "roster.csv"),
                 "--seed", "course-2024", "-o", str(tmp / "out")]) == 0
    return tmp


def test_folder_is_exactly_the_contract(made):
    out = made / "out"
    ids = [f"u{i:02d}" for i in range(1, 21)] + ["zoe"]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == sorted(
        ["problems.tex", "solutions.tex", "key.csv", "moodle.xml"] + [f"variants/{i}.toml" for i in ids]
        + [f"answers/{i}.toml" for i in ids])
    assert not [p for p in made.iterdir() if p.name.startswith(".")]      # no temporary folder left


def test_variants_lie_within_the_choices_and_meet_every_rule(made):
    mpmath.mp.dps = 50
    seen = set()
    for f in sorted((made / "out" / "variants").glob("*.toml")):
        tree = tomllib.loads(f.read_text())
        key = tuple(exact(at(tree, p)) for p in ALLOWED)
        for path, allowed in ALLOWED.items():
            assert exact(at(tree, path)) in allowed, (f.name, path)
        assert key not in seen                                   # distinct
        seen.add(key)
        net = derive.load(f)
        before = net.parameter_values()
        for step in derive.solve(net)["training"]["steps"]:
            deltas = [mp(x) for q, x in step["delta"].items() if q.startswith("delta[")]
            assert all(d != 0 for d in deltas)                   # nonzero-deltas
            for n in net.neurons:                                # no-saturation: σ' = y (1 - y)
                yv = mp(step["forward"][f"y[{n.id}]"])
                assert yv * (1 - yv) >= mpmath.mpf("0.01")
            for q, after in step["after"].items():               # visible-updates at 4 digits
                if q not in before:                              # theta[j] = -b[j]: b[j] is tested
                    continue
                a = mp(after)
                if a != mpmath.mpf(before[q].numerator) / before[q].denominator:
                    assert rounds(a, 4) != rounds(before[q], 4), (f.name, q)
            before = {q: Fraction(Decimal(v)) if "/" not in v else Fraction(v) for q, v in step["after"].items()
                      if q in before}


def test_key_equals_solve_and_filled_answers_are_all_correct(made, monkeypatch):
    out = made / "out"
    rows = list(csv.DictReader((out / "key.csv").open()))
    assert list(rows[0]) == ["id", "quantity", "exact", "rounded", "step"]
    monkeypatch.chdir(made)
    for sid in ("u01", "u07", "zoe"):
        mine = [r for r in rows if r["id"] == sid]
        sol = derive.solve(out / "variants" / f"{sid}.toml")
        expected = []
        for s in sol["training"]["steps"]:
            vals = step_values(s)
            expected += [(str(s["index"]), q, x) for q, x in vals.items()]
        assert sorted((r["step"], r["quantity"], r["exact"]) for r in mine) == sorted(expected)
        for r in mine:
            assert rounds(mp(r["exact"]), 4) == rounds(mp(r["rounded"]), 4)
        text = (out / "answers" / f"{sid}.toml").read_text()
        data = tomllib.loads(text)
        assert data["id"] == sid and data["network"] == f"../variants/{sid}.toml" and data["digits"] == 4
        values: dict = {}
        for r in mine:
            values.setdefault(int(r["step"]), {})[r["quantity"]] = r["rounded"]
        text = fill_answers(text, values)
        f = made / f"filled-{sid}.toml"
        f.write_text(text)
        res = check_files([f], variants=str(out))[0]           # each file against its own variant
        assert "error" not in res and not res["errors"], res
        assert res["summary"]["wrong"] == 0 and res["summary"]["carried"] == 0


def test_moodle_xml_parses_and_its_numbers_are_the_key(made):
    out = made / "out"
    key: dict = {}
    for r in csv.DictReader((out / "key.csv").open()):
        key.setdefault(r["id"], []).append(r["rounded"])
    root = ET.parse(out / "moodle.xml").getroot()
    assert root.tag == "quiz" and root[0].get("type") == "category"
    questions = root.findall("question[@type='cloze']")
    assert [q.findtext("idnumber") for q in questions] == list(key)
    number = r"-?(?:[0-9]+[.,]?[0-9]*|[.,][0-9]+)(?:[eE][-+]?[0-9]+)?"      # Moodle's NUMBER_REGEX
    cloze = re.compile(rf"\{{([0-9]*):(?:NUMERICAL|NM):=({number}):({number})\}}")
    for q in questions:
        text = q.find("questiontext/text").text
        found = cloze.findall(text)
        assert len(found) == len(re.findall(r"\{", text))                # nothing else reads as Cloze
        assert [a for _, a, _ in found] == key[q.findtext("idnumber")]
        for _, a, tol in found:                     # half a unit of the 4th digit (or the last shown)
            assert Decimal(tol) == _half_unit(a, 4)


def _half_unit(a: str, digits: int) -> Decimal:
    d = Decimal(a)
    if d == 0:
        return Decimal(0)
    shown = max(digits, len(d.as_tuple().digits))
    return Decimal(1).scaleb(d.adjusted() - shown + 1) / 2


def test_an_update_the_digits_would_hide_is_shown_with_more(cli, tmp_path):
    """Without visible-updates a tiny learning rate makes updates that 4 digits hide: the key
    and Moodle then give the parameter with as many digits as show the change."""
    t = TEMPLATE.replace("learning_rate = { choose = [0.5, 1, 2] }", "learning_rate = 0.0001").replace(
        REQ, "require = []")
    assert generate(cli, tmp_path, "--count", "3", "-o", tmp_path / "out", template=t).code == 0
    rows = list(csv.DictReader((tmp_path / "out" / "key.csv").open()))
    longer = 0
    exact_of = {(r["id"], r["step"], r["quantity"]): Fraction(r["exact"]) for r in rows}
    for r in rows:
        net = derive.load(tmp_path / "out" / "variants" / f"{r['id']}.toml")
        before = net.parameter_values().get(r["quantity"]) if r["step"] == "1" else \
            exact_of.get((r["id"], str(int(r["step"]) - 1), r["quantity"]))        # the step before's
        if r["quantity"] not in net.parameter_values() or Fraction(r["exact"]) == before:
            continue
        a = Decimal(r["rounded"])
        unit = Decimal(1).scaleb(a.as_tuple().exponent)
        assert abs(Fraction(a) - before) >= Fraction(unit) * Fraction(51, 100)     # not the old value
        assert rounds(mp(r["exact"]), len(a.as_tuple().digits)) == a                # correctly rounded
        longer += len(a.as_tuple().digits) > 4
    assert longer > 0
    root = ET.parse(tmp_path / "out" / "moodle.xml").getroot()
    tols = re.findall(r"NUMERICAL:=([^:]+):([^}]+)\}", "".join(q.find("questiontext/text").text
                                                               for q in root.findall("question[@type='cloze']")))
    assert [a for a, _ in tols] == [r["rounded"] for r in rows]
    assert all(Decimal(tol) == _half_unit(a, 4) for a, tol in tols)


def test_names_reach_the_sheets_as_written(made):
    tex = (made / "out" / "problems.tex").read_text()
    assert r"Zo\"{e} Dvo\v{r}\'{a}k-\L{}ukasz" in tex and tex.count("\n\\clearpage\n") == 21
    assert "Student Nr7" in tex and "u07" in tex
    assert "\\begin{align" not in tex.split("u07")[1].split("clearpage")[0]   # no solution on the sheet
    assert tex.count("\\begin{tikzpicture}") == 21                          # each page draws its network


def test_same_inputs_same_bytes_and_variants_depend_on_id_and_seed_only(cli, tmp_path):
    t = TEMPLATE.replace('"visible-updates", "distinct"', '"visible-updates"')
    (tmp_path / "a.csv").write_text("id\n" + "".join(f"p{i}\n" for i in range(8)))
    (tmp_path / "b.csv").write_text("id\n" + "".join(f"p{i}\n" for i in reversed(range(12))))
    for out, roster in (("o1", "a.csv"), ("o2", "a.csv"), ("o3", "b.csv")):
        assert generate(cli, tmp_path, "--roster", tmp_path / roster, "--seed", "9", "-o", tmp_path / out,
                        template=t).code == 0
    files = sorted(p.relative_to(tmp_path / "o1") for p in (tmp_path / "o1").rglob("*") if p.is_file())
    assert all((tmp_path / "o1" / f).read_bytes() == (tmp_path / "o2" / f).read_bytes() for f in files)
    for i in range(8):                     # reordered and longer roster: the same variants
        assert (tmp_path / "o1/variants" / f"p{i}.toml").read_bytes() == \
               (tmp_path / "o3/variants" / f"p{i}.toml").read_bytes()
    assert generate(cli, tmp_path, "--roster", tmp_path / "a.csv", "--seed", "10", "-o", tmp_path / "o4",
                    template=t).code == 0
    assert any((tmp_path / "o1/variants" / f"p{i}.toml").read_bytes() !=
               (tmp_path / "o4/variants" / f"p{i}.toml").read_bytes() for i in range(8))


def test_distinct_appending_students_changes_no_one(cli, tmp_path):
    generate(cli, tmp_path, "--count", "6", "-o", tmp_path / "a")
    generate(cli, tmp_path, "--count", "9", "-o", tmp_path / "b")
    for i in range(1, 7):
        assert (tmp_path / f"a/variants/s{i:03d}.toml").read_bytes() == \
               (tmp_path / f"b/variants/s{i:03d}.toml").read_bytes()


def _t(**repl) -> str:
    t = TEMPLATE
    for old, new in repl.values():
        assert old in t
        t = t.replace(old, new)
    return t


W = 'weights = [1, { choose = [1, 2] }, { range = [-3, 3], step = 1 }]'
REQ = 'require = ["nonzero-deltas", "no-saturation", "visible-updates", "distinct"]'


@pytest.mark.parametrize("template, args, message", [
    (_t(a=(W, 'weights = [1, { choose = [] }, 1]')), [], "t.toml: neuron[1].weights[1].choose: needs at least one value"),
    (_t(a=(W, 'weights = [1, 1, { range = [0, 1], step = "0.3" }]')), [],
     "neuron[1].weights[2].step: 0.3 does not divide the range [0, 1]"),
    (_t(a=(W, 'weights = [1, 1, { range = [1, 0], step = 1 }]')), [], "lo 1 is above hi 0"),
    (_t(a=(W, 'weights = [1, 1, { range = [0, 1] }]')), [], "a range needs a step"),
    (_t(a=(W, 'weights = [1, 1, { choose = [1], step = 1 }]')), [], "not both"),
    (_t(a=(W, 'weights = [1, 1, { choose = ["x"] }]')), [], "choose[0]: 'x' is not a number"),
    (_t(a=(W, 'weights = [1, 1, { range = [0, 1], step = 1, exclude = [0, 1] }]')), [], "excludes every value"),
    (_t(a=('learning_rate = { choose = [0.5, 1, 2] }', 'learning_rate = 1e-9'), b=(REQ, 'require = ["visible-updates"]\ntries = 50')),
     [], "generate.require: no variant for student 's001' meets 'visible-updates' in 50 tries (it failed 50 of them"),
    (_t(a=(REQ, 'require = ["nonzero-deltas", "distinct"]'),
        b=(W, 'weights = [1, 1, 1]'), c=('{ choose = [-1, "-1/2", "1/2", 1] }', '1'),
        d=('{ range = [-2, 2], step = "1/2", exclude = [0] }', '1'), e=('{ range = [-1, 1], step = "1/4" }', '1'),
        f=('learning_rate = { choose = [0.5, 1, 2] }', 'learning_rate = 1')),
     [], "'distinct' needs 5 different variants but the choices allow only 4"),
    (_t(a=(REQ, 'require = ["pretty"]')), [], "generate.require[0]: unknown rule 'pretty'"),
    (_t(a=(W, 'weights = [1, 1, { range = [0, "sqrt(2)"], step = 1 }]')), [], "range[1]: 'sqrt(2)' is not rational"),
    (_t(a=(REQ, 'colour = 1')), [], "generate.colour: unknown field"),
    (_t(a=("digits = 4", "digits = 0")), [], "generate.digits: must be an integer from 1 to 30"),
    (_t(a=('steps = 2', 'mode = "batch"\nsteps = 1')), [],
     "training.mode"),
])
def test_bad_templates_exit_2_in_one_line_and_write_nothing(cli, tmp_path, template, args, message):
    r = generate(cli, tmp_path, "--count", "5", "-o", tmp_path / "out", *args, template=template)
    assert r.code == 2 and message in r.err and r.err.count("\n") == 1, r.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.toml"]


@pytest.mark.parametrize("roster, message", [
    ("id,name\n", "no students"),
    ("", "no header"),
    ("id,name\ns1,A\n,B\n", "line 3: no student id in the first column"),
    ("id,name\ns1,A\ns2,B\nS1,C\n", "line 4: duplicate id 'S1' (also on line 2)"),
    ("id\n../etc\n", "id '../etc': use letters, digits"),
    ("id\na..b\n", "no '..'"),
])
def test_bad_rosters(cli, tmp_path, roster, message):
    (tmp_path / "r.csv").write_text(roster)
    r = generate(cli, tmp_path, "--roster", tmp_path / "r.csv", "-o", tmp_path / "out")
    assert r.code == 2 and message in r.err and r.err.count("\n") == 1, r.err
    assert not (tmp_path / "out").exists()


def test_a_choice_may_be_an_exact_constant(cli, tmp_path):
    t = TEMPLATE.replace('bias = "-1/2"', 'bias = { choose = ["-sqrt(2)/2", "-1/2"] }').replace(REQ, "require = []")
    assert generate(cli, tmp_path, "--count", "6", "-o", tmp_path / "out", template=t).code == 0
    biases = {tomllib.loads(f.read_text())["neuron"][1]["bias"] for f in (tmp_path / "out/variants").glob("*")}
    assert biases <= {"-sqrt(2)/2", "-1/2"} and "-sqrt(2)/2" in biases
    assert "-sqrt(2)/2" in (tmp_path / "out" / "problems.tex").read_text().replace(" ", "") or \
        "sqrt{2}" in (tmp_path / "out" / "problems.tex").read_text()


def test_roster_with_semicolons_bom_and_blank_lines(tmp_path):
    from derive.exercises.roster import read
    (tmp_path / "r.csv").write_bytes("\ufeffMatrikel;Name\n1001;Müller, Jörg\n\n1002;Ana\n".encode())
    assert [(s.id, s.name) for s in read(tmp_path / "r.csv")] == [("1001", "Müller, Jörg"), ("1002", "Ana")]


def test_output_folder_not_empty_needs_force(cli, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.txt").write_text("keep me")
    r = generate(cli, tmp_path, "--count", "2", "-o", tmp_path / "out")
    assert r.code == 2 and "exists and is not empty (use --force" in r.err
    assert (tmp_path / "out" / "old.txt").read_text() == "keep me"
    (tmp_path / "file").write_text("x")
    r = cli("generate", tmp_path / "t.toml", "--count", "2", "-o", tmp_path / "file")
    assert r.code == 2 and "exists and is not a folder" in r.err
    r = cli("generate", tmp_path / "t.toml", "--count", "2", "-o", tmp_path / "out", "--force")
    assert r.code == 0 and not (tmp_path / "out" / "old.txt").exists()
    assert (tmp_path / "out" / "key.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "out", "t.toml"]


def test_a_failure_while_writing_leaves_nothing(cli, tmp_path, monkeypatch):
    calls = []
    real = Path.write_bytes

    def flaky(self, data):
        calls.append(self)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(self, data)
    monkeypatch.setattr(Path, "write_bytes", flaky)
    r = generate(cli, tmp_path, "--count", "3", "-o", tmp_path / "out")
    assert r.code == 2 and "cannot write: No space left on device" in r.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.toml"]


@pytest.mark.latex
def test_sheets_compile_with_pdflatex_without_overfull_boxes(made, tmp_path):
    import subprocess
    from tests.conftest import pdflatex_or_skip
    exe = pdflatex_or_skip()
    for name in ("problems", "solutions"):
        (tmp_path / f"{name}.tex").write_bytes((made / "out" / f"{name}.tex").read_bytes())
        r = subprocess.run([exe, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stdout[-3000:]
        log = (tmp_path / f"{name}.log").read_text(errors="replace")
        assert "Overfull" not in log, [l for l in log.splitlines() if "Overfull" in l][:5]
        pages = int(re.search(r"Output written on .*?\((\d+) pages?", log.replace("\n", "")).group(1))
        assert pages == 21 if name == "problems" else pages >= 21


@settings(max_examples=examples(20))
@given(networks(modes=("online",), max_neurons=4, **VERSION_1), st.integers(0, 2**32), st.sampled_from([3, 4, 6]))
def test_any_network_as_a_template(tmp_path_factory, net, seed, digits):
    """Every weight and bias of a random network becomes a range around it, the learning rate a
    choice: each variant's key equals solve, its filled answers check all correct, and its
    numbers lie in the ranges."""
    from derive.exercises import choices, roster
    from derive.exercises.generate import build
    from derive.exercises.variants import network_file
    tree = net.to_dict()
    ranges = {}
    neurons = []
    for i, n in enumerate(tree["neurons"]):
        n = {k: v for k, v in n.items()}
        for k, wk in enumerate(n["weights"]):
            ranges[("neuron", i, "weights", k)] = Fraction(wk)
            n["weights"][k] = {"range": [str(Fraction(wk) - 1), str(Fraction(wk) + 1)], "step": "1/4"}
        ranges[("neuron", i, "bias")] = Fraction(n["bias"])
        n["bias"] = {"range": [str(Fraction(n["bias"]) - 1), str(Fraction(n["bias"]) + 1)], "step": "1/2"}
        neurons.append(n)
    t = tree["training"]
    data = {"network": {"inputs": tree["inputs"], "outputs": tree["outputs"]}, "neuron": neurons,
            "training": {"learning_rate": {"choose": ["1/2", t["learning_rate"]]}, "steps": 1,
                         "patterns": t["patterns"]},
            "generate": {"digits": digits}}
    ex = choices.reads(network_file(data, "random template"), "t.toml")
    gen = build(ex, roster.counted(2), str(seed), "t.toml")
    rows = list(csv.DictReader(gen.files["key.csv"].splitlines()))
    tmp = tmp_path_factory.mktemp("any")
    for v in gen.variants:
        sid = v.student.id
        (tmp / f"{sid}.toml").write_text(gen.files[f"variants/{sid}.toml"])
        tree_v = tomllib.loads(gen.files[f"variants/{sid}.toml"])
        for path, centre in ranges.items():
            x = exact(at(tree_v, path))
            step = Fraction(1, 4) if path[-1] != "bias" else Fraction(1, 2)
            assert abs(x - centre) <= 1 and ((x - centre) / step).denominator == 1
        sol = derive.solve(tmp / f"{sid}.toml")
        s = sol["training"]["steps"][0]
        vals = step_values(s)
        mine = {r["quantity"]: r for r in rows if r["id"] == sid}
        assert {q: r["exact"] for q, r in mine.items()} == vals
        text = gen.files[f"answers/{sid}.toml"].replace(f"../variants/{sid}.toml", f"{sid}.toml")
        (tmp / f"a-{sid}.toml").write_text(fill_answers(text, {1: {q: r["rounded"] for q, r in mine.items()}}))
        res = check_files([tmp / f"a-{sid}.toml"], network=str(tmp / f"{sid}.toml"))[0]
        assert "error" not in res and not res["errors"], res
        wrong_only_where_rounding_hides_an_update(res)


def test_check_grades_the_class_each_file_against_its_own_variant(cli, tmp_path, monkeypatch):
    assert generate(cli, tmp_path, "--count", "4", "-o", tmp_path / "hw").code == 0
    rows = list(csv.DictReader((tmp_path / "hw" / "key.csv").open()))
    files = sorted((tmp_path / "hw" / "answers").glob("*.toml"))
    for f in files:           # each student answers with their own key; s002 copies s001's numbers
        sid = "s001" if f.stem == "s002" else f.stem
        vals: dict = {}
        for r in rows:
            if r["id"] == sid:
                vals.setdefault(int(r["step"]), {})[r["quantity"]] = r["rounded"]
        f.write_text(fill_answers(f.read_text(), vals))
    monkeypatch.chdir(tmp_path)
    r = cli("check", "--format", "json", *[f.relative_to(tmp_path) for f in files])
    import json
    res = {Path(x["file"]).stem: x["summary"] for x in json.loads(r.out)["files"]}
    n = len([x for x in rows if x["id"] == "s001"])
    assert res["s001"] == res["s003"] == res["s004"] == {"correct": n, "carried": 0, "wrong": 0}
    assert res["s002"]["wrong"] > 0 and r.code == 1          # a copied answer is not the own variant's


def test_the_class_worked_solutions_are_bounded_before_the_work(cli, tmp_path, monkeypatch):
    import derive.budget
    # the seed-like variants spend 96 Fourier-Motzkin row entries each on their regions
    monkeypatch.setitem(derive.budget.LIMITS, "fm", (500, "Fourier-Motzkin row entries"))
    r = generate(cli, tmp_path, "--count", "10", "-o", tmp_path / "out")
    assert r.code == 2 and "the worked solutions of 10 students would pass the budget of 500" in r.err
    assert not (tmp_path / "out").exists()
    assert generate(cli, tmp_path, "--count", "2", "-o", tmp_path / "out").code == 0


def test_template_and_roster_are_read_only_from_regular_files(cli, tmp_path):
    (tmp_path / "t.toml").write_text(TEMPLATE)
    r = cli("generate", tmp_path / "t.toml", "--roster", tmp_path, "-o", tmp_path / "out")
    assert r.code == 2 and "is a directory, not a regular file" in r.err
    r = cli("generate", "/dev/zero", "--count", "2", "-o", tmp_path / "out")
    assert r.code == 2 and "is a device, not a regular file" in r.err
    assert not (tmp_path / "out").exists()


def test_the_folder_follows_the_umask_or_keeps_the_old_mode(cli, tmp_path):
    import os
    old = os.umask(0o027)
    try:
        assert generate(cli, tmp_path, "--count", "2", "-o", tmp_path / "new").code == 0
        (tmp_path / "kept").mkdir()
        os.chmod(tmp_path / "kept", 0o755)
        assert cli("generate", tmp_path / "t.toml", "--count", "2", "-o", tmp_path / "kept").code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o750
    assert (tmp_path / "new" / "key.csv").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "kept").stat().st_mode & 0o777 == 0o755
