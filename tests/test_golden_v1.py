"""Version-1 files keep their JSON: recorded with version 1 (commit 00083d7) before any
version-2 work, in tests/golden/v1/. Version 2 may only *add* keys, and only those listed in
V2_ADDITIONS (each with its reason); everything version 1 printed stays byte-identical."""
import json

import pytest

import derive
from support import ROOT

GOLDEN = ROOT / "tests" / "golden" / "v1"
CASES = sorted(p.stem for p in GOLDEN.glob("*.json"))

#: What version 2 adds; removed before comparing. Add a name here only with its reason.
#: - a training step's (and a batch step's patterns') groups "gradient" (grad_w[j,k], grad_b[j])
#:   and "change" (dw[j,k], db[j]): CONTRACT.md, "Names of quantities (version 2 additions)"
V2_STEP_ADDITIONS: tuple[str, ...] = ("gradient", "change")
#: - inside a step's "delta" group, e[k] = d_k − y_k and dphi[j] = φ'(v_j) (same section), in the
#:   order a student computes them; the delta[j] keep their order
V2_DELTA_ADDITIONS: tuple[str, ...] = ("e[", "dphi[", "s[")
#: - s[j] = −delta[j] (Hagan's sensitivity) after each delta[j], and theta[j] = −b[j] after each
#:   b[j] in "after": the same section says all of them appear in the JSON steps
V2_AFTER_ADDITIONS: tuple[str, ...] = ("theta[",)
#: - network.training's "loss", "momentum", "momentum_form", "fixed": CONTRACT.md, "Every
#:   course's conventions (version 2)" (for a version-1 file: half_sse, null, haykin, [])
V2_TRAINING_ADDITIONS: tuple[str, ...] = ("loss", "momentum", "momentum_form", "fixed")


def _strip_v2(data: dict) -> dict:
    for key in V2_TRAINING_ADDITIONS:
        data["network"].get("training", {}).pop(key, None)
    for step in data.get("training", {}).get("steps", []):
        for part in [step] + step.get("patterns", []):
            for key in V2_STEP_ADDITIONS:
                part.pop(key, None)
            for group, added in (("delta", V2_DELTA_ADDITIONS), ("after", V2_AFTER_ADDITIONS)):
                if group in part:
                    part[group] = {q: val for q, val in part[group].items() if not q.startswith(added)}
    return data


@pytest.mark.parametrize("name", CASES)
def test_version_1_json_is_unchanged(name):
    source = "xor" if name == "xor" else str(GOLDEN / f"{name}.toml")
    now = _strip_v2(json.loads(json.dumps(derive.solve(source))))
    assert json.dumps(now, indent=2) + "\n" == (GOLDEN / f"{name}.json").read_text()
