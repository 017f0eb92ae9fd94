"""Points, grades for an LMS, the class summary, and what reports do with hostile text."""
import csv
import io
import json
from pathlib import Path

import pytest

from derive.grading.check import check_file, check_files
from derive.grading.report import csv_cell, format_results

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "seed_answers.toml"
AB = ROOT / "examples" / "seed_answers_ab.toml"
RUBRIC = '''"delta[*]" = 2
"v[*]" = 1
"y[*]" = 1
"w[*]" = 1
"b[*]" = 1
lines = 3
truth_table = 2
[credit]
too-few-digits = 0.5
'''


def _rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_default_points_one_per_answer_carried_in_full(cli):
    r = check_file(SEED)
    assert (r["points"], r["max_points"]) == (13, 13)
    rows = _rows(cli("check", "--format", "grades", SEED).out)
    assert rows == [{"file": str(SEED), "student": "seed report", "id": "seed_answers", "points": "13", "max_points": "13",
                     "percent": "100", "correct": "10", "carried": "3", "wrong": "0", "slips": ""}]


def test_a_rubric_weights_quantities_and_credits_verdicts(tmp_path, cli):
    rubric = tmp_path / "rubric.toml"
    rubric.write_text(RUBRIC)
    a = tmp_path / "a.toml"
    # delta[1] short (too-few-digits: half of 2 points), w[2,3] old value (not-updated: 0 of 1),
    # lines: 2 of the 3 boundary lines, truth table: 3 of 4 rows right
    a.write_text(SEED.read_text().replace('"delta[1]" = "0.0185"', '"delta[1]" = "0.02"')
                 .replace('"w[2,3]" = "-2.011"', '"w[2,3]" = "-2"')
                 + 'lines = ["x2 = -x1 + 1.5", "x2 = -x1 + 0.5"]\n'
                 + 'truth_table = [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 1]]\n')
    # the table of answers must come after the plain keys: rebuild the file in order
    text = a.read_text()
    head, _, body = text.partition("[answers]")
    body, _, tail = body.partition("lines =")
    a.write_text(head + "lines =" + tail + "[answers]" + body)
    r = check_files([a], points=str(rubric))[0]
    assert not r.get("error"), r
    by = {x["quantity"]: x for x in r["answers"]}
    assert by["delta[1]"]["points"] == 1 and by["w[2,3]"]["points"] == 0
    assert [x["verdict"] for x in r["answers"]].count("wrong") == 4       # delta[1], w[2,3], lines, truth[1,1]
    # asked: v 2, y 2, delta 4, w 5, b 2 = 15, lines 3, table 2
    numeric = 2 + 2 + 2 + 2 * 0.5 + 4 + 2       # v, y, delta[2] + half of delta[1], w but w[2,3], b
    assert r["max_points"] == 20
    assert r["points"] == pytest.approx(numeric + 3 * 2 / 3 + 2 * 3 / 4)
    row = _rows(cli("check", "--format", "grades", "--points", rubric, a).out)[0]
    assert row["max_points"] == "20" and row["points"] == "16.5" and row["percent"] == "82.5"
    assert row["slips"] == "missing-line; not-updated; too-few-digits" or set(row["slips"].split("; ")) == \
        {"too-few-digits", "not-updated", "missing-line"}


def test_a_student_who_leaves_questions_out_gains_nothing(tmp_path):
    rubric = tmp_path / "r.toml"
    rubric.write_text('"v[*]" = 1\n"delta[*]" = 2\n')
    a = tmp_path / "a.toml"
    a.write_text('network = "xor"\n[answers]\n"v[1]" = "-1.5"\n')
    r = check_files([a], points=str(rubric))[0]
    assert (r["points"], r["max_points"]) == (1, 6)


@pytest.mark.parametrize("text,field", [
    ('"v[*]" = -1\n', "v[*]"), ('"v[*]" = "lots"\n', "v[*]"), ("[credit]\ncorrect = true\n", "credit.correct"),
    ("steps = [0]\n", "steps"), ("[bogus]\nx = 1\n", "bogus"),
    ('"v[*]" = "sqrt(2)"\n', "v[*]"),                   # an irrational number of points (was a traceback)
    ("[credit]\ncorect = 1\n", "credit.corect"),        # a misspelt verdict (was silently ignored)
])
def test_bad_rubrics_exit_2(tmp_path, cli, text, field):
    rubric = tmp_path / "r.toml"
    rubric.write_text(text)
    run = cli("check", "--points", rubric, SEED)
    assert run.code == 2 and f"r.toml: {field}:" in run.err


def test_class_summary_counts_students(tmp_path, cli):
    files = []
    for i in range(3):
        p = tmp_path / f"s{i}.toml"
        # student 0 makes the update-sign slip on both w[2,3] and b[2]: one student, twice
        text = SEED.read_text()
        if i == 0:
            text = text.replace('"w[2,3]" = "-2.011"', '"w[2,3]" = "-1.989"').replace('"b[2]" = "-0.562"', '"b[2]" = "-0.438"')
        p.write_text(text)
        files.append(p)
    out = json.loads(cli("check", "--format", "json", *files).out)
    assert out["summary"]["slips"] == {"update-sign": 1}
    assert "update-sign: 1 student" in cli("check", *files).out


def test_grades_carry_the_id_variants_grades_by(tmp_path, cli):
    """The id column is the file's id key, else its file name's stem: the variant --variants
    grades the file against — for a file that cannot be graded too."""
    hw = tmp_path / "hw"
    (hw / "variants").mkdir(parents=True)
    for sid in ("s042", "s043"):
        (hw / "variants" / f"{sid}.toml").write_text((ROOT / "derive" / "builtins" / "xor.toml").read_text())
    body = SEED.read_text().replace('network = "xor"\n', "")
    (tmp_path / "renamed.toml").write_text('id = "s042"\n' + body)
    (tmp_path / "s043.toml").write_text(body)
    (tmp_path / "lost.toml").write_text('id = "s999"\n' + body)
    r = cli("check", "--variants", hw, "--format", "grades", *(tmp_path / f for f in ("renamed.toml", "s043.toml", "lost.toml")))
    rows = _rows(r.out)
    assert list(rows[0]) == ["file", "student", "id", "points", "max_points", "percent", "correct", "carried",
                             "wrong", "slips"]
    assert [(row["id"], row["points"]) for row in rows] == [("s042", "13"), ("s043", "13"), ("s999", "")]
    assert "s999.toml" in rows[2]["slips"]


def test_csv_cells_cannot_run_as_formulas(tmp_path, cli):
    for cell in ("=HYPERLINK(\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(cell) == "'" + cell
    for cell in ("-0.062", "1.5e-3", "0", "seed report"):
        assert csv_cell(cell) == cell
    p = tmp_path / "evil.toml"
    p.write_text(SEED.read_text().replace('student = "seed report"', 'student = "=cmd|\' /C calc\'!A0"'))
    for fmt in ("csv", "grades"):
        rows = _rows(cli("check", "--format", fmt, p).out)
        assert all(r["student"].startswith("'=") for r in rows)


def test_control_characters_are_escaped_in_text_output(tmp_path, cli):
    p = tmp_path / "esc.toml"
    p.write_text(SEED.read_text().replace('student = "seed report"', 'student = "A\\u001b[2J\\u0007\\nB"'))
    out = cli("check", p).out
    assert "\x1b" not in out and "\x07" not in out and "A\\x1b[2J\\x07\\nB" in out


def test_truth_table_rows_missing_extra_and_wrong(tmp_path):
    p = tmp_path / "tt.toml"
    p.write_text('network = "xor"\ntruth_table = [[0, 0, 0], [0, 1, 0], [0, 1, 1], [2, 0, 1]]\n')
    v = {(a["quantity"], a["diagnosis"]): a for a in check_file(p)["answers"]}
    assert v[("truth[0,1]", None)]["message"] == "wrong output: expected y2 = 1"
    assert "given twice" in v[("truth[0,1]", "extra-row")]["message"]
    assert "no row x = (2, 0)" in v[("truth[2,0]", "extra-row")]["message"]
    assert v[("truth[1,0]", "missing-row")]["message"] == "missing row: x = (1, 0) gives y2 = 1"
    assert v[("truth[1,1]", "missing-row")]["exact"] == "0"


def test_seed_answers_json_has_points_and_no_private_keys(cli):
    out = json.loads(cli("check", "--format", "json", SEED, AB).out)
    for f in out["files"]:
        assert "points" in f and all(not k.startswith("_") for a in f["answers"] for k in a)
    assert format_results(check_files([SEED]), "text").count("\n") > 10


# --------------------------------------------------------------------------- feedback
def _slipped(tmp_path, name="slip.toml", student="A. Student"):
    p = tmp_path / name
    p.write_text(SEED.read_text().replace('"delta[2]" = "-0.062"', '"delta[2]" = "0.0620"')
                 .replace('student = "seed report"', f'student = "{student}"'))
    return p


def test_feedback_per_student_with_worked_lines(tmp_path, cli):
    a = _slipped(tmp_path)
    b = tmp_path / "sub"
    b.mkdir()
    (b / "slip.toml").write_text(SEED.read_text())          # the same file name in another folder
    run = cli("check", a, b / "slip.toml", "--feedback", tmp_path / "fb")
    assert run.code == 1
    assert sorted(p.name for p in (tmp_path / "fb").iterdir()) == ["slip-2.md", "slip.md"]
    md = (tmp_path / "fb" / "slip.md").read_text()
    assert md.startswith("# Feedback for A. Student")
    assert md.count("\n| ") == 14                            # header and 13 answers
    # the slip: delta[2] with the student's own numbers, then what the slip is
    assert r"\delta_{2} &= y_{2}\,(1 - y_{2})\,(d_{2} - y_{2}) = 0.297 \cdot (1 - 0.297) \cdot (0 - 0.297)" in md
    assert "(y - d) instead of (d - y)" in md
    # a carried answer shows the line too: v[2] from the student's y[1] = 0.182
    assert r"w_{23}\,y_{1} + b_{2} = 1 \cdot 0 + 1 \cdot 0 - 2 \cdot 0.182 - 0.5 = -0.864" in md
    assert "### v\\[2\\] = -0.864: carried" in md
    out = json.loads(cli("check", "--format", "json", a, "--feedback", tmp_path / "fb2").out)
    assert out["files"][0]["feedback"] == str(tmp_path / "fb2" / "slip.md")


def test_feedback_escapes_what_students_write(tmp_path, cli):
    p = _slipped(tmp_path, "evil.toml", student="<script>x</script> | `rm` \\u001b[2J")
    p.write_text(p.read_text().replace('"E" = ', '"q|[1]" = "1"\n"E" = ') if '"E"' in p.read_text()
                 else p.read_text() + '"q|`[1]" = "1"\n')
    cli("check", p, "--feedback", tmp_path / "fb")
    md = (tmp_path / "fb" / "evil.md").read_text()
    assert "<script>" not in md and "\x1b" not in md and "&lt;script&gt;" in md and "\\`rm\\`" in md
    assert "q\\|\\`\\[1\\]" in md                        # a table cell cannot be broken out of


def test_feedback_in_latex_compiles(tmp_path, cli):
    from conftest import pdflatex_or_skip
    import subprocess
    exe = pdflatex_or_skip()
    p = _slipped(tmp_path, student="Zoë & {Co} 100% $x$")
    cli("check", p, "--feedback", tmp_path / "fb", "--feedback-format", "latex")
    tex = tmp_path / "fb" / "slip.tex"
    r = subprocess.run([exe, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", tex.name],
                       cwd=tex.parent, capture_output=True, timeout=120)
    assert r.returncode == 0, r.stdout[-2000:]


def test_feedback_folder_must_be_a_folder(tmp_path, cli):
    (tmp_path / "taken").write_text("x")
    run = cli("check", SEED, "--feedback", tmp_path / "taken")
    assert run.code == 2 and "exists and is not a folder" in run.err


@pytest.mark.browser
def test_feedback_in_html_is_seen_in_chromium(tmp_path, cli):
    """The HTML feedback is one self-contained page (no script, nothing fetched) whose worked
    lines are MathML that Chromium lays out as mathematics, nothing running off the page."""
    from tests.browser import Browser
    from tests.conftest import chromium_or_skip
    exe = chromium_or_skip()
    p = _slipped(tmp_path, student="<b>Zoë</b>")
    assert cli("check", p, "--feedback", tmp_path / "fb", "--feedback-format", "html").code == 1
    page = tmp_path / "fb" / "slip.html"
    html = page.read_text()
    for banned in ("<script", "<link", " src=", "<iframe", "javascript:", "<b>zo"):
        assert banned not in html.lower()
    assert "&lt;b&gt;Zoë&lt;/b&gt;" in html and "<math" in html
    with Browser(exe, width=900, height=1400) as b:
        b.open(page.as_uri())
        sizes = b.evaluate("Array.from(document.querySelectorAll('math')).map(m => {"
                           "const r = m.getBoundingClientRect(); return [r.width, r.height]; })")
        assert len(sizes) >= 4 and all(w > 2 and h > 5 for w, h in sizes)
        sub = b.evaluate("(() => { const s = document.querySelector('msub');"
                         "const a = s.children[0].getBoundingClientRect(), c = s.children[1].getBoundingClientRect();"
                         "return [a.bottom, c.bottom]; })()")
        assert sub[1] > sub[0] - 0.5                      # a subscript sits low: real MathML layout
        assert b.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        rows = b.evaluate("document.querySelectorAll('table tr').length")
        assert rows == 14                                 # the header and 13 answers
