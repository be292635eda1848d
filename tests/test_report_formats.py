"""Every report format renders a single result. The CI formats (SARIF, JUnit, GitHub, GitLab,
concise), each validated against its schema, are tested in tests/test_report_ci.py."""

from __future__ import annotations

from audit.report import FORMATS, renderer


def test_every_format_renders_a_single_result(seed_result, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)  # run under Actions: keep out of its summary
    for fmt in FORMATS:
        out = renderer(fmt)(seed_result)
        assert isinstance(out, str) and len(out) > 100, fmt
