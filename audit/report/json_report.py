"""JSON: the machine contract (schema 1). `tqa audit`'s file is `audit.report.common.to_dict`;
a gate run is `{"schema": 1, "gate": {...}, "files": [report | {"path", "error"}]}`, each report
that same single-file contract."""

from __future__ import annotations

import json

from audit.report.common import to_dict
from audit.runs import Run


def render(run: Run, **_: object) -> str:
    if run.command == "audit":
        return _dump(to_dict(run.outcomes[0].result))
    return _dump({
        "schema": 1,
        "gate": {
            "passed": run.exit_code == 0,
            "exit_code": run.exit_code,
            "counts": run.counts,
            "baseline": run.baseline,
            "min_score": run.settings.min_score,
            "fail_on": run.settings.fail_on.label if run.settings.fail_on else None,
        },
        "files": [
            {"path": o.path, "status": o.status, **to_dict(o.result)} if o.result is not None
            else {"path": o.path, "status": "error", "error": o.error}
            for o in run.outcomes
        ],
    })


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
