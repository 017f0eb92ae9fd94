"""sine's per-run budget (issue 17): seeds × restarts × epochs × hidden (and Levenberg–Marquardt's
solves) bounded for the whole command, non-finite learning rates refused, a diverged run valid
JSON."""
import json

import pytest
from support import heavy, measured

from derive.budget import Budget
from numeric import sine


@pytest.mark.parametrize("args,words", [
    (["--lr", "nan"], "must be a finite number"),
    (["--lr", "inf"], "must be a finite number"),
    (["--lr=-inf"], "must be a finite number"),
    (["--seed", "-1"], "must be from 0"),
    (["--seeds", "1000", "--epochs", "100000"], "units of work; at most 1,600,000"),
    (["--optimizer", "lm", "--hidden", "1000", "--epochs", "2"], "units of work"),
])
def test_refused_before_any_work(cli, args, words):
    """1,000 seeds × 100,000 epochs kept ~31 GB of loss curves; lm with 1,000 hidden units ran
    36 h a seed; --lr nan trained and printed NaN."""
    r = cli("sine", *args)
    assert r.code == 2 and words in r.err and r.err.count("\n") == 1, r.err


def test_readme_recipes_fit_the_budget():
    """The README's runs stay admitted: 20 seeds of the seed's recipe, of Adam with a cosine
    decay over 3,000 epochs, and of Levenberg–Marquardt with 4 restarts."""
    limit = Budget().limits["sine"]
    assert sine.planned_work(20, 300, 15) <= limit
    assert sine.planned_work(20, 3000, 15) <= limit
    assert sine.planned_work(20 * 4, 150, 15, optimizer="lm") <= limit


def test_levenberg_marquardt_stops_at_the_budget():
    """Charged solve by solve: a budget of 5 solves stops the run with a note."""
    b = Budget(limits={**Budget().limits, "sine": sine.RUN_COST + 5 * sine.solve_cost(15)})
    r = sine.run_experiment(0, 150, hidden=15, optimizer="lm", budget=b)
    assert len(r["loss_curve"]) <= 5
    assert r["notes"] and r["notes"][0].startswith(f"stopped after {len(r['loss_curve'])} of 150 iterations")


def test_diverged_run_is_valid_json(cli):
    r = cli("sine", "--lr", "1e300", "--epochs", "20", "--format", "json")
    assert r.code == 0 and r.err == ""
    out = json.loads(r.out, parse_constant=lambda c: pytest.fail(f"invalid JSON constant {c}"))
    assert out["notes"] == ["training diverged: an MSE is not finite (a smaller --lr?)"]
    assert None in out["mse"].values()


@heavy
@pytest.mark.parametrize("args", [
    ["--hidden", "1000", "--epochs", "1590"],
    ["--seeds", "1000", "--epochs", "30", "--format", "json"],
    ["--hidden", "200", "--optimizer", "lm", "--epochs", "18"],
    ["--hidden", "1000", "--engine", "torch", "--epochs", "1440"],
])
def test_worst_admitted_runs_within_time_and_memory(args):
    r = measured("sine", *args)
    assert r.code == 0, r.err
    assert r.within(), f"{r.seconds:.1f} s, {r.mb:.0f} MB"
