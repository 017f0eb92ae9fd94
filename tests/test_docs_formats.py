"""docs/formats.md keeps up with the code.

The sets of keys come from the readers and writers themselves (the network loader's FIELDS, the
answers file's KEYS, the rubric's FIELDS, the template's SETTINGS and CHOICE_FIELDS, the
registries of activations, losses, momentum forms, notations, rules and slips), and the JSON
keys from real runs: a field added to a reader or an output without a line in the document
fails here. Every TOML block of the document that is a whole file is fed to its reader, and the
labelled JSON, CSV and text blocks must be what the commands they quote really print.

Code blocks carry a label after the language: ```toml network|template|answers|rubric|fragment,
```json solve-xor|check-sign-slip|sine-run, ```csv roster|key|check-csv|grades,
```text check-text; an unlabelled ```json block must still parse.
"""
import json
import re
import shutil
import tomllib

import pytest

import derive
from support import ROOT

DOC = (ROOT / "docs" / "formats.md").read_text("utf-8")
BLOCK = re.compile(r"^```(\w*)(?: ([\w-]+))?\n(.*?)^```", re.S | re.M)
BLOCKS = [m.groups() for m in BLOCK.finditer(DOC)]


def section(title: str) -> str:
    """The text of the ``## title`` section, up to the next ``## `` heading."""
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", DOC, re.S | re.M)
    assert m, f"docs/formats.md has no section '## {title}'"
    return m.group(1)


def undocumented(words, text: str) -> list[str]:
    """The words that do not appear as inline code in ``text``: `word`, or a table `[word]`,
    `[[word]]`."""
    return sorted(w for w in set(words) if not any(f"`{f}`" in text for f in (w, f"[{w}]", f"[[{w}]]")))


def blocks(lang: str, label: str | None = None) -> list[str]:
    return [text for lg, lb, text in BLOCKS if lg == lang and (label is None or lb == label)]


def contained(doc, real, path="", values=True) -> list[str]:
    """Where the document's JSON ``doc`` is not a shortened copy of ``real``: every key of a doc
    object is in the real one, a doc list's items appear in the real list in order, and (with
    ``values``) every scalar is equal."""
    if isinstance(doc, dict):
        if not isinstance(real, dict):
            return [f"{path}: an object in the document, {type(real).__name__} in the output"]
        out = []
        for k, v in doc.items():
            out += [f"{path}.{k}: not in the output"] if k not in real else contained(v, real[k], f"{path}.{k}", values)
        return out
    if isinstance(doc, list):
        if not isinstance(real, list):
            return [f"{path}: a list in the document, {type(real).__name__} in the output"]
        i = 0
        for n, item in enumerate(doc):
            while i < len(real) and contained(item, real[i], "", values):
                i += 1
            if i == len(real):
                return [f"{path}[{n}]: not in the output (in order)"]
            i += 1
        return []
    return [f"{path}: {doc!r} in the document, {real!r} in the output"] if values and doc != real else []


# --------------------------------------------------------------------------- readers' fields
def test_every_network_file_field_is_documented():
    from derive.model.activations import ACTIVATIONS, SPELLINGS
    from derive.model.losses import LOSSES
    from derive.model.momentum import FORMS
    from derive.model.network import FIELDS
    from derive.notations import NOTATIONS
    text = section("Network files")
    words = [k for keys in FIELDS.values() for k in keys] + list(SPELLINGS) + list(LOSSES) + list(FORMS)
    words += [p for cls in ACTIVATIONS.values() for p in cls.defaults] + list(NOTATIONS)
    assert undocumented(words, text) == []
    for table in ("network", "neuron", "training"):        # a reference table for each
        assert f"### `[{table}]`" in text or f"### `[[{table}]]`" in text


def test_every_answers_field_and_quantity_name_is_documented():
    from derive.grading.check import CONSTANTS, KEYS
    from derive.model.names import GROUPS
    from derive.notations import NOTATIONS
    assert undocumented(KEYS + tuple(NOTATIONS), section("Answers files")) == []
    names = section("Quantity names")
    assert undocumented(CONSTANTS + ("E",), names) == []
    assert sorted(k for k in GROUPS if k != "E" and f"`{k}[" not in names) == []


def test_every_rubric_field_credit_and_diagnosis_is_documented():
    from derive.grading.rubric import DEFAULT_CREDIT, FIELDS
    from derive.grading.slips import RULES, SLIPS
    assert undocumented(FIELDS + tuple(DEFAULT_CREDIT), section("Rubrics")) == []
    codes = [s.code for s in SLIPS] + list(RULES)
    assert undocumented(codes, section("What check writes")) == []


def test_every_template_field_and_rule_is_documented():
    from derive.exercises.choices import CHOICE_FIELDS, SETTINGS
    from derive.exercises.rules import RULES
    words = SETTINGS + tuple(k for keys in CHOICE_FIELDS.values() for k in keys) + tuple(RULES)
    assert undocumented(words + ("name",), section("Exercise templates")) == []


# --------------------------------------------------------------------------- outputs' keys
def test_generate_folder_and_key_are_documented_and_the_key_block_is_real():
    from derive.exercises import choices, roster
    from derive.exercises.generate import KEY_HEADER, build
    students = roster.read(ROOT / "examples" / "roster.csv")
    gen = build(choices.read(ROOT / "examples" / "xor_exercise.toml"), students, "demo", "xor_exercise.toml")
    ids = {s.id for s in students}
    files = {re.sub(r"\b(" + "|".join(ids) + r")\.toml$", "ID.toml", f) for f in gen.files}
    text = section("What generate writes")
    assert undocumented(sorted(files) + KEY_HEADER, text) == []
    (key,) = blocks("csv", "key")
    assert set(key.splitlines()) <= set(gen.files["key.csv"].splitlines())
    (roster_block,) = blocks("csv", "roster")
    assert roster_block == (ROOT / "examples" / "roster.csv").read_text("utf-8")


def test_check_outputs_are_documented_and_the_blocks_are_real(cli, monkeypatch, tmp_path):
    from derive.grading.check import check_files
    from derive.grading.feedback import Feedback
    from derive.grading.report import CSV_FIELDS, GRADE_FIELDS, class_summary
    monkeypatch.chdir(ROOT)
    files = ["examples/seed_answers.toml", "examples/seed_answers_ab.toml", "examples/sign_slip_answers.toml"]
    results = check_files(files + ["examples/no_such_file.toml"], points="examples/rubric.toml",
                          feedback=Feedback(tmp_path / "fb"))
    results += [_check_block(text, tmp_path / str(i))[0] for i, text in enumerate(blocks("toml", "answers"))]
    text = section("What check writes")
    keys = {k for r in results for k in r} | set(class_summary(results)) | {"verdicts", "slips"}
    keys |= {k for r in results for a in r.get("answers", []) for k in a if not k.startswith("_")}
    keys |= {k for r in results for e in r.get("errors", []) + r.get("blank", []) for k in e}
    assert {"error", "feedback", "name", "points"} <= keys          # the runs above reach them all
    assert undocumented(keys | set(CSV_FIELDS) | set(GRADE_FIELDS), text) == []

    shown = cli("check", "examples/sign_slip_answers.toml", "--format", "json")
    (block,) = blocks("json", "check-sign-slip")
    assert contained(json.loads(block), json.loads(shown.out)) == []
    for args, label in ((["examples/seed_answers.toml", "--format", "csv"], "check-csv"),
                        (files[:2] + ["--points", "examples/rubric.toml", "--format", "grades"], "grades"),
                        (["examples/seed_answers.toml"], "check-text")):
        (block,) = blocks("csv" if label != "check-text" else "text", label)
        out = cli("check", *args).out.splitlines()
        assert [line for line in block.splitlines() if line not in out] == [], label


def test_solve_json_keys_are_documented_and_the_seed_block_is_real():
    text = section("JSON of solve")
    seed = derive.solve("xor")
    runs = [seed, derive.solve(str(ROOT / "examples" / "skip_mixed.toml")),        # batch steps
            derive.solve(str(ROOT / "examples" / "softmax_cross_entropy.toml"))]   # softmax, momentum
    keys = {k for s in runs for k in s} | {k for s in runs for k in s["network"]}
    keys |= {k for s in runs for k in s["network"].get("training", {})} | {k for s in runs for k in s.get("training", {})}
    steps = [st for s in runs for st in s.get("training", {}).get("steps", [])]
    keys |= {k for st in steps for k in st} | {k for st in steps for p in st.get("patterns", []) for k in p}
    keys |= {k for s in runs for k in s.get("decision", {})} | {k for s in runs for n in s.get("decision", {}).get(
        "neurons", {}).values() for line in n for k in line}
    assert "patterns" in keys and "mode" in keys and "states" in keys
    assert undocumented(keys, text) == []
    (block,) = blocks("json", "solve-xor")
    assert contained(json.loads(block), json.loads(json.dumps(seed))) == []
    assert set(json.loads(block)) == set(seed)                   # the seed's example shows every key


def test_sine_json_keys_are_documented_and_the_run_block_has_them_all():
    from numeric import sine
    run = sine.public(sine.run_experiment(0, epochs=2))
    summary = sine.summary([sine.run_experiment(0, epochs=2)])
    text = section("JSON of sine")
    assert undocumented(set(run) | set(run["sizes"]) | set(summary) | set(summary["test"]) | {"runs", "summary"},
                        text) == []
    (block,) = blocks("json", "sine-run")
    doc = json.loads(block)
    assert contained(doc, run, values=False) == [] and set(doc) == set(run)
    assert (doc["seed"], doc["epochs"]) == (run["seed"], run["epochs"])
    # the document prints 3 or 4 significant digits: within 5e-3 relative of the run (the
    # run itself differs between BLAS kernels only in the last bits)
    shown = list(doc["mse"].values()) + doc["loss_curve"] + doc["val_curve"]
    real = [run["mse"][k] for k in doc["mse"]] + run["loss_curve"][:len(doc["loss_curve"])] + run["val_curve"][:len(doc["val_curve"])]
    assert all(abs(a - b) <= 5e-3 * abs(b) for a, b in zip(shown, real)), (shown, real)


# --------------------------------------------------------------------------- the blocks
def _check_block(text: str, folder):
    """An answers block checked as a file in ``folder``; a network file it names (relative to
    the repository's root, as the document's examples are) is copied beside it."""
    from derive.grading.check import check_files
    folder.mkdir()
    data = tomllib.loads(text)
    net = data.get("network", "")
    if (ROOT / net).is_file():
        (folder / net).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / net, folder / net)
    (folder / "answers.toml").write_text(text, "utf-8")
    return check_files([folder / "answers.toml"], root=str(folder))


def test_every_toml_block_is_accepted_by_its_reader(tmp_path):
    from derive.exercises.choices import reads
    from derive.grading.rubric import Rubric
    kinds = [label for lang, label, _ in BLOCKS if lang == "toml"]
    assert set(kinds) == {"network", "template", "answers", "rubric", "fragment"}, kinds
    for i, text in enumerate(blocks("toml")):
        tomllib.loads(text)                                     # fragments too
    networks = blocks("toml", "network")
    for text in networks:
        assert derive.solve(derive.loads(text)).get("notes") is None
    # the first is "the built-in xor, written out"
    assert derive.loads(networks[0]).to_dict() == derive.load("xor").to_dict()
    for text in blocks("toml", "template"):
        assert reads(text).choices
    for text in blocks("toml", "rubric"):
        Rubric.from_dict(tomllib.loads(text))
    for i, text in enumerate(blocks("toml", "answers")):
        (r,) = _check_block(text, tmp_path / str(i))
        assert "error" not in r and r["errors"] == [] and r["summary"]["wrong"] == 0, r


@pytest.mark.parametrize("label, index, example", [("answers", 0, "seed_answers.toml"), ("rubric", 0, "rubric.toml"),
                                                   ("template", 0, "xor_exercise.toml")])
def test_blocks_that_quote_an_example_file_are_the_file(label, index, example):
    assert blocks("toml", label)[index] == (ROOT / "examples" / example).read_text("utf-8")


def test_every_json_block_parses():
    assert len(blocks("json")) >= 4
    for text in blocks("json"):
        json.loads(text)


# --------------------------------------------------------------------------- links
def _slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_links_resolve_inside_the_repository():
    anchors = {_slug(h) for h in re.findall(r"^#+ (.*)$", DOC, re.M)}
    assert sorted(a for a in re.findall(r"\]\(#([^)]+)\)", DOC) if a not in anchors) == []
    for target in re.findall(r"\]\((?!#|https?:)([^)#]+)", DOC):
        assert (ROOT / "docs" / target).exists(), target
    for path in set(re.findall(r"`(examples/[\w./-]+)`", DOC)):
        assert (ROOT / path).exists(), path
    for doc in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        text = doc.read_text("utf-8")
        assert "CONTRACT.md" not in text and "../shared" not in text, doc.name


def test_the_readme_points_to_the_documentation():
    top = "\n".join((ROOT / "README.md").read_text("utf-8").splitlines()[:20])
    assert "docs/formats.md" in top and "docs/notations.md" in top
