"""Every report format renders a single result and a run of many files. The CI formats (SARIF, JUnit, GitHub, GitLab,
concise), each validated against its schema, are tested in tests/test_report_ci.py."""

from __future__ import annotations

import json

from audit.config import Settings
from audit.report import FORMATS, renderer
from audit.runs import FileOutcome, Run, single


def test_every_format_renders_a_single_result(seed_result, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)  # run under Actions: keep out of its summary
    for fmt in FORMATS:
        out = renderer(fmt)(seed_result)
        assert isinstance(out, str) and len(out) > 100, fmt


def test_every_format_renders_a_run_of_many_files(seed_result, monkeypatch):
    """One emitter per format: the same `render(run)` draws a gate run of several files, an
    unreadable one among them, and names every file."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    run = Run((FileOutcome("a/seed.en.txt", seed_result), FileOutcome("b/copy.en.txt", seed_result),
                   FileOutcome("c/broken.txt", error="c/broken.txt: file is empty")), Settings())
    for fmt in FORMATS:
        out = renderer(fmt)(run)
        assert "seed.en.txt" in out and "copy.en.txt" in out, fmt
        assert "broken.txt" in out, fmt


def test_a_single_file_report_is_a_run_of_one(seed_result, monkeypatch):
    """`tqa audit`'s report is the format's drawing of a run of one: the CI formats draw it as
    they draw a one-file gate run; terminal, JSON and Markdown show the file in full."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    one = single(seed_result, Settings())
    gate_of_one = Run((FileOutcome(seed_result.document.path, seed_result),), Settings())
    for fmt in ("sarif", "github", "gitlab", "concise", "html"):
        assert renderer(fmt)(seed_result, settings=Settings()) == renderer(fmt)(one) == renderer(fmt)(gate_of_one), fmt
    assert json.loads(renderer("json")(one))["findings"] and "gate" in json.loads(renderer("json")(gate_of_one))
    assert renderer("markdown")(one).startswith("# Translation audit:")
    assert renderer("markdown")(gate_of_one).startswith("# tqa gate")
