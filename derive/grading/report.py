"""The results of ``handgrad check`` as text, JSON or CSV, with a class summary."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter

from derive.errors import one_line


def class_summary(results: list[dict]) -> dict:
    verdicts = Counter()
    slips = Counter()
    for r in results:
        for a in r.get("answers", []):
            verdicts[a["verdict"]] += 1
            if a["diagnosis"]:
                slips[a["diagnosis"]] += 1
    return {"files": len(results), "unreadable": sum(1 for r in results if "error" in r),
            "verdicts": {k: verdicts.get(k, 0) for k in ("correct", "carried", "wrong")},
            "slips": dict(slips.most_common())}


# --------------------------------------------------------------------------- output
CSV_FIELDS = ["file", "student", "quantity", "given", "exact", "verdict", "recomputed", "diagnosis", "message"]


def format_results(results: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"files": results, "summary": class_summary(results)}, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        wr = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
        wr.writeheader()
        for r in results:
            base = {"file": r["file"], "student": r.get("student", "")}
            if "error" in r:
                wr.writerow({**base, "verdict": "error", "message": r["error"]})
                continue
            for a in r["answers"]:
                wr.writerow({**base, **{k: ("" if a.get(k) is None else a[k]) for k in CSV_FIELDS[2:]}})
            for e in r["errors"]:
                wr.writerow({**base, "quantity": e["quantity"], "verdict": "error", "message": e["message"]})
        return buf.getvalue()
    lines = []
    for r in results:
        if "error" in r:
            lines += [f"{r['file']}: cannot check: {r['error']}", ""]
            continue
        lines.append(f"{r['file']}: network {r['network']}, step {r['step']}")
        width = max([len(a["quantity"]) for a in r["answers"]] + [8])
        for a in r["answers"]:
            mark = {"correct": "ok", "carried": "carried", "wrong": "WRONG"}[a["verdict"]]
            lines.append(f"  {one_line(a['quantity']):<{width}}  {one_line(a['given']):>12}  {mark:<8} "
                         f"{one_line(a['message'])}")
        for e in r["errors"]:
            lines.append(f"  {one_line(e['quantity']):<{width}}  {'':>12}  ERROR    {one_line(e['message'])}")
        s = r["summary"]
        lines += [f"  {s['correct']} correct, {s['carried']} carried, {s['wrong']} wrong"
                  + (f", {len(r['errors'])} unreadable" if r["errors"] else ""), ""]
    if len(results) > 1:
        cs = class_summary(results)
        v = cs["verdicts"]
        lines.append(f"class: {cs['files']} files ({cs['unreadable']} unreadable): {v['correct']} correct, "
                     f"{v['carried']} carried, {v['wrong']} wrong")
        if cs["slips"]:
            lines.append("most common slips: " + ", ".join(f"{k} ({n})" for k, n in cs["slips"].items()))
    return "\n".join(lines).rstrip() + "\n"
