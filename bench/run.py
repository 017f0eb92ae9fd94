"""handgrad benchmarks: each figure is a ratio against a baseline run in the same process.

    python bench/run.py                 # everything (about a minute)
    python bench/run.py derive numeric  # some sections: render, generate, derive, numeric, check, sine
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nets import tanh_net  # noqa: E402

import derive  # noqa: E402
from derive.model.network import dumps  # noqa: E402


#: the command line of this checkout (not whatever ``handgrad`` is installed)
HANDGRAD = [sys.executable, "-m", "handgrad"]


def best(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def cpu(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its children) of one run: on a shared
    machine the CPU time is the figure that does not depend on the neighbours."""
    t0, c0 = time.perf_counter(), os.times()
    fn()
    c1 = os.times()
    return (time.perf_counter() - t0,
            (c1.user + c1.system + c1.children_user + c1.children_system)
            - (c0.user + c0.system + c0.children_user + c0.children_system))


def naive_sympy_step(net):
    """The baseline of the issue: compose E as one expression, then sympy.diff it for every
    parameter (handgrad's time includes evaluating and printing the step; this one does not)."""
    import sympy
    from derive.model.formula import to_sympy
    from derive.backprop.quantities import Formulas, y
    tnet = net.for_training()
    F = Formulas(tnet)
    params = {p: sympy.Symbol(p) for p in tnet.parameters()}
    exprs = {}
    for n in tnet.neurons:
        field = to_sympy(F.field[n.id], lambda s: exprs.get(s) or params.get(s) or sympy.Symbol(s))
        exprs[y(n.id)] = to_sympy(F.output[n.id], lambda s, f=field: f)
    d = [sympy.Symbol(f"d{k}") for k in range(len(tnet.outputs))]
    E = sum((dk - exprs[y(o)]) ** 2 for o, dk in zip(tnet.outputs, d)) / 2
    return [sympy.diff(E, s) for s in params.values()]      # not even evaluated yet


def section_derive():
    print("== derive: exact backprop steps (issue 3)")
    for sizes in ([1, 15, 1], [2, 10, 10, 1]):
        net = tanh_net(sizes)
        ours = best(lambda: derive.solve(net), 3)
        naive = best(lambda: naive_sympy_step(net), 1)
        print(f"  {'-'.join(map(str, sizes)):>10}: handgrad {ours:7.3f} s   naive SymPy {naive:7.2f} s   "
              f"ratio naive/handgrad {naive / ours:7.1f}x")
    net = tanh_net([2, 30, 30, 1])
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "n.toml")
        Path(path).write_text(dumps(net))
        cli = best(lambda: subprocess.run([*HANDGRAD, "solve", path, "--format", "json"], check=True,
                                          stdout=subprocess.DEVNULL), 3)
        cli_text = best(lambda: subprocess.run([*HANDGRAD, "solve", path], check=True,
                                               stdout=subprocess.DEVNULL), 1)
    print(f"  2-30-30-1 (1,051 parameters), one exact step through `handgrad solve`: "
          f"{cli:.2f} s json, {cli_text:.2f} s text (bar 1 s json; naive SymPy ~500 s)")
    xor = derive.load("xor")
    xor = replace(xor, training=replace(xor.training, steps=None, epochs=25))
    t = best(lambda: derive.solve(xor), 3)
    print(f"  100 online steps of the seed network: {t:.3f} s (bar 5 s)")


def section_numeric():
    import torch
    from numeric.engine import Engine
    from numeric.verify import verify
    print("== numeric: engine and verify (issue 6)")
    net = tanh_net([2, 30, 30, 1])
    t = best(lambda: verify(net), 2)
    r = verify(net)
    print(f"  verify 2-30-30-1, four ways at {r['points']} points: {t:.2f} s (bar 10 s); "
          f"parts: " + ", ".join(f"{k} {v:.3f}" for k, v in r["seconds"].items()))
    soft = tanh_net([2, 30, 30, 3], output="softmax", loss="cross_entropy")
    t_soft = best(lambda: verify(soft), 2)
    r = verify(soft)
    with tempfile.TemporaryDirectory() as tmp:
        for n_, name in ((net, "tanh"), (soft, "soft")):
            Path(tmp, f"{name}.toml").write_text(dumps(n_))
        cli = {name: best(lambda: subprocess.run([*HANDGRAD, "verify", str(Path(tmp, f"{name}.toml"))],
                                                 check=True, stdout=subprocess.DEVNULL), 1)
               for name in ("tanh", "soft")}
    print(f"  verify 2-30-30-3 softmax/cross-entropy: {t_soft:.2f} s, passed {r['passed']} (bar 10 s); "
          f"through `handgrad verify`: 2-30-30-1 {cli['tanh']:.2f} s, 2-30-30-3 softmax {cli['soft']:.2f} s")
    net = tanh_net([1, 15, 1])
    e = Engine(net)
    th = e.theta()
    rng = np.random.default_rng(0)
    X = rng.uniform(-np.pi, np.pi, (141, 1))
    D = np.sin(X)
    n = 2000
    t_np = best(lambda: [e.error_and_gradient(X, D, th) for _ in range(n)]) / n
    model = torch.nn.Sequential(torch.nn.Linear(1, 15), torch.nn.Tanh(), torch.nn.Linear(15, 1)).double()
    Xt, Dt = torch.tensor(X), torch.tensor(D)

    def torch_step():
        model.zero_grad()
        loss = 0.5 * ((model(Xt) - Dt) ** 2).sum()
        loss.backward()
    t_t = best(lambda: [torch_step() for _ in range(n)]) / n
    print(f"  forward+backward 1-15-1, 141 patterns: NumPy {t_np * 1e6:.1f} us, torch eager "
          f"{t_t * 1e6:.1f} us: NumPy is {t_t / t_np:.1f}x faster (bar 5x)")


def section_check():
    import tomllib
    from classes import write_class, student
    from derive.exercises import choices, roster
    from derive.exercises.generate import build, write
    from derive.grading.check import check_files
    from derive.grading.derivation import Derivation
    from derive.grading.report import format_results
    print("== check: a class at once (issue 13)")
    D = Derivation(derive.load("xor"))
    with tempfile.TemporaryDirectory() as tmp:
        files = write_class(Path(tmp) / "class", D, 10_000, "xor")
        results = check_files(files)
        n = sum(len(r["answers"]) for r in results)
        wrong = sum(r["summary"]["wrong"] for r in results)
        carried = sum(r["summary"]["carried"] for r in results)
        read = cpu(lambda: [tomllib.loads(f.read_text()) for f in files])
        one = cpu(lambda: format_results(check_files(files), "csv"))
        two = cpu(lambda: format_results(check_files(files, jobs=2), "csv"))
        cli = cpu(lambda: subprocess.run([*HANDGRAD, "check", "--format", "csv", "-o", str(Path(tmp) / "c.csv"),
                                          *map(str, files)], stdout=subprocess.DEVNULL))
        print(f"  10,000 answer files of one network ({n:,} answers, {carried:,} carried, {wrong:,} wrong) "
              f"to CSV (wall / CPU seconds): {one[0]:.2f} / {one[1]:.2f} in one process, "
              f"{two[0]:.2f} / {two[1]:.2f} in two, {cli[0]:.2f} / {cli[1]:.2f} through the CLI "
              f"(bar 10 s on 2 cores); reading the TOML alone takes {read[1]:.2f} s CPU, "
              f"check {one[1] / read[1]:.1f}x that")
        # 300 students, each with their own variant (a generate folder)
        template = Path(__file__).resolve().parents[1] / "examples" / "xor_exercise.toml"
        hw = Path(tmp) / "hw"
        write(hw, build(choices.read(template), roster.counted(300), "bench", template.name).files, True)
        rng = __import__("random").Random(1)
        answers = sorted((hw / "answers").glob("*.toml"))
        for f in answers:
            Dv = Derivation(derive.load(hw / "variants" / f.name))
            body = "\n".join(f'"{q}" = "{t}"' for q, t in student(Dv, rng).items())
            f.write_text(f'id = "{f.stem}"\n[answers]\n{body}\n')
        var = cpu(lambda: format_results(check_files(answers, variants=str(hw)), "csv"))
        cli300 = cpu(lambda: subprocess.run([*HANDGRAD, "check", "--format", "csv", "--variants", str(hw),
                                             *map(str, answers)], stdout=subprocess.DEVNULL))
        same = cpu(lambda: format_results(check_files(answers[:1] * 300, variants=str(hw)), "csv"))
    print(f"  300 answer files, each against its own variant (wall / CPU seconds): {var[0]:.2f} / {var[1]:.2f} "
          f"in-process, {cli300[0]:.2f} / {cli300[1]:.2f} through the CLI (bar 10 s); {var[1] / same[1]:.1f}x "
          f"one student's file checked 300 times (a derivation per network content, cached)")
    long_training()


def long_training():
    """3,400 wrong answers (steps 1 to 3) on a 2-30-30-1 network whose file trains 47 steps: the
    checker computes the steps asked for only; the baseline first computes the whole training
    (as the checker did before)."""
    from derive.grading.check import check_data
    from derive.grading.derivation import Derivation
    from derive.model.numbers import text_number, to_mpf
    net = tanh_net([2, 30, 30, 1], patterns=47)
    net = replace(net, training=replace(net.training, steps=47, epochs=1))
    D = Derivation(net)
    steps, n = {}, 0
    for index in (1, 2, 3):
        exact = D.exact(index)
        for q in D.order:
            if not D.quantities[q].view and n < 3400:
                steps.setdefault(str(index), {})[q] = text_number(to_mpf(exact[D.quantities[q].key]) * 1.37 + 0.113, 4)
                n += 1
    lazy = cpu(lambda: check_data({"steps": steps}, Derivation(net)))
    whole = cpu(lambda: Derivation(net).steps)
    print(f"  {n:,} wrong answers of steps 1-3, 2-30-30-1 network training 47 steps: check {lazy[1]:.2f} s CPU; "
          f"computing the whole training alone takes {whole[1]:.2f} s ({whole[1] / lazy[1]:.2f}x the check)")


def section_sine():
    from numeric.sine import run_experiment
    print("== sine: the seed's 300-epoch experiment (issue 7)")
    # interleaved and the best of 10 each: on a shared machine the load changes between runs
    np_runs, torch_runs = [], []
    for _ in range(10):
        np_runs.append(best(lambda: run_experiment(seed=0, engine="numpy"), 1))
        torch_runs.append(best(lambda: run_experiment(seed=0, engine="torch"), 1))
    t_np, t_t = min(np_runs), min(torch_runs)
    print(f"  300 epochs 1-15-1 Adam: NumPy engine {t_np:.4f} s, torch eager {t_t:.4f} s: "
          f"NumPy is {t_t / t_np:.1f}x faster (bar 10x)")
    t_lm = best(lambda: run_experiment(seed=0, optimizer="lm", epochs=150), 3)
    print(f"  better recipe (Levenberg-Marquardt, 150 iterations): {t_lm:.3f} s per run (bar 1 s)")


def section_generate():
    from derive.exercises import choices, roster
    from derive.exercises.generate import build, write
    print("== generate: a class of 300 (issue 14)")
    template = Path(__file__).resolve().parents[1] / "examples" / "xor_exercise.toml"
    ex = choices.read(template)
    students = roster.counted(300)
    with tempfile.TemporaryDirectory() as tmp:
        t = best(lambda: write(Path(tmp) / "hw", build(ex, students, "bench", template.name).files, True), 2)
        cli = best(lambda: subprocess.run([*HANDGRAD, "generate", str(template), "--count", "300", "-o",
                                           str(Path(tmp) / "cli"), "--force"], check=True,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), 1)
    seed = derive.load("xor")
    base = best(lambda: derive.solve(seed).render("latex", fragment=True), 5)
    print(f"  300 students, every file (variants, problems.tex, solutions.tex, key.csv, answers, moodle.xml): "
          f"{t:.2f} s in-process, {cli:.2f} s through the CLI (bar 15 s); "
          f"{t / (300 * base):.1f}x the bare solve + LaTeX of 300 seed networks")


def section_render():
    """The seed's worked solution with its pictures, through the CLI (bar 1.5 s each), and the
    share of it that is rendering: ratio against the bare solve in the same process."""
    print("== render: documents with the network drawn (issue 15)")
    with tempfile.TemporaryDirectory() as tmp:
        base = min(cpu(lambda: subprocess.run([*HANDGRAD, "solve", "--format", "json", "-o",
                                               os.path.join(tmp, "s.json")], check=True))[1] for _ in range(3))
        for fmt in ("latex", "html", "markdown"):
            out = os.path.join(tmp, f"s.{fmt}")
            wall, cpu_s = min((cpu(lambda: subprocess.run([*HANDGRAD, "solve", "--format", fmt, "-o", out], check=True))
                               for _ in range(3)), key=lambda t: t[1])
            print(f"  seed, --format {fmt:8}: {wall:.2f} s wall, {cpu_s:.2f} s CPU (bar 1.5 s); "
                  f"{cpu_s / base:.2f}x the CPU of the JSON solve ({base:.2f} s)")
        wall, cpu_s = cpu(lambda: subprocess.run([*HANDGRAD, "solve", "--diagram", os.path.join(tmp, "n.png"),
                                                  "--plot", os.path.join(tmp, "r.png"), "-o", os.path.join(tmp, "t")],
                                                 check=True))
        print(f"  seed, --diagram n.png --plot r.png (matplotlib): {wall:.2f} s wall, {cpu_s:.2f} s CPU")
    seed = derive.solve("xor")
    for fmt in ("latex", "html"):
        t = best(lambda: seed.render(fmt), 5)
        print(f"  seed, render({fmt!r}) in-process: {t * 1000:.0f} ms")
    from derive.render.diagram import diagram
    from derive.render.mathprint import Printer
    dense = tanh_net([4, 4, 3, 2])
    t = best(lambda: diagram(dense, Printer()), 3)
    print(f"  layout of a 4-4-3-2 network (9 neurons, 34 connections): {t * 1000:.0f} ms")


SECTIONS = {"render": section_render, "generate": section_generate, "derive": section_derive, "numeric": section_numeric, "check": section_check, "sine": section_sine}

if __name__ == "__main__":
    for name in sys.argv[1:] or list(SECTIONS):
        SECTIONS[name]()
