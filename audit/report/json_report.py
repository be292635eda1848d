"""JSON: the machine contract (schema 1), see audit.report.common.to_dict."""

from __future__ import annotations

import json

from audit.model import AuditResult
from audit.report.common import to_dict


def render(result: AuditResult, **_: object) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=2) + "\n"
