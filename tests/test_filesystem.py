"""Files in and out (issue 17, items 3 and 4): whatever the filesystem holds at an input or output
path — unreadable files, directories, links (to files, dangling, in a loop), devices, FIFOs,
paths through a file, long names, NUL characters — every command ends with a result or one
line and exit 2, never a traceback; outputs replace regular files atomically keeping their
mode, follow links, write devices and FIFOs in place, and a bad second output leaves the first
one untouched."""
import io
import os
import signal
import stat
import threading
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from support import ROOT, examples

from handgrad.cli import main

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
NETWORK = (ROOT / "derive" / "builtins" / "xor.toml").read_text()
ANSWERS = (ROOT / "examples" / "seed_answers.toml").read_text()

KINDS = ["missing", "regular", "unreadable", "directory", "link", "dangling", "loop", "fifo",
         "device", "through_file", "long_name", "nul", "empty", "missing_folder", "readonly_folder",
         "readonly_file"]


def make(base: Path, kind: str, content: str, name: str = "thing.toml") -> str:
    """A path of this kind under ``base``, named ``name``; regular files hold ``content``."""
    p = base / name
    if kind == "regular":
        p.write_text(content)
    elif kind == "unreadable":
        p.write_text(content)
        p.chmod(0)
    elif kind == "directory":
        p.mkdir()
    elif kind == "link":
        (base / f"real{p.suffix}").write_text(content)
        p.symlink_to(f"real{p.suffix}")
    elif kind == "dangling":
        p.symlink_to(f"nowhere/real{p.suffix}")
    elif kind == "loop":
        p.symlink_to(f"other{p.suffix}")
        (base / f"other{p.suffix}").symlink_to(name)
    elif kind == "fifo":
        os.mkfifo(p)
    elif kind == "device":
        if not ROOT_USER:
            return os.devnull              # writable by anyone; never replaced (asserted below)
        os.mknod(p, 0o666 | stat.S_IFCHR, os.makedev(1, 3))   # a private /dev/null
    elif kind == "through_file":
        (base / "file").write_text(content)
        return str(base / "file" / name)
    elif kind == "long_name":
        return str(base / ("n" * 300 + p.suffix))
    elif kind == "nul":
        return str(base / ("th\x00" + name))
    elif kind == "empty":
        return ""
    elif kind == "missing_folder":
        return str(base / "nofolder" / name)
    elif kind == "readonly_folder":
        sub = base / "ro"
        sub.mkdir()
        (sub / name).write_text(content)
        sub.chmod(0o555)
        return str(sub / name)
    elif kind == "readonly_file":
        p.write_text(content)
        p.chmod(0o444)
    return str(p)


def run(*argv, cwd: Path):
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main([str(a) for a in argv])
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


def one_line_or_success(code, err, argv):
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err, err
    if code == 2:
        lines = err.strip("\n").split("\n")
        assert len(lines) == 1 and lines[0].startswith("handgrad: "), (argv, err)


def _fifo_reader(path: str, sink: list):
    """Read a FIFO that handgrad is about to write (as a shell pipeline would)."""
    def read():
        with open(path, "rb") as fh:
            sink.append(fh.read())
    t = threading.Thread(target=read, daemon=True)
    t.start()
    return t


FS = settings(max_examples=examples(200), deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FS
@given(kind=st.sampled_from(KINDS), command=st.sampled_from(["solve", "check", "verify"]))
def test_inputs_of_every_kind(tmp_path_factory, kind, command):
    base = tmp_path_factory.mktemp("in")
    content = ANSWERS.replace('network = "xor"', 'network = "xor"') if command == "check" else NETWORK
    path = make(base, kind, content)
    argv = [command, path] + (["--points", "1"] if command == "verify" else [])
    code, out, err = run(*argv, cwd=base)
    one_line_or_success(code, err, argv)
    readable = kind in ("regular", "link", "readonly_file", "readonly_folder") or (kind == "unreadable" and ROOT_USER)
    assert (code != 2) == readable, (kind, command, code, err)


@FS
@given(kind=st.sampled_from(KINDS), option=st.sampled_from(["-o", "--plot"]),
       command=st.sampled_from(["solve", "sine"]))
def test_outputs_of_every_kind(tmp_path_factory, kind, option, command):
    base = tmp_path_factory.mktemp("out")
    path = make(base, kind, "old content\n", "thing.png" if option == "--plot" else "thing.txt")
    before = os.lstat(path) if path and "\x00" not in path and os.path.lexists(path) else None
    argv = [command, "-o" if option == "-o" else "--plot", path] + (["--epochs", "3"] if command == "sine" else [])
    reader, sink = None, []
    if kind == "fifo":
        reader = _fifo_reader(path, sink)
    code, out, err = run(*argv, cwd=base)
    if reader:
        reader.join(5)
    one_line_or_success(code, err, argv)
    if before is not None:
        after = os.lstat(path)
        assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode), (kind, "type changed")
        if stat.S_ISLNK(before.st_mode) and code == 0:
            assert os.readlink(path) == "real" + Path(path).suffix
        if stat.S_ISREG(before.st_mode) and code == 0:
            assert stat.S_IMODE(after.st_mode) == stat.S_IMODE(before.st_mode), "mode changed"
    if kind == "fifo" and code == 0:
        assert sink and len(sink[0]) > 100
    assert not [p for p in base.rglob(".*") if p.name.endswith((".tmp", ".png")) and p.name.startswith(".")], \
        "a temporary file was left"
    if kind == "readonly_file":
        assert code == 2 or ROOT_USER           # a read-only file is not replaced behind its back


def test_new_files_follow_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        code, _, err = run("solve", "-o", "new.txt", cwd=tmp_path)
    finally:
        os.umask(old)
    assert code == 0, err
    assert stat.S_IMODE(os.stat(tmp_path / "new.txt").st_mode) == 0o640


def test_existing_mode_is_kept(tmp_path):
    target = tmp_path / "doc.txt"
    target.write_text("old")
    target.chmod(0o664)
    assert run("solve", "-o", target, cwd=tmp_path)[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o664 and target.read_text().startswith("Worked solution")


def test_every_output_checked_before_any_is_written(tmp_path):
    """solve --plot p.png -o nodir/x.tex exited 2 but had already replaced p.png."""
    pic = tmp_path / "p.png"
    pic.write_bytes(b"old picture")
    code, _, err = run("solve", "--plot", "p.png", "-o", "nodir/x.tex", "--format", "latex", cwd=tmp_path)
    assert code == 2 and "nodir/x.tex: -o: no such folder" in err
    assert pic.read_bytes() == b"old picture"


def test_empty_output_name_is_refused(tmp_path):
    for command in ("solve", "sine", "check"):
        code, out, err = run(command, "-o", "", *(["--epochs", "2"] if command == "sine" else []),
                             *([str(ROOT / "examples" / "seed_answers.toml")] if command == "check" else []),
                             cwd=tmp_path)
        assert code == 2 and "-o: empty file name" in err and out == ""


def test_sigterm_removes_the_temporary_file(tmp_path, monkeypatch):
    """SIGTERM while the output is being written: exit 143, the old file intact, no temporary."""
    import derive.fileio as fio
    target = tmp_path / "doc.txt"
    target.write_text("old")

    def killed(fd):
        os.kill(os.getpid(), signal.SIGTERM)
    monkeypatch.setattr(fio.os, "fsync", killed)
    code, _, err = run("solve", "-o", target, cwd=tmp_path)
    assert code == 128 + signal.SIGTERM and err == "handgrad: terminated\n"
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["doc.txt"]


def test_a_class_run_survives_every_bad_file(tmp_path):
    """The cases that ended in a traceback and stopped a whole `check` run: a line with 1e999
    or a 201-digit number, a NUL in the network name, TOML nested 500 deep, an unreadable file,
    a link loop, a path through a file, a 300-character name. Each is one error for its file;
    the good file is still checked."""
    files = {"e999.toml": 'network = "xor"\nlines = ["x1 + x2 = 1e999"]\n',
             "long.toml": f'network = "xor"\nlines = ["x1 + x2 = {"1" * 201}"]\n',
             "nul.toml": 'network = "xo\\u0000r"\n[answers]\n"v[1]" = "-1.5"\n',
             "deep.toml": "a = " + "[" * 500 + "]" * 500 + "\n",
             "good.toml": ANSWERS}
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    bad = [make(tmp_path, kind, ANSWERS, f"{kind}.toml") for kind in ("loop", "through_file", "long_name")]
    code, out, err = run("check", "--format", "json", *files, *bad, cwd=tmp_path)
    one_line_or_success(code, err, files)
    import json
    results = json.loads(out)["files"]
    assert [Path(r["file"]).name for r in results] == list(files) + [Path(p).name for p in bad]
    by_name = {Path(r["file"]).name: r for r in results}
    assert by_name["good.toml"]["summary"]["correct"] == 10
    assert [e["message"] for e in by_name["e999.toml"]["errors"]] == [
        "cannot read 'x1 + x2 = 1e999': '1e999': exponent beyond ±400"]
    assert "number too long (201 characters" in by_name["long.toml"]["errors"][0]["message"]
    assert by_name["deep.toml"]["error"] == "deep.toml: not valid TOML: nested too deeply"
    for r in [by_name["nul.toml"]] + results[len(files):]:
        assert r["error"].count("\n") == 0 and r["error"].startswith(r["file"])


def test_lines_and_truth_table_rows_count_as_answers(tmp_path):
    """240,000 truth-table rows held 519 MB: rows and lines count against the 5,000 answers."""
    rows = ", ".join(["{ x = [0, 0], y = [0] }"] * 4000)
    lines = ", ".join(['"x1 + x2 = 1"'] * 1001)
    (tmp_path / "many.toml").write_text(f'network = "xor"\ntruth_table = [{rows}]\nlines = [{lines}]\n')
    code, out, err = run("check", "many.toml", cwd=tmp_path)
    assert code == 2 and err == ("handgrad: many.toml: answers: 5,001 answers (quantities, lines and "
                                 "truth-table rows); at most 5,000\n")
