"""Version-1 files keep their JSON: recorded with version 1 (commit 00083d7) before any
version-2 work, in tests/golden/v1/. Version 2 may only *add* keys, and only those listed in
V2_ADDITIONS (each with its reason); everything version 1 printed stays byte-identical."""
import json

import pytest

import derive
from support import ROOT

GOLDEN = ROOT / "tests" / "golden" / "v1"
CASES = sorted(p.stem for p in GOLDEN.glob("*.json"))

#: keys version 2 adds to a training step's JSON (CONTRACT.md, "Names of quantities (version
#: 2 additions)"); they are removed before comparing. Add a key here only with its reason.
V2_STEP_ADDITIONS: tuple[str, ...] = ()


def _strip_v2(data: dict) -> dict:
    for step in data.get("training", {}).get("steps", []):
        for key in V2_STEP_ADDITIONS:
            step.pop(key, None)
        for p in step.get("patterns", []):
            for key in V2_STEP_ADDITIONS:
                p.pop(key, None)
    return data


@pytest.mark.parametrize("name", CASES)
def test_version_1_json_is_unchanged(name):
    source = "xor" if name == "xor" else str(GOLDEN / f"{name}.toml")
    now = _strip_v2(json.loads(json.dumps(derive.solve(source))))
    assert json.dumps(now, indent=2) + "\n" == (GOLDEN / f"{name}.json").read_text()
